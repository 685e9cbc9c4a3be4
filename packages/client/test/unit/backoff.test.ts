import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff, fullJitter } from '../../src/backoff.js';
import { seeded } from '../helpers/random.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('fullJitter', () => {
  it('maps random() onto [0, min(max, base * 2^attempt))', () => {
    expect(fullJitter(0, 500, 30_000, () => 0)).toBe(0);
    expect(fullJitter(0, 500, 30_000, () => 0.5)).toBe(250);
    expect(fullJitter(0, 500, 30_000, () => 0.999999)).toBe(499);
    expect(fullJitter(3, 500, 30_000, () => 0.5)).toBe(2000);
    expect(fullJitter(6, 500, 30_000, () => 0.5)).toBe(15_000); // 32000 capped at 30000
    expect(fullJitter(2000, 500, 30_000, () => 0.999999)).toBe(29_999); // 2^2000 is Infinity: still capped
  });

  it('spreads delays over the whole range (full jitter, not equal jitter)', () => {
    const random = seeded(42);
    const samples = Array.from({ length: 4000 }, () => fullJitter(4, 500, 30_000, random)); // cap 8000
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(8000);
    expect(Math.min(...samples)).toBeLessThan(400); // some clients retry almost at once
    expect(Math.max(...samples)).toBeGreaterThan(7600);
    expect(mean).toBeGreaterThan(3700);
    expect(mean).toBeLessThan(4300);
    // Each eighth of the range gets about an eighth of the samples.
    const buckets = new Array<number>(8).fill(0);
    for (const s of samples) buckets[Math.floor(s / 1000)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(400);
  });
});

describe('Backoff', () => {
  const policy = { baseMs: 500, maxMs: 30_000, minUptimeMs: 5000 };

  it('doubles the upper bound per failed attempt, up to maxMs', () => {
    const backoff = new Backoff(policy, () => 0.999999);
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    expect(backoff.attempts).toBe(9);
  });

  it('resets the attempts only after a connection stayed up minUptimeMs', () => {
    vi.useFakeTimers();
    const backoff = new Backoff(policy, () => 0.999999);
    backoff.next();
    backoff.next();
    backoff.next(); // attempt 3: bound 2000
    backoff.opened();
    vi.advanceTimersByTime(4999); // dropped before minUptimeMs: keeps growing
    expect(backoff.next()).toBe(3999);
    backoff.opened();
    vi.advanceTimersByTime(5000); // stable: starts over
    expect(backoff.next()).toBe(499);
    expect(backoff.attempts).toBe(1);
  });

  it('gives up after maxAttempts failed attempts in a row', () => {
    const backoff = new Backoff({ ...policy, maxAttempts: 2 }, () => 0);
    expect(backoff.next()).toBe(0);
    expect(backoff.next()).toBe(0);
    expect(backoff.next()).toBeUndefined();
  });

  it('gives up when down for giveUpAfterMs, counted from the first loss', () => {
    vi.useFakeTimers();
    const backoff = new Backoff({ ...policy, giveUpAfterMs: 10_000 }, () => 0);
    expect(backoff.next()).toBe(0);
    vi.advanceTimersByTime(6000);
    backoff.opened(); // a short-lived connection does not restart the clock
    vi.advanceTimersByTime(1000);
    expect(backoff.next()).toBe(0);
    vi.advanceTimersByTime(3000);
    expect(backoff.next()).toBeUndefined();
  });

  it('reset() starts over', () => {
    const backoff = new Backoff({ ...policy, maxAttempts: 1 }, () => 0.5);
    backoff.next();
    expect(backoff.next()).toBeUndefined();
    backoff.reset();
    expect(backoff.next()).toBe(250);
  });
});
