/** The fan-out latency curve: median p95 per step and contender (from each round's detail). */
import { spread } from '../stats.js';
import { formatNumber } from './format.js';
import type { Results } from './results.js';

interface Step {
  readonly clients: number;
  readonly p95Ms: number;
}

const stepsOf = (detail: unknown): Step[] => {
  const steps = (detail as { steps?: unknown } | undefined)?.steps;
  return Array.isArray(steps) ? (steps as Step[]) : [];
};

/** Markdown lines: one row per step, one column per contender (median p95 over the rounds that reached it). */
export function renderLatencySteps(results: Results): string[] {
  const cells = results.cells.filter((c) => c.scenario === 'fanout-latency' && c.status === 'ok');
  const contenders = results.contenders.map((c) => c.name).filter((name) => cells.some((c) => c.contender === name));
  const counts = [...new Set(cells.flatMap((c) => stepsOf(c.detail).map((s) => s.clients)))].sort((a, b) => a - b);
  if (counts.length === 0) return [];
  const lines = ['p95 broadcast latency per step (ms, median of the rounds that reached the step):', ''];
  lines.push(`| clients | ${contenders.join(' | ')} |`, `|--:|${contenders.map(() => '--:').join('|')}|`);
  for (const n of counts) {
    const values = contenders.map((name) => {
      const p95s = cells.filter((c) => c.contender === name).flatMap((c) => stepsOf(c.detail).filter((s) => s.clients === n).map((s) => s.p95Ms));
      return p95s.length === 0 ? '–' : formatNumber(spread(p95s).median);
    });
    lines.push(`| ${n} | ${values.join(' | ')} |`);
  }
  return [...lines, ''];
}
