/**
 * The graceful drain over real sockets: `close()` stops accepting (upgrades get 503 `draining`,
 * new calls -32051), sends every session `rpc.goaway` with a reconnect window, lets calls in
 * flight finish and answers them, closes with 1012 in batches, and resolves; past `timeoutMs`
 * the rest is terminated.
 */
import { CloseCode, defineContract, ErrorCode } from '@parley/protocol';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, startServer } from './helpers/server.js';
import { closeGuardServers, httpUpgrade, startGuardServer } from './helpers/upgrade.js';

afterEach(async () => {
  await closeAll();
  await closeGuardServers();
});

/** A contract whose one method waits until the test opens its gate. */
const gated = defineContract({ methods: { 'job.wait': { params: v.object({}), result: v.string() } }, events: {} });

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('close(): graceful drain', () => {
  it('a fixture.sleep in flight completes and is answered before its connection is closed with 1012, after rpc.goaway', async () => {
    const h = await startServer();
    const client = await h.connect();
    const sleeping = client.request('fixture.sleep', { ms: 300 });
    await client.call('rpc.ping'); // frames are handled in order: the sleep is running now
    const closed = h.parley.close({ timeoutMs: 10_000 });
    expect((await sleeping).result).toEqual({ slept: 300 });
    expect((await client.closed).code).toBe(CloseCode.ServiceRestart);
    await closed;
    const goaway = client.received.find((f) => f.method === 'rpc.goaway');
    expect(goaway.params).toEqual({ reason: 'server shutting down', reconnectWindowMs: expect.any(Number) });
    expect(goaway.params.reconnectWindowMs).toBeGreaterThan(0);
    const reply = client.received.find((f) => f.result?.slept === 300);
    expect(client.received.indexOf(goaway)).toBeLessThan(client.received.indexOf(reply));
  });

  it('while draining: upgrades get 503 draining, new calls -32051 (ping still answered), the handler in flight finishes', async () => {
    const job = gate();
    const s = await startGuardServer({ contract: gated });
    s.parley.handle('job.wait', async () => {
      await job.wait;
      return 'done';
    });
    const client = await connect(s.url);
    const pending = client.request('job.wait', {});
    await client.call('rpc.ping');
    const closed = s.parley.close({ timeoutMs: 20_000 });
    await client.next((f) => f.method === 'rpc.goaway');
    expect(await httpUpgrade(s.port)).toMatchObject({ status: 503, body: 'draining' });
    expect((await client.request('job.wait', {})).error).toMatchObject({ code: ErrorCode.ShuttingDown });
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    expect(client.ws.readyState).toBe(client.ws.OPEN); // its handler is still running
    job.open();
    expect((await pending).result).toBe('done');
    expect((await client.closed).code).toBe(CloseCode.ServiceRestart);
    await closed;
  });

  it('closes in batches: every session gets goaway, then 1012; close() resolves', async () => {
    const h = await startServer({ drain: { batchSize: 2, batchIntervalMs: 20 } });
    const clients = await Promise.all(Array.from({ length: 5 }, () => h.connect()));
    const waiting = await h.connect({ hello: false });
    await h.parley.close();
    const codes = await Promise.all([...clients, waiting].map(async (c) => (await c.closed).code));
    expect(codes).toEqual(new Array<number>(6).fill(CloseCode.ServiceRestart));
    for (const c of clients) expect(c.received.filter((f) => f.method === 'rpc.goaway')).toHaveLength(1);
    expect(waiting.received.filter((f) => f.method === 'rpc.goaway')).toEqual([]); // no session, no goaway
  });

  it('past timeoutMs a handler that never ends is abandoned: its socket is terminated and close() still resolves', async () => {
    const never = gate();
    const s = await startGuardServer({ contract: gated });
    s.parley.handle('job.wait', async () => {
      await never.wait;
      return 'never';
    });
    const client = await connect(s.url);
    void client.request('job.wait', {}).catch(() => undefined);
    await client.call('rpc.ping');
    await s.parley.close({ timeoutMs: 200 });
    expect((await client.closed).code).toBe(CloseCode.Abnormal);
    never.open();
  });
});
