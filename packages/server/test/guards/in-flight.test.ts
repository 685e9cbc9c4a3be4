import { describe, expect, it } from 'vitest';

import { InFlightTracker } from '../../src/guards/in-flight.js';

describe('InFlightTracker', () => {
  it('resolves idle at once when nothing runs', async () => {
    await expect(new InFlightTracker().idle()).resolves.toBeUndefined();
  });

  it('resolves idle when the last piece of work ends; a double end counts once', async () => {
    const inFlight = new InFlightTracker();
    const a = inFlight.begin();
    const b = inFlight.begin();
    let idle = false;
    const waiting = inFlight.idle().then(() => (idle = true));
    a();
    a();
    await Promise.resolve();
    expect(inFlight.count).toBe(1);
    expect(idle).toBe(false);
    b();
    await waiting;
    expect(idle).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('tracks promises until they settle, rejected ones included', async () => {
    const inFlight = new InFlightTracker();
    const ok = inFlight.track(Promise.resolve(1));
    const failed = inFlight.track(Promise.reject(new Error('x')));
    expect(inFlight.count).toBe(2);
    await expect(ok).resolves.toBe(1);
    await expect(failed).rejects.toThrow('x');
    await inFlight.idle();
    expect(inFlight.count).toBe(0);
  });
});
