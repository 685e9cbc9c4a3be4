/**
 * The kit's report: one result per case, and the totals.
 *
 * @module
 */

/**
 * How a case ended: `pass`, `fail`, or `skip` (not applicable to a server; the reason is in
 * `details`). Skipped cases never fail a run.
 *
 * @example
 * ```ts
 * const status: CaseStatus = 'pass';
 * ```
 */
export type CaseStatus = 'pass' | 'fail' | 'skip';

/**
 * Which part of the kit a case comes from: a frame vector, a negotiation vector, or a
 * behavioural scenario.
 *
 * @example
 * ```ts
 * const kind: CaseKind = 'scenario';
 * ```
 */
export type CaseKind = 'vector' | 'negotiation' | 'scenario';

/**
 * The outcome of one case.
 *
 * @example
 * ```ts
 * const result: CaseResult = {
 *   id: 'jsonrpc/spec-named-params', kind: 'vector', status: 'fail', durationMs: 3,
 *   details: ['$.result: expected 19, got -19'],
 * };
 * ```
 */
export interface CaseResult {
  /** `<group>/<name>`: the vector file (`jsonrpc`, `session`, ...), `negotiation` or `scenario`, then the case's name. */
  readonly id: string;
  /** Where the case comes from. */
  readonly kind: CaseKind;
  /** How it ended. */
  readonly status: CaseStatus;
  /** For `fail`: every mismatch found (`path: expected ..., got ...`); for `skip`: why. Empty for `pass`. */
  readonly details: readonly string[];
  /** How long the case took, in ms (informative). */
  readonly durationMs: number;
}

/**
 * What {@link runConformance} returns and `parley-conformance --json` prints.
 *
 * @example
 * ```ts
 * const report: Report = await runConformance({ url: 'ws://127.0.0.1:8080/parley' });
 * if (!report.ok) process.exitCode = 1;
 * ```
 */
export interface Report {
  /** The server's WebSocket URL. */
  readonly url: string;
  /** Every case run (after the filter), in run order. */
  readonly cases: readonly CaseResult[];
  /** How many passed. */
  readonly passed: number;
  /** How many failed. */
  readonly failed: number;
  /** How many were skipped. */
  readonly skipped: number;
  /** `true` when no case failed (and at least one ran). */
  readonly ok: boolean;
  /** How long the run took, in ms (informative). */
  readonly durationMs: number;
}

/**
 * Builds a report from case results, counting each status.
 *
 * @example
 * ```ts
 * const report = summarise('ws://127.0.0.1:8080/parley', results, 1200);
 * report.failed; // 0
 * ```
 */
export function summarise(url: string, cases: readonly CaseResult[], durationMs: number): Report {
  const count = (status: CaseStatus): number => cases.filter((c) => c.status === status).length;
  const passed = count('pass');
  const failed = count('fail');
  return { url, cases, passed, failed, skipped: count('skip'), ok: failed === 0 && passed > 0, durationMs };
}
