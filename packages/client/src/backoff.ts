/**
 * Reconnect delays: exponential backoff with full jitter, as the AWS Architecture Blog's
 * "Exponential Backoff and Jitter" describes it and centrifuge-js uses it. Attempts reset only
 * after a connection stayed up `minUptimeMs` (like partysocket), so a server that accepts and then
 * drops every connection still gets growing delays.
 *
 * @module
 */

/**
 * The reconnect policy, every field resolved.
 *
 * @example
 * ```ts
 * const policy: BackoffPolicy = { baseMs: 500, maxMs: 30_000, minUptimeMs: 5000, maxAttempts: 10 };
 * ```
 */
export interface BackoffPolicy {
  /** The first delay's upper bound; each attempt doubles it. */
  readonly baseMs: number;
  /** Upper bound of every delay. */
  readonly maxMs: number;
  /** How long a connection must stay up before the attempt count resets. */
  readonly minUptimeMs: number;
  /** Give up after this many failed attempts in a row (no limit when absent). */
  readonly maxAttempts?: number | undefined;
  /** Give up when the connection has been down this long (no limit when absent). */
  readonly giveUpAfterMs?: number | undefined;
}

/**
 * One full-jitter delay: a uniformly random whole number of milliseconds in
 * `[0, min(maxMs, baseMs · 2^attempt))`.
 *
 * @example
 * ```ts
 * fullJitter(0, 500, 30_000); // 0-499
 * fullJitter(10, 500, 30_000); // 0-29999
 * fullJitter(3, 500, 30_000, () => 0.5); // 2000
 * ```
 */
export function fullJitter(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

/**
 * Counts failed attempts and hands out the next delay.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ baseMs: 500, maxMs: 30_000, minUptimeMs: 5000 });
 * backoff.next(); // 0-499, then 0-999, 0-1999, ...
 * backoff.opened(); // a connection succeeded: the count resets if it stays up 5 s
 * ```
 */
export class Backoff {
  #failures = 0;
  #openedAt: number | undefined;
  #downSince: number | undefined;
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  readonly #now: () => number;

  /**
   * @param policy - delays and limits
   * @param random - a source of numbers in [0, 1) (tests inject their own)
   * @param now - the wall clock
   */
  constructor(policy: BackoffPolicy, random: () => number = Math.random, now: () => number = Date.now) {
    this.#policy = policy;
    this.#random = random;
    this.#now = now;
  }

  /** Failed attempts since the last connection that stayed up long enough. */
  get attempts(): number {
    return this.#failures;
  }

  /** A connection completed its handshake. */
  opened(): void {
    this.#openedAt = this.#now();
  }

  /** Forgets everything (a fresh `connect()`). */
  reset(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#downSince = undefined;
  }

  /**
   * The delay before the next attempt, counting this one; `undefined` when a limit says stop.
   * Call it once per connection loss or failed attempt.
   */
  next(): number | undefined {
    const now = this.#now();
    if (this.#openedAt !== undefined && now - this.#openedAt >= this.#policy.minUptimeMs) this.reset();
    this.#openedAt = undefined;
    this.#downSince ??= now;
    const { maxAttempts, giveUpAfterMs } = this.#policy;
    if (maxAttempts !== undefined && this.#failures >= maxAttempts) return undefined;
    if (giveUpAfterMs !== undefined && now - this.#downSince >= giveUpAfterMs) return undefined;
    return fullJitter(this.#failures++, this.#policy.baseMs, this.#policy.maxMs, this.#random);
  }
}
