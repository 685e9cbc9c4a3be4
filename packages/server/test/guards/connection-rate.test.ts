import { describe, expect, it } from 'vitest';

import { createConnectionRateGuard } from '../../src/guards/connection-rate.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/guards/rate-limit-store.js';

describe('createConnectionRateGuard', () => {
  it('allows the burst, then answers 429 with Retry-After seconds', () => {
    let now = 0;
    const guard = createConnectionRateGuard({ perSecond: 2, burst: 3, now: () => now });
    expect([guard.check('a'), guard.check('a'), guard.check('a')]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(guard.check('a')).toEqual({ ok: false, status: 429, retryAfterMs: 500, retryAfterSeconds: 1 });
    expect(guard.check('b')).toEqual({ ok: true }); // per IP
    now = 500;
    expect(guard.check('a')).toEqual({ ok: true });
  });

  it('defaults to 10/s with bursts of 30', () => {
    const guard = createConnectionRateGuard({ now: () => 0 });
    const results = Array.from({ length: 31 }, () => guard.check('ip'));
    expect(results.filter((r) => 'ok' in r && r.ok)).toHaveLength(30);
    expect(results[30]).toMatchObject({ ok: false, status: 429, retryAfterMs: 100 });
  });

  it('works with an asynchronous store and fails open when it rejects', async () => {
    const memory = new MemoryRateLimitStore();
    const store: RateLimitStore = { consume: async (...args) => Promise.resolve(memory.consume(...args)) };
    const guard = createConnectionRateGuard({ perSecond: 1, burst: 1, store, now: () => 0 });
    expect(await guard.check('x')).toEqual({ ok: true });
    expect(await guard.check('x')).toMatchObject({ ok: false, status: 429 });

    const errors: unknown[] = [];
    const broken = createConnectionRateGuard({
      store: { consume: () => Promise.reject(new Error('down')) },
      onStoreError: (e) => errors.push(e),
    });
    expect(await broken.check('x')).toEqual({ ok: true });
    expect(errors).toHaveLength(1);
  });

  it('rejects invalid options', () => {
    expect(() => createConnectionRateGuard({ perSecond: 0 })).toThrow(RangeError);
  });
});
