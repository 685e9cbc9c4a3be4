import { CloseCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { startProxy, type Proxy } from '../helpers/proxy.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { waitForState, waitUntil } from '../helpers/wait.js';

let proxy: Proxy | undefined;

afterEach(async () => {
  await closeClients();
  await proxy?.close();
  proxy = undefined;
  await stopAll();
});

describe('heartbeat', () => {
  it('detects a black-holed connection, closes it and reconnects', async () => {
    // The server's own ping is slow here, so only the client's heartbeat can notice.
    const server = await startServer({ heartbeatIntervalMs: 60_000, heartbeatTimeoutMs: 60_000 });
    proxy = await startProxy(server.port);
    const c = client({
      url: `ws://127.0.0.1:${proxy.port}${server.parley.path}`,
      contract,
      heartbeat: { intervalMs: 150, timeoutMs: 150 },
      reconnect: { baseMs: 10 },
    });
    await c.connect();
    expect(await c.call('fixture.echo', { value: 1 })).toBe(1);
    // Its reply is lost with the connection; idempotent, it is re-sent once the session resumes.
    const inFlight = expect(c.call('fixture.echo', { value: 'lost' }, { timeoutMs: 60_000 })).resolves.toBe('lost');
    proxy.blackhole();
    await waitUntil(() => c.changes.some((change) => change.state === 'reconnecting'), 10_000, 'dead connection noticed');
    expect(c.changes.find((change) => change.state === 'reconnecting')).toMatchObject({ closeCode: CloseCode.Abnormal, reason: 'heartbeat timeout' });
    await inFlight;
    await waitForState(c, 'open');
    expect(proxy.accepted).toBe(2);
    expect(await c.call('fixture.echo', { value: 2 })).toBe(2);
  });

  it('keeps an idle but healthy connection open (pings are answered)', async () => {
    const server = await startServer({ heartbeatIntervalMs: 60_000, heartbeatTimeoutMs: 60_000 });
    const c = client({ url: server.url, contract, heartbeat: { intervalMs: 50, timeoutMs: 100 } });
    await c.connect();
    await new Promise((resolve) => setTimeout(resolve, 600)); // several ping rounds
    expect(c.state).toBe('open');
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'open']);
  });

  it('uses the timing the server advertises unless overridden', async () => {
    const server = await startServer({ heartbeatIntervalMs: 1234, heartbeatTimeoutMs: 567 });
    const c = client({ url: server.url, contract });
    await c.connect();
    expect(c.session?.heartbeat).toEqual({ intervalMs: 1234, timeoutMs: 567 });
  });
});
