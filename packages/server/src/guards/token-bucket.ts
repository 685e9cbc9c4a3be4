/**
 * A token bucket with an injected clock: no timers, no I/O. The building block of every Parley
 * rate limit (messages/s, bytes/s, new connections/s).
 *
 * @module
 */

/**
 * The shape of a bucket: it holds at most `capacity` tokens (the burst) and gains
 * `refillPerSecond` tokens per second, continuously.
 *
 * @example
 * ```ts
 * const rule: TokenBucketRule = { capacity: 40, refillPerSecond: 20 }; // 20/s, bursts of 40
 * ```
 */
export interface TokenBucketRule {
  /** Most tokens the bucket holds: the largest burst. A positive finite number. */
  readonly capacity: number;
  /** Tokens added per second. A positive finite number. */
  readonly refillPerSecond: number;
}

/**
 * The outcome of taking tokens: allowed, or refused with the wait until the same take would
 * succeed. `remaining` is the token count after the take (negative while in debt, see
 * `TokenBucket.take`).
 *
 * @example
 * ```ts
 * const r: TakeResult = { ok: false, retryAfterMs: 50, remaining: 0.2 };
 * ```
 */
export type TakeResult = { readonly ok: true; readonly remaining: number } | { readonly ok: false; readonly retryAfterMs: number; readonly remaining: number };

/**
 * Throws a `RangeError` unless both numbers of the rule are positive and finite.
 *
 * @example
 * ```ts
 * assertRule({ capacity: 10, refillPerSecond: 5 }); // ok
 * assertRule({ capacity: 0, refillPerSecond: 5 });  // throws RangeError
 * ```
 */
export function assertRule(rule: TokenBucketRule, name = 'rule'): void {
  for (const key of ['capacity', 'refillPerSecond'] as const) {
    const value = rule[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`${name}.${key} must be a positive finite number, got ${String(value)}`);
    }
  }
}

/**
 * A token bucket. It starts full. Time comes from the `now` argument (milliseconds, any
 * monotonic-enough clock); a clock that goes backwards adds no tokens.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 }, 0);
 * bucket.take(1, 0);    // { ok: true, remaining: 1 }
 * bucket.take(1, 0);    // { ok: true, remaining: 0 }
 * bucket.take(1, 0);    // { ok: false, retryAfterMs: 1000, remaining: 0 }
 * bucket.take(1, 1000); // { ok: true, remaining: 0 }
 * ```
 */
export class TokenBucket {
  /** The bucket's rule (replaceable with {@link TokenBucket.setRule}). */
  rule: TokenBucketRule;
  /** Tokens at `updatedAt`; negative while paying off an oversized take. */
  tokens: number;
  /** Clock reading of the last update, in milliseconds. */
  updatedAt: number;

  /**
   * @param rule - capacity and refill rate (validated)
   * @param now - the current clock reading, in milliseconds
   */
  constructor(rule: TokenBucketRule, now: number) {
    assertRule(rule);
    this.rule = rule;
    this.tokens = rule.capacity;
    this.updatedAt = now;
  }

  /**
   * Takes `cost` tokens if the bucket has them. A cost larger than the capacity (one message
   * bigger than the bytes burst) is allowed only when the bucket is full, and leaves it in debt
   * so the long-run rate still holds; otherwise it could never pass.
   *
   * @param cost - tokens to take (a non-negative number; 1 per message, or a byte count)
   * @param now - the current clock reading, in milliseconds
   * @example
   * ```ts
   * const bytes = new TokenBucket({ capacity: 1024, refillPerSecond: 1024 }, 0);
   * bytes.take(4096, 0); // ok (the bucket was full), tokens now -3072
   * bytes.take(1, 0);    // { ok: false, retryAfterMs: 3001, ... }
   * ```
   */
  take(cost: number, now: number): TakeResult {
    const retryAfterMs = this.takeOrWait(cost, now);
    return retryAfterMs === 0 ? { ok: true, remaining: this.tokens } : { ok: false, retryAfterMs, remaining: this.tokens };
  }

  /**
   * {@link TokenBucket.take} without a result object (for hot paths): `0` when the tokens were
   * taken, else the milliseconds to wait (at least 1).
   *
   * @example
   * ```ts
   * const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 10 }, 0);
   * bucket.takeOrWait(1, 0); // 0
   * bucket.takeOrWait(1, 0); // 100
   * ```
   */
  takeOrWait(cost: number, now: number): number {
    this.refill(now);
    const needed = Math.min(Math.max(cost, 0), this.rule.capacity);
    if (this.tokens >= needed) {
      this.tokens -= Math.max(cost, 0);
      return 0;
    }
    return Math.max(1, Math.ceil(((needed - this.tokens) * 1000) / this.rule.refillPerSecond));
  }

  /**
   * The tokens available at `now`, without taking any.
   *
   * @example
   * ```ts
   * new TokenBucket({ capacity: 5, refillPerSecond: 1 }, 0).available(0); // 5
   * ```
   */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /**
   * Whether the bucket is full at `now`: a full bucket behaves exactly like a new one, so a store
   * may forget it.
   *
   * @example
   * ```ts
   * new TokenBucket({ capacity: 5, refillPerSecond: 1 }, 0).isFull(0); // true
   * ```
   */
  isFull(now: number): boolean {
    return this.available(now) >= this.rule.capacity;
  }

  /**
   * Replaces the rule, keeping the tokens (capped at the new capacity).
   *
   * @example
   * ```ts
   * bucket.setRule({ capacity: 10, refillPerSecond: 2 }, Date.now());
   * ```
   */
  setRule(rule: TokenBucketRule, now: number): void {
    assertRule(rule);
    this.refill(now);
    this.rule = rule;
    this.tokens = Math.min(this.tokens, rule.capacity);
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.rule.capacity, this.tokens + (elapsed * this.rule.refillPerSecond) / 1000);
      this.updatedAt = now;
    }
  }
}
