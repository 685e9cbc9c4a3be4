/** Rounds → one line per scenario × contender: median and range of each metric, or why there is none. */
import type { BenchConfig } from './config.js';
import type { ContenderSpec } from './contender.js';
import { cpuMetricSpecs, type PhaseCpu } from './cpu.js';
import type { MetricSpec, Scenario } from './scenarios/types.js';
import { round3, spread, type Spread } from './stats.js';

/** One cell as run (a scenario, a contender, a round). */
export interface CellRecord {
  readonly scenario: string;
  readonly contender: string;
  readonly round: number;
  /** Position in the run (1-based), to see order effects. */
  readonly order: number;
  readonly status: 'ok' | 'error' | 'unavailable';
  readonly error?: string;
  readonly metrics?: Record<string, number>;
  readonly detail?: unknown;
  /** CPU of both processes over the scenario's measured phase, and its operations (`metrics` has the per-operation figures). */
  readonly phase?: PhaseCpu;
  /** CPU ms of the server and load-generator processes over the whole cell (process start, connecting, warm-up included). */
  readonly wholeCellCpu?: { readonly serverMs: number; readonly loadgenMs: number };
  readonly seconds: number;
}

/** A scenario × contender over all rounds. Any round with an error (e.g. a loss) makes it an error. */
export interface SummaryRow {
  readonly scenario: string;
  readonly contender: string;
  readonly status: 'ok' | 'error' | 'unavailable';
  readonly errors: readonly string[];
  readonly metrics: Record<string, Spread>;
}

/** A scenario as described in the results. */
export interface ScenarioInfo {
  readonly name: string;
  readonly title: string;
  readonly metrics: readonly MetricSpec[];
}

/** Every metric of a scenario: its own, then CPU per operation (server, load generator). */
export function scenarioMetrics(scenario: Scenario, config: BenchConfig): MetricSpec[] {
  return [...scenario.metrics(config), ...cpuMetricSpecs(scenario.operation)];
}

/** The scenarios as the results describe them, with every metric. */
export function describeScenarios(scenarios: readonly Scenario[], config: BenchConfig): ScenarioInfo[] {
  return scenarios.map((s) => ({ name: s.name, title: s.title(config), metrics: scenarioMetrics(s, config) }));
}

/** One summary row per scenario × contender, over every round. */
export function summarise(cells: readonly CellRecord[], scenarios: readonly ScenarioInfo[], contenders: readonly ContenderSpec[]): SummaryRow[] {
  return scenarios.flatMap((scenario) =>
    contenders.map((contender): SummaryRow => {
      const mine = cells.filter((c) => c.scenario === scenario.name && c.contender === contender.name);
      const errors = mine.filter((c) => c.status !== 'ok').map((c) => `round ${c.round}: ${c.error ?? c.status}`);
      const status = mine.some((c) => c.status === 'unavailable') ? 'unavailable' : errors.length > 0 || mine.length === 0 ? 'error' : 'ok';
      const metrics: Record<string, Spread> = {};
      if (status === 'ok') {
        for (const m of scenario.metrics) {
          const s = spread(mine.map((c) => c.metrics?.[m.key] ?? Number.NaN).filter(Number.isFinite));
          metrics[m.key] = { median: round3(s.median), min: round3(s.min), max: round3(s.max), n: s.n };
        }
      }
      return { scenario: scenario.name, contender: contender.name, status, errors, metrics };
    }),
  );
}
