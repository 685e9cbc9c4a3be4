import { ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { waitForState, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
});

describe('send window (welcome.limits.maxPendingRequests)', () => {
  it('regression: a burst of 100 broadcasts past maxPendingRequests (64) is not refused with LimitExceeded', async () => {
    // The burst is over the default message rate limit too, a different guard: off here.
    const server = await startServer({ rateLimit: false });
    const c = client({ url: server.url, contract });
    await c.connect();
    expect(c.session?.limits.maxPendingRequests).toBe(64);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => c.broadcast('room:burst', 'fixture.note', { text: String(i) })));
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(c.errors).toEqual([]);
  });

  it('holds calls past the limit and sends them, in order, as replies come back', async () => {
    const server = await startServer({ maxPendingRequests: 3 });
    const c = client({ url: server.url, contract });
    await c.connect();
    const order: number[] = [];
    const calls = Array.from({ length: 20 }, (_, i) =>
      c.call('fixture.sleep', { ms: 5 }).then(() => {
        order.push(i);
        return i;
      }),
    );
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('never has more calls running on the server than the limit allows', async () => {
    // Started on the server (authorizeMethod runs before each handler) less answered at the
    // client is an upper bound of what the server runs at once.
    let started = 0;
    let answered = 0;
    let most = 0;
    const server = await startServer({
      maxPendingRequests: 4,
      authorizeMethod: () => {
        started++;
        most = Math.max(most, started - answered);
        return true;
      },
    });
    const c = client({ url: server.url, contract });
    await c.connect();
    await Promise.all(Array.from({ length: 30 }, () => c.call('fixture.sleep', { ms: 5 }).then(() => answered++)));
    expect(started).toBe(30);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3); // one slot stays free for the heartbeat's ping
  });

  it('passes the offline queue through the window at the welcome', async () => {
    const server = await startServer({ maxPendingRequests: 3 });
    const c = client({ url: server.url, contract, autoConnect: false });
    const calls = Array.from({ length: 12 }, (_, i) => c.call('fixture.echo', { value: i }));
    await c.connect();
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('a waiting call aborted before its turn is never sent', async () => {
    const echoed: unknown[] = [];
    const server = await startServer({
      maxPendingRequests: 2,
      authorizeMethod: (_ctx, method, params) => {
        if (method === 'fixture.echo') echoed.push(params);
        return true;
      },
    });
    const c = client({ url: server.url, contract });
    await c.connect();
    const controller = new AbortController();
    const slow = c.call('fixture.sleep', { ms: 100 });
    const aborted = c.call('fixture.echo', { value: 'aborted' }, { signal: controller.signal });
    const after = c.call('fixture.echo', { value: 'after' });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ErrorCode.Aborted });
    expect(await after).toBe('after');
    await slow;
    expect(echoed).toEqual([{ value: 'after' }]);
  });

  it('calls waiting when the connection drops go out after the reconnect', async () => {
    const first = await startServer({ maxPendingRequests: 2 });
    const c = client({ url: first.url, contract, reconnect: { baseMs: 20, maxMs: 100 } });
    await c.connect();
    const calls = Array.from({ length: 6 }, (_, i) => c.call('fixture.echo', { value: i }));
    await first.stop();
    await waitForState(c, 'reconnecting');
    await startServer({ maxPendingRequests: 2 }, first.port);
    await waitUntil(() => c.state === 'open', 10_000, 'reconnect');
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 6 }, (_, i) => i));
  });
});
