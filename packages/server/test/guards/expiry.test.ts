import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ExpiryScheduler } from '../../src/guards/expiry.js';

let expired: string[];
let scheduler: ExpiryScheduler<string>;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
  expired = [];
  scheduler = new ExpiryScheduler<string>({ onExpire: (key) => expired.push(key) });
});

afterEach(() => {
  scheduler.close();
  vi.useRealTimers();
});

describe('ExpiryScheduler', () => {
  it('expires each key at its deadline, in order, with one timer', async () => {
    const now = Date.now();
    scheduler.schedule('c', now + 3_000);
    scheduler.schedule('a', now + 1_000);
    scheduler.schedule('b', now + 2_000);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(scheduler.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a refresh replaces the deadline (the session is not closed at the old one)', async () => {
    scheduler.schedule('c1', Date.now() + 1_000);
    await vi.advanceTimersByTimeAsync(900);
    scheduler.schedule('c1', Date.now() + 5_000); // rpc.refresh with new credentials
    await vi.advanceTimersByTimeAsync(1_000);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(expired).toEqual(['c1']);
  });

  it('a refresh to an earlier deadline re-arms the timer earlier', async () => {
    scheduler.schedule('c1', Date.now() + 10_000);
    scheduler.schedule('c1', Date.now() + 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(expired).toEqual(['c1']);
  });

  it('cancel forgets a key; the last cancel clears the timer', async () => {
    scheduler.schedule('a', Date.now() + 1_000);
    scheduler.schedule('b', Date.now() + 2_000);
    scheduler.cancel('a');
    scheduler.cancel('unknown');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(expired).toEqual(['b']);
    scheduler.schedule('c', Date.now() + 1_000);
    scheduler.cancel('c');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires a deadline already past on the next timer turn, not synchronously', async () => {
    scheduler.schedule('late', Date.now() - 5_000);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(expired).toEqual(['late']);
  });

  it('handles deadlines beyond the longest setTimeout delay', async () => {
    const days30 = 30 * 24 * 3600 * 1000;
    scheduler.schedule('far', Date.now() + days30);
    await vi.advanceTimersByTimeAsync(days30 - 1);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['far']);
  });

  it('keeps memory proportional to live sessions under constant refreshes', async () => {
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) scheduler.schedule(`c${i}`, Date.now() + 60_000 + round);
    }
    expect(scheduler.size).toBe(100);
    const heap = (scheduler as unknown as { heap: unknown[] }).heap;
    expect(heap.length).toBeLessThanOrEqual(2 * 100 + 1);
    for (let i = 0; i < 90; i++) scheduler.cancel(`c${i}`);
    expect(heap.length).toBeLessThanOrEqual(Math.max(65, 2 * 10 + 1));
    await vi.advanceTimersByTimeAsync(60_100);
    expect(expired).toHaveLength(10);
    expect([...expired].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c${90 + i}`)); // equal deadlines: any order
  });

  it('a throwing onExpire does not stop the others', async () => {
    const seen: string[] = [];
    const s = new ExpiryScheduler<string>({
      onExpire: (key) => {
        seen.push(key);
        if (key === 'a') throw new Error('close failed');
      },
    });
    s.schedule('a', Date.now() + 10);
    s.schedule('b', Date.now() + 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(seen.sort()).toEqual(['a', 'b']);
    s.close();
  });

  it('a non-finite expiresAt means no expiry', () => {
    scheduler.schedule('a', Date.now() + 1_000);
    scheduler.schedule('a', Number.POSITIVE_INFINITY);
    expect(scheduler.size).toBe(0);
    expect(scheduler.expiresAt('a')).toBeUndefined();
  });
});
