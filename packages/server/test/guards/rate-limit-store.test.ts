import { describe, expect, it } from 'vitest';

import { MemoryRateLimitStore } from '../../src/guards/rate-limit-store.js';

const rule = { capacity: 2, refillPerSecond: 1 };

describe('MemoryRateLimitStore', () => {
  it('keeps one bucket per key', () => {
    const store = new MemoryRateLimitStore();
    expect(store.consume('a', 2, rule, 0).ok).toBe(true);
    expect(store.consume('a', 1, rule, 0).ok).toBe(false);
    expect(store.consume('b', 1, rule, 0).ok).toBe(true);
    expect(store.size).toBe(2);
  });

  it('never holds more than maxKeys buckets, evicting the least recently used', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 3 });
    store.consume('a', 2, rule, 0);
    store.consume('b', 2, rule, 0);
    store.consume('c', 2, rule, 0);
    store.consume('a', 0, rule, 0); // touch: b is now the oldest
    store.consume('d', 2, rule, 0);
    expect(store.size).toBe(3);
    expect(store.consume('a', 1, rule, 0).ok).toBe(false); // kept: still empty
    expect(store.consume('b', 1, rule, 0).ok).toBe(true); // evicted: came back full
  });

  it('keeps a bucket used between evictions through a flood of new keys (second chance, no reordering per use)', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 3 });
    store.consume('hot', 2, rule, 0);
    for (let i = 0; i < 50; i++) {
      store.consume(`new:${i}`, 1, rule, 0);
      store.consume('hot', 0, rule, 0);
    }
    expect(store.size).toBe(3);
    expect(store.consume('hot', 1, rule, 0).ok).toBe(false); // never evicted: still empty
    expect(store.consume('new:0', 1, rule, 0).ok).toBe(true); // long gone: came back full
  });

  it('stays bounded under a flood of distinct keys', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 1000 });
    for (let i = 0; i < 20_000; i++) store.consume(`ip:${i}`, 1, rule, i);
    expect(store.size).toBeLessThanOrEqual(1000);
  });

  it('sweeps buckets that refilled to full, at most once per interval', () => {
    const store = new MemoryRateLimitStore({ sweepIntervalMs: 10_000 });
    store.consume('idle', 1, rule, 0);
    store.consume('busy', 2, rule, 0);
    expect(store.size).toBe(2);
    store.consume('busy', 0, rule, 5_000); // before the interval: no sweep
    expect(store.size).toBe(2);
    store.consume('busy', 2, rule, 10_000); // sweep: both are full at 10 s, then busy is re-created
    expect(store.size).toBe(1);
    expect(store.consume('busy', 1, rule, 10_000).ok).toBe(false);
  });

  it('replaces the rule when a key is used with another one', () => {
    const store = new MemoryRateLimitStore();
    store.consume('k', 0, { capacity: 10, refillPerSecond: 1 }, 0);
    expect(store.consume('k', 3, { capacity: 4, refillPerSecond: 1 }, 0).ok).toBe(true); // capped at 4, 1 left
    expect(store.consume('k', 2, { capacity: 4, refillPerSecond: 1 }, 0).ok).toBe(false);
    expect(store.consume('k', 1, { capacity: 4, refillPerSecond: 1 }, 0).ok).toBe(true);
  });

  it('delete forgets a bucket', () => {
    const store = new MemoryRateLimitStore();
    store.consume('k', 2, rule, 0);
    store.delete('k');
    expect(store.size).toBe(0);
    expect(store.consume('k', 2, rule, 0).ok).toBe(true);
  });

  it('rejects a non-positive maxKeys', () => {
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(RangeError);
  });
});
