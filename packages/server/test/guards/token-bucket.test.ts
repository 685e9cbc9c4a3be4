import { describe, expect, it } from 'vitest';

import { TokenBucket, assertRule } from '../../src/guards/token-bucket.js';

describe('TokenBucket', () => {
  it('starts full, refuses when empty, and refills continuously', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 }, 0);
    expect(bucket.take(1, 0)).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take(1, 0)).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take(1, 0)).toEqual({ ok: false, retryAfterMs: 1000, remaining: 0 });
    expect(bucket.take(1, 500)).toMatchObject({ ok: false, retryAfterMs: 500 });
    expect(bucket.take(1, 1000)).toEqual({ ok: true, remaining: 0 });
  });

  it('never holds more than its capacity', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 10 }, 0);
    expect(bucket.available(60_000)).toBe(3);
    expect(bucket.isFull(60_000)).toBe(true);
  });

  it('a refused take consumes nothing', () => {
    const bucket = new TokenBucket({ capacity: 5, refillPerSecond: 1 }, 0);
    bucket.take(5, 0);
    for (let i = 0; i < 100; i++) expect(bucket.take(1, 0).ok).toBe(false);
    expect(bucket.take(1, 1000).ok).toBe(true);
  });

  it('retryAfterMs is exactly when the same take succeeds', () => {
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 3 }, 0);
    bucket.take(10, 0);
    const refused = bucket.take(4, 0);
    expect(refused.ok).toBe(false);
    const wait = refused.ok ? 0 : refused.retryAfterMs;
    expect(bucket.take(4, wait - 1).ok).toBe(false);
    expect(bucket.take(4, wait).ok).toBe(true);
  });

  it('a cost above capacity passes only when full, then leaves the bucket in debt', () => {
    const bucket = new TokenBucket({ capacity: 1024, refillPerSecond: 1024 }, 0);
    expect(bucket.take(4096, 0).ok).toBe(true);
    expect(bucket.take(1, 0)).toEqual({ ok: false, retryAfterMs: 3001, remaining: -3072 });
    expect(bucket.take(4096, 3000).ok).toBe(false); // not full yet
    expect(bucket.take(1, 3001).ok).toBe(true);
  });

  it('a clock that goes backwards adds no tokens', () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, 10_000);
    bucket.take(1, 10_000);
    expect(bucket.take(1, 5_000).ok).toBe(false);
    expect(bucket.take(1, 10_999).ok).toBe(false);
    expect(bucket.take(1, 11_000).ok).toBe(true);
  });

  it('setRule keeps the tokens, capped at the new capacity', () => {
    const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 1 }, 0);
    bucket.setRule({ capacity: 4, refillPerSecond: 1 }, 0);
    expect(bucket.available(0)).toBe(4);
  });

  it.each([
    { capacity: 0, refillPerSecond: 1 },
    { capacity: 1, refillPerSecond: -1 },
    { capacity: Number.NaN, refillPerSecond: 1 },
    { capacity: 1, refillPerSecond: Infinity },
  ])('rejects the invalid rule %j', (rule) => {
    expect(() => assertRule(rule)).toThrow(RangeError);
    expect(() => new TokenBucket(rule, 0)).toThrow(RangeError);
  });
});

describe('TokenBucket.takeOrWait', () => {
  it('takes like take() and answers the wait in milliseconds, without a result object', () => {
    const a = new TokenBucket({ capacity: 2, refillPerSecond: 4 }, 0);
    const b = new TokenBucket({ capacity: 2, refillPerSecond: 4 }, 0);
    for (const [cost, now] of [[1, 0], [1, 0], [1, 0], [1, 100], [1, 250], [5, 250], [5, 2000], [1, 2000]] as const) {
      const result = a.take(cost, now);
      expect(b.takeOrWait(cost, now)).toBe(result.ok ? 0 : result.retryAfterMs);
    }
  });
});
