/**
 * Collecting the mismatches of one case, and turning a case's run into a {@link CaseResult}.
 *
 * @module
 */
import { matchExpected } from '@parley/protocol/vectors';
import type { CaseKind, CaseResult } from '../report.js';

/**
 * Collects the mismatches of one case. Checks record and carry on, so a report shows every
 * problem of a case at once; a wait that times out throws, which ends the case.
 *
 * @example
 * ```ts
 * recorder.match('welcome', { protocol: 'parley.v1', $extra: true }, welcome);
 * recorder.check(seq2 === seq1 + 1, `seq: expected ${seq1 + 1}, got ${seq2}`);
 * ```
 */
export class Recorder {
  /** Every mismatch so far. */
  readonly details: string[] = [];
  private skipReason: string | undefined;

  /**
   * Compares `actual` with an expectation (JSON with the vectors' placeholders, see
   * `matchExpected`), records each mismatch with its path under `label`; returns whether it matched.
   *
   * @example
   * ```ts
   * recorder.match('ping reply', { jsonrpc: '2.0', id: 'k1', result: { ts: '$number' } }, reply);
   * ```
   */
  match(label: string, expected: unknown, actual: unknown): boolean {
    const problems = matchExpected(expected, actual);
    for (const problem of problems) this.details.push(`${label}: ${problem}`);
    return problems.length === 0;
  }

  /**
   * Records `message` unless `condition` holds; returns `condition`.
   *
   * @example
   * ```ts
   * recorder.check(a.id === b.id, 'both recipients got the same message id');
   * ```
   */
  check(condition: boolean, message: string): boolean {
    if (!condition) this.details.push(message);
    return condition;
  }

  /**
   * Marks the case as not applicable (it is reported as `skip` with the reason, unless something
   * already failed).
   *
   * @example
   * ```ts
   * recorder.skip('role client: a frame a server sends');
   * ```
   */
  skip(reason: string): void {
    this.skipReason = reason;
  }

  /** The skip reason, if any. */
  get skipped(): string | undefined {
    return this.skipReason;
  }
}

/**
 * Runs one case: `body` records mismatches; a throw is a failure with the error's message.
 *
 * @example
 * ```ts
 * const result = await runCase('scenario/ping', 'scenario', async (recorder) => { ... });
 * ```
 */
export async function runCase(id: string, kind: CaseKind, body: (recorder: Recorder) => Promise<void>): Promise<CaseResult> {
  const recorder = new Recorder();
  const started = performance.now();
  try {
    await body(recorder);
  } catch (error) {
    recorder.details.push(error instanceof Error ? error.message : String(error));
  }
  const durationMs = Math.round(performance.now() - started);
  if (recorder.details.length > 0) return { id, kind, status: 'fail', details: [...recorder.details], durationMs };
  if (recorder.skipped !== undefined) return { id, kind, status: 'skip', details: [recorder.skipped], durationMs };
  return { id, kind, status: 'pass', details: [], durationMs };
}
