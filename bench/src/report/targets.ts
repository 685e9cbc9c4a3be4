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

/** Markdown lines for the targets section; empty when Parley did not run. */
export function renderTargets(results: Results): string[] {
  if (!results.summary.some((r) => r.contender === 'parley' && r.status === 'ok')) return [];
  const lines = ['## Targets (issue 8)', '', '| target | Parley ÷ other (median) | met |', '|---|--:|:-:|'];
  for (const t of targets(results)) {
    const ratio = median(results, t.scenario, 'parley', t.metric) / median(results, t.scenario, t.against, t.metric);
    const met = !Number.isFinite(ratio) ? 'not measured' : (t.min === undefined || ratio >= t.min) && (t.max === undefined || ratio <= t.max) ? 'yes' : 'NO';
    lines.push(`| ${t.text} | ${formatRatio(ratio)} | ${met} |`);
  }
  const largest = Math.max(...results.config.idleMemory.sizes);
  const row = results.summary.find((r) => r.scenario === 'idle-memory' && r.contender === 'parley');
  if (row !== undefined) lines.push(`| ${largest} connections with heartbeats | ${row.status} | ${row.status === 'ok' ? 'yes' : 'NO'} |`);
  return [...lines, ''];
}
