/** The issue's targets for Parley, checked against the medians of a run. */
import { LOADGEN_US_PER_OP, SERVER_US_PER_OP } from '../cpu.js';
import { formatRatio } from './format.js';
import type { Results } from './results.js';

/** The issue the targets come from (headings in latest.md and the README). */
export const TARGETS_ISSUE = 14;

/** One target: Parley's median ÷ another contender's median must be within a bound. */
interface Target {
  readonly text: string;
  readonly scenario: string;
  readonly metric: string;
  readonly against: string;
  readonly min?: number;
  readonly max?: number;
}

function targets(results: Results): Target[] {
  const largest = Math.max(...results.config.idleMemory.sizes);
  const burst = 'fanout-burst';
  return [
    { text: 'Client inbound (fan-out burst), load generator CPU per delivery ≤ 1.5× ws frame-once', scenario: burst, metric: LOADGEN_US_PER_OP, against: 'ws-frame-once', max: 1.5 },
    { text: 'Client inbound (fan-out burst), load generator CPU per delivery ≤ 1.15× parse-only client', scenario: burst, metric: LOADGEN_US_PER_OP, against: 'parley-parse-only', max: 1.15 },
    { text: 'Fan-out burst, server CPU per delivery ≤ 1.05× ws frame-once', scenario: burst, metric: SERVER_US_PER_OP, against: 'ws-frame-once', max: 1.05 },
    { text: 'RPC echo, server CPU per call ≤ 1.15× raw ws', scenario: 'rpc-echo', metric: SERVER_US_PER_OP, against: 'ws-naive', max: 1.15 },
    { text: 'RPC echo calls/s ≥ 0.85× raw ws', scenario: 'rpc-echo', metric: 'callsPerSec', against: 'ws-naive', min: 0.85 },
    { text: 'RPC echo p99 ≤ 1.3× raw ws', scenario: 'rpc-echo', metric: 'p99Ms', against: 'ws-naive', max: 1.3 },
    { text: 'Private messages msgs/s ≥ 1.1× Socket.IO', scenario: 'private', metric: 'messagesPerSec', against: 'socketio', min: 1.1 },
    { text: 'Private messages msgs/s ≥ 0.8× raw ws', scenario: 'private', metric: 'messagesPerSec', against: 'ws-naive', min: 0.8 },
    { text: 'Private messages p99 ≤ 1.5× raw ws', scenario: 'private', metric: 'p99Ms', against: 'ws-naive', max: 1.5 },
    { text: 'Handshakes/s ≥ 0.85× raw ws', scenario: 'connect-rate', metric: 'handshakesPerSec', against: 'ws-naive', min: 0.85 },
    { text: `Idle heap per connection (${largest}) ≤ 1.3× raw ws`, scenario: 'idle-memory', metric: `heapPerConn_${largest}`, against: 'ws-naive', max: 1.3 },
  ];
}

const median = (results: Results, scenario: string, contender: string, metric: string): number => {
  const row = results.summary.find((r) => r.scenario === scenario && r.contender === contender);
  return row?.status === 'ok' ? (row.metrics[metric]?.median ?? Number.NaN) : Number.NaN;
};

/** One target's verdict: the ratio and `yes`, `NO` or `not measured`. */
export interface TargetRow {
  readonly text: string;
  readonly ratio: string;
  readonly met: 'yes' | 'NO' | 'not measured';
}

/** Every target with its verdict, then the idle-connections check; empty when Parley did not run. */
export function targetRows(results: Results): TargetRow[] {
  if (!results.summary.some((r) => r.contender === 'parley' && r.status === 'ok')) return [];
  const rows: TargetRow[] = targets(results).map((t) => {
    const ratio = median(results, t.scenario, 'parley', t.metric) / median(results, t.scenario, t.against, t.metric);
    const met = !Number.isFinite(ratio) ? 'not measured' : (t.min === undefined || ratio >= t.min) && (t.max === undefined || ratio <= t.max) ? 'yes' : 'NO';
    return { text: t.text, ratio: formatRatio(ratio), met };
  });
  const largest = Math.max(...results.config.idleMemory.sizes);
  const row = results.summary.find((r) => r.scenario === 'idle-memory' && r.contender === 'parley');
  const settle = results.config.idleMemory.settleMs / 1000;
  const text = `${largest} connections held idle for ${settle} s, server heartbeat on, none lost`;
  if (row !== undefined) rows.push({ text, ratio: row.status, met: row.status === 'ok' ? 'yes' : 'NO' });
  return rows;
}

/** Markdown lines for the targets section; empty when Parley did not run. */
export function renderTargets(results: Results): string[] {
  const rows = targetRows(results);
  if (rows.length === 0) return [];
  const lines = [`## Targets (issue ${TARGETS_ISSUE})`, '', '| target | Parley ÷ other (median) | met |', '|---|--:|:-:|'];
  for (const t of rows) lines.push(`| ${t.text} | ${t.ratio} | ${t.met} |`);
  return [...lines, ''];
}
