/** The targets for Parley, checked against the medians of a run. */
import type { Results } from './results.js';
import { formatRatio } from './format.js';

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
  return [
    { text: 'Fan-out burst ≥ 0.9× ws frame-once', scenario: 'fanout-burst', metric: 'deliveriesPerSec', against: 'ws-frame-once', min: 0.9 },
    { text: 'Fan-out burst ≥ 3× Socket.IO', scenario: 'fanout-burst', metric: 'deliveriesPerSec', against: 'socketio', min: 3 },
    { text: 'RPC echo calls/s ≥ 0.9× raw ws', scenario: 'rpc-echo', metric: 'callsPerSec', against: 'ws-naive', min: 0.9 },
    { text: 'RPC echo p99 ≤ 1.2× raw ws', scenario: 'rpc-echo', metric: 'p99Ms', against: 'ws-naive', max: 1.2 },
    { text: `Idle heap per connection (${largest}) ≤ 1.5× raw ws`, scenario: 'idle-memory', metric: `heapPerConn_${largest}`, against: 'ws-naive', max: 1.5 },
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

/** Every target with its verdict, then the 10,000-connection check; empty when Parley did not run. */
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
  const lines = ['## Targets (issue 8)', '', '| target | Parley ÷ other (median) | met |', '|---|--:|:-:|'];
  for (const t of rows) lines.push(`| ${t.text} | ${t.ratio} | ${t.met} |`);
  return [...lines, ''];
}
