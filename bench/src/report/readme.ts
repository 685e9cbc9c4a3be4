/**
 * The README's performance section, rendered from one results document, so the README shows
 * exactly one run's figures (`node bench/run.mjs --readme` rewrites it; a test checks the README
 * still matches bench/results/latest.json).
 */
import { LOADGEN_US_PER_OP, SERVER_US_PER_OP } from '../cpu.js';
import type { MetricSpec } from '../scenarios/types.js';
import { formatRatio, formatValue } from './format.js';
import type { Results } from './results.js';
import { TARGETS_ISSUE, targetRows } from './targets.js';

/** The markers around the generated part of README.md. */
export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

const AGAINST = [
  ['ws-naive', 'raw ws, naive'],
  ['ws-frame-once', 'raw ws, frame once + corked'],
  ['socketio', 'Socket.IO 4.8'],
] as const;

/**
 * Said under the table: the scenarios do not ask the same of every contender. Parley's `send` and
 * `broadcast` are calls, so the server answers each one to its sender; the other contenders emit and
 * forget.
 */
const ACKNOWLEDGED =
  "Parley's broadcasts and private messages are acknowledged: `client.send` and `client.broadcast` are calls, and the " +
  'server answers each one to its sender, one more frame per message. The ws and Socket.IO contenders send without ' +
  'an acknowledgement. In the private ping-pong this is one frame in three.';

interface Row {
  readonly label: string;
  readonly scenario: string;
  readonly metric: string;
}

function rows(results: Results): Row[] {
  const largest = Math.max(...results.config.idleMemory.sizes);
  const c = results.config;
  return [
    { label: `fan-out burst, deliveries/s (${c.fanoutBurst.clients.toLocaleString('en-US')} clients)`, scenario: 'fanout-burst', metric: 'deliveriesPerSec' },
    { label: `RPC echo, calls/s (${c.rpcEcho.clients} clients)`, scenario: 'rpc-echo', metric: 'callsPerSec' },
    { label: 'RPC echo, p99', scenario: 'rpc-echo', metric: 'p99Ms' },
    { label: `idle heap per connection at ${largest.toLocaleString('en-US')}`, scenario: 'idle-memory', metric: `heapPerConn_${largest}` },
    { label: `private messages, msgs/s (${c.private.pairs.toLocaleString('en-US')} pairs)`, scenario: 'private', metric: 'messagesPerSec' },
    { label: `largest fan-out step with p95 < ${c.fanoutLatency.thresholdMs} ms`, scenario: 'fanout-latency', metric: 'maxClients' },
    { label: 'handshakes/s (with hello/welcome)', scenario: 'connect-rate', metric: 'handshakesPerSec' },
  ];
}

const spec = (results: Results, scenario: string, metric: string): MetricSpec | undefined =>
  results.scenarios.find((s) => s.name === scenario)?.metrics.find((m) => m.key === metric);

const median = (results: Results, scenario: string, contender: string, metric: string): number => {
  const row = results.summary.find((r) => r.scenario === scenario && r.contender === contender);
  return row?.status === 'ok' ? (row.metrics[metric]?.median ?? Number.NaN) : Number.NaN;
};

/** Short names of the scenarios for the CPU rows. */
const SCENARIO_LABELS: Readonly<Record<string, string>> = {
  'fanout-burst': 'fan-out burst',
  'fanout-latency': 'fan-out latency steps',
  'rpc-echo': 'RPC echo',
  private: 'private messages',
  'idle-memory': 'idle connections',
  'connect-rate': 'connection setup',
};

/** One row per scenario and process: CPU per operation (absent from results older than these figures). */
function cpuRows(results: Results): Row[] {
  return results.scenarios.flatMap((s) =>
    [SERVER_US_PER_OP, LOADGEN_US_PER_OP].map((metric) => ({
      label: `${SCENARIO_LABELS[s.name] ?? s.name}, ${spec(results, s.name, metric)?.label ?? metric}`,
      scenario: s.name,
      metric,
    })),
  );
}

const CPU_NOTE =
  "CPU time per operation: each process's CPU (user + system) over the scenario's measured phase only (no start-up, " +
  'connecting or warm-up), ÷ the operations completed in it. The load generator runs every client, so its figure is ' +
  "mostly the client library's cost, plus the scenario's own bookkeeping, the same for every contender " +
  '([what each scenario counts](bench/README.md#cpu-time-per-operation)).';

const table = (first: string, body: string[]): string[] => [
  `| ${first} | Parley | ${AGAINST.map(([, label]) => label).join(' | ')} |`,
  `|---|--:|${AGAINST.map(() => '--:').join('|')}|`,
  ...body,
];

/** The row's line (Parley's median, then Parley ÷ each other contender), or none when Parley has no figure. */
function tableRow(results: Results, row: Row, sayLower: boolean): string[] {
  const metric = spec(results, row.scenario, row.metric);
  const parley = median(results, row.scenario, 'parley', row.metric);
  if (metric === undefined || !Number.isFinite(parley)) return [];
  const unit = metric.unit === 'ms' || metric.unit === 'µs' ? ` ${metric.unit}` : '';
  const lower = sayLower && metric.better === 'lower' ? ' (lower is better)' : '';
  const ratios = AGAINST.map(([name]) => formatRatio(parley / median(results, row.scenario, name, row.metric)));
  return [`| ${row.label}${lower} | ${formatValue(parley, metric)}${unit} | ${ratios.join(' | ')} |`];
}

/** The generated part of the README's performance section (without the markers). */
export function renderReadme(results: Results): string {
  const { machine } = results;
  const lines = [
    `Measured ${results.generatedAt.slice(0, 10)} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, with`,
    `\`${results.command}\` (load average at start ${machine.loadavgAtStart[0] ?? '?'}): loopback, server and load generator in`,
    `separate processes, every contender alternating in the same invocation; medians of ${results.config.rounds} round(s);`,
    'ratios are Parley ÷ contender ([full tables](bench/results/latest.md), [chart](bench/results/latest.svg)).',
    '',
    ...table('scenario', rows(results).flatMap((row) => tableRow(results, row, true))),
  ];
  const cpu = cpuRows(results).flatMap((row) => tableRow(results, row, false));
  if (cpu.length > 0) lines.push('', CPU_NOTE, '', ...table('CPU time per operation (lower is better)', cpu));
  lines.push('', ACKNOWLEDGED);
  const targets = targetRows(results);
  if (targets.length > 0) {
    lines.push('', `Targets from issue ${TARGETS_ISSUE}:`, '');
    for (const t of targets) lines.push(`- ${t.text}: ${t.ratio === 'ok' ? 'held' : t.ratio}, ${t.met === 'yes' ? 'met' : t.met === 'NO' ? '**not met**' : t.met}`);
  }
  return lines.join('\n');
}

/** `readme` with the text between the markers replaced by {@link renderReadme}. */
export function updateReadme(readme: string, results: Results): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  return `${readme.slice(0, start + README_START.length)}\n${renderReadme(results)}\n${readme.slice(end)}`;
}
