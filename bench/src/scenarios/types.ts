/** What a scenario is, and what the load generator gives it to run with. */
import type { BenchConfig } from '../config.js';
import type { ContenderModule, ContenderSpec } from '../contender.js';
import type { PhaseCpu } from '../cpu.js';

/** One number a scenario reports. */
export interface MetricSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** Shown in the ratio tables and the chart. */
  readonly headline?: boolean;
  /** Shown in a ratio table without being a headline (not in the chart). */
  readonly ratio?: boolean;
}

/** The server's memory, connection count and CPU time, as its process measured them. */
export interface ServerProbe {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly connections: number;
  /** CPU µs (user + system) the server process had used when the probe arrived, before any GC it asked for. */
  readonly cpuUs: number;
}

/** What a scenario returns: its metrics, its measured phase's CPU, anything worth keeping (e.g. latency steps). */
export interface ScenarioOutcome {
  readonly metrics: Record<string, number>;
  /** Both processes' CPU over the measured phase only (no process start, no connecting, no warm-up). */
  readonly phase: PhaseCpu;
  readonly detail?: unknown;
}

/** The load generator's side of one cell. */
export interface LoadgenContext {
  readonly module: ContenderModule;
  readonly spec: ContenderSpec;
  readonly url: string;
  readonly config: BenchConfig;
  /** Filler of `config.payloadBytes` characters. */
  readonly payload: string;
  /** Asks the server process for its CPU time, memory (after a full GC when `gc`) and connection count. */
  probe(gc: boolean): Promise<ServerProbe>;
  /** Records an asynchronous failure; the scenario fails at its next check. */
  fail(error: Error): void;
  /** Throws the first recorded failure, if any. */
  check(): void;
}

/** A scenario: described once, run in the load generator. */
export interface Scenario {
  readonly name: string;
  /** What one operation of the measured phase is, singular (`delivery`, `call`): CPU is reported per one. */
  readonly operation: string;
  readonly title: (config: BenchConfig) => string;
  readonly metrics: (config: BenchConfig) => readonly MetricSpec[];
  readonly run: (ctx: LoadgenContext) => Promise<ScenarioOutcome>;
}

/** A message that should have arrived did not (or arrived twice, or out of order). */
export class LossError extends Error {
  override readonly name = 'LossError';
}
