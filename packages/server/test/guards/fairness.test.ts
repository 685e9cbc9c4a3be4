import { describe, expect, it } from 'vitest';

import { createRateLimiter } from '../../src/guards/rate-limiter.js';

// The unit-level version of the fairness requirement: one client floods at 1,000 requests/s
// while 20 well-behaved clients send 5 requests/s each, all from the same IP (as over loopback),
// through the default limits, over a simulated 5 s on an injected clock.
describe('rate-limit fairness with default limits', () => {
  it('throttles a 1,000 req/s flooder and limits none of 20 clients at 5 req/s', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ now: () => now });
    const ip = '127.0.0.1';
    const flooder = limiter.forConnection({ connectionId: 'flood', ip, userId: 'mallory' });
    const clients = Array.from({ length: 20 }, (_, i) => limiter.forConnection({ connectionId: `c${i}`, ip, userId: `user${i}` }));

    const flood = { accepted: 0, refused: 0, closeVerdictAt: -1 };
    const served = new Array<number>(20).fill(0);
    const limited = new Array<number>(20).fill(0);
    const frameBytes = 120;

    for (let ms = 0; ms < 5_000; ms++) {
      now = 1_000_000 + ms;
      const v = flooder.checkFrame(frameBytes); // one request every millisecond
      if (v instanceof Promise) throw new Error('memory store answers synchronously');
      if (v.ok) flood.accepted++;
      else {
        flood.refused++;
        if (v.close && flood.closeVerdictAt < 0) flood.closeVerdictAt = ms;
      }
      // each client sends every 200 ms, staggered by 10 ms
      clients.forEach((client, i) => {
        if ((ms - i * 10) % 200 !== 0) return;
        const r = client.checkFrame(frameBytes);
        if (r instanceof Promise) throw new Error('memory store answers synchronously');
        if (r.ok) served[i] = (served[i] ?? 0) + 1;
        else limited[i] = (limited[i] ?? 0) + 1;
      });
    }

    // Flooder: the burst (40) plus 20/s for 5 s, and no more.
    expect(flood.accepted).toBeLessThanOrEqual(40 + 20 * 5 + 1);
    expect(flood.refused).toBeGreaterThan(4_800);
    expect(flood.closeVerdictAt).toBeGreaterThanOrEqual(0); // sustained abuse earns close 4429
    // Everyone else: every request served.
    expect(limited).toEqual(new Array<number>(20).fill(0));
    expect(served).toEqual(new Array<number>(20).fill(25));
  });
});
