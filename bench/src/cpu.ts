/**
 * CPU time per operation, the figure the project judges performance by on a small shared
 * machine (where throughput mixes the server with the load generator): each process's CPU
 * (user + system) over a scenario's measured phase, divided by the operations that phase completed.
 */
import type { MetricSpec } from './scenarios/types.js';

/** CPU time (user + system) this process used so far, in µs. */
export function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** What a scenario's measured phase cost each process, and how many operations it completed. */
export interface PhaseCpu {
  /** Operations completed in the phase (deliveries, calls, handshakes, ...: the scenario's `operation`). */
  readonly ops: number;
  /** CPU µs the server process used in the phase. */
  readonly serverUs: number;
  /** CPU µs the load-generator process used in the phase. */
  readonly loadgenUs: number;
}

/** Metric keys of the two per-operation figures. */
export const SERVER_US_PER_OP = 'serverUsPerOp';
export const LOADGEN_US_PER_OP = 'loadgenUsPerOp';

/**
 * The two per-operation metrics every scenario reports, named after its operation.
 *
 * @example
 * cpuMetricSpecs('delivery')[0].label; // 'server CPU/delivery'
 */
export function cpuMetricSpecs(operation: string): MetricSpec[] {
  return [
    { key: SERVER_US_PER_OP, label: `server CPU/${operation}`, unit: 'µs', better: 'lower', ratio: true },
    { key: LOADGEN_US_PER_OP, label: `load generator CPU/${operation}`, unit: 'µs', better: 'lower', ratio: true },
  ];
}

/** The per-operation metrics of a phase; NaN when it completed no operation. */
export function perOpMetrics(phase: PhaseCpu): Record<string, number> {
  const per = (us: number): number => (phase.ops > 0 ? us / phase.ops : Number.NaN);
  return { [SERVER_US_PER_OP]: per(phase.serverUs), [LOADGEN_US_PER_OP]: per(phase.loadgenUs) };
}
