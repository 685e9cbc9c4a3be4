/** latest.md: one table per scenario (median [min–max]), ratio tables, per-step latency, targets. */
import type { SummaryRow } from '../summary.js';
import type { MetricSpec } from '../scenarios/types.js';
import { formatRatio, formatSpread } from './format.js';
import { renderLatencySteps } from './latency-steps.js';
import type { Results } from './results.js';
import { renderTargets } from './targets.js';

/** Units said once in the column header (bytes are formatted per cell). */
const UNITS_IN_HEADER = new Set(['ms', '/s', 'µs']);

function header(results: Results): string[] {
  const m = results.machine;
  return [
    '# Parley benchmarks: side by side with raw ws and Socket.IO',
    '',
    `Generated ${results.generatedAt} by \`${results.command}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ` +
      `Node ${m.node}, ${m.platform} (load average at start: ${m.loadavgAtStart.join(', ')}).`,
    '',
    'Each server runs in its own process and the load generator in another, both on 127.0.0.1; a fresh pair of processes ' +
      'per cell. Every contender runs once per scenario per round, in rotating order. Cells show the median of ' +
      `${results.config.rounds} round(s) with [min–max]. Every scenario checks that no message was lost: a round with a ` +
      'loss is an error, not a number.',
    '',
    'CPU/operation columns: CPU time (user + system) of the server process and of the load-generator process (every ' +
      "client) over the scenario's measured phase only, ÷ the operations completed in it (bench/README.md says what each " +
      'scenario counts).',
    '',
    ...results.contenders.map((c) => `- **${c.name}**: ${c.label}${c.status === 'unavailable' ? ` — unavailable (${c.reason ?? ''})` : ''}`),
    '',
  ];
}

function cell(row: SummaryRow | undefined, metric: MetricSpec): string {
  if (row === undefined) return '–';
  if (row.status === 'unavailable') return 'unavailable';
  if (row.status === 'error') return '**error**';
  const s = row.metrics[metric.key];
  return s === undefined ? '–' : formatSpread(s, metric);
}

function ratioTable(rows: readonly SummaryRow[], metric: MetricSpec): string[] {
  const ok = rows.filter((r) => r.status === 'ok' && Number.isFinite(r.metrics[metric.key]?.median));
  if (ok.length < 2) return [];
  const value = (r: SummaryRow): number => r.metrics[metric.key]?.median ?? Number.NaN;
  return [
    `Ratio of medians, ${metric.label} (row ÷ column; ${metric.better} is better):`,
    '',
    `| | ${ok.map((r) => r.contender).join(' | ')} |`,
    `|---|${ok.map(() => '--:').join('|')}|`,
    ...ok.map((a) => `| **${a.contender}** | ${ok.map((b) => formatRatio(value(a) / value(b))).join(' | ')} |`),
    '',
  ];
}

/** The whole markdown report. */
export function renderMarkdown(results: Results): string {
  const lines = header(results);
  for (const scenario of results.scenarios) {
    const rows = results.summary.filter((r) => r.scenario === scenario.name);
    lines.push(`## ${scenario.title}`, '');
    lines.push(`| contender | ${scenario.metrics.map((m) => `${m.label}${UNITS_IN_HEADER.has(m.unit) ? ` (${m.unit})` : ''}`).join(' | ')} |`);
    lines.push(`|---|${scenario.metrics.map(() => '--:').join('|')}|`);
    for (const row of rows) lines.push(`| ${row.contender} | ${scenario.metrics.map((m) => cell(row, m)).join(' | ')} |`);
    lines.push('');
    const errors = rows.filter((r) => r.status === 'error').flatMap((r) => r.errors.map((e) => `- ${r.contender}, ${e}`));
    if (errors.length > 0) lines.push('Errors:', '', ...errors, '');
    for (const metric of scenario.metrics.filter((m) => m.headline === true || m.ratio === true)) lines.push(...ratioTable(rows, metric));
    if (scenario.name === 'fanout-latency') lines.push(...renderLatencySteps(results));
  }
  lines.push(...renderTargets(results));
  lines.push('![chart](latest.svg)', '');
  return lines.join('\n');
}
