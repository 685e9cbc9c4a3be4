/**
 * A Redis outage seen by real clients: two Parley servers in this process, one reaching Redis
 * through a TCP proxy that is cut and restored. Its clients stay connected and served, their
 * publishes fail with -32050, and afterwards they get what they missed: replayed by their node
 * from the log, or (when the log no longer holds it) through a 1013 close and resume, which
 * tells them `recovered: false`.
 */
import { ErrorCode, ParleyError } from '@parley/protocol';
import { createParleyServer, type ParleyServer } from '@parley/server';
import { afterEach, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { clusterContract } from './fixtures/contract.js';
import { openClient, type TestClient } from './helpers/clients.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';
import { hostPort, TcpProxy } from './helpers/tcp-proxy.js';

describeRedis('@parley/redis: Redis outage under real clients', () => {
  const servers: ParleyServer<typeof clusterContract>[] = [];
  const clients: TestClient[] = [];
  const proxies: TcpProxy[] = [];
  let prefix = '';

  async function server(url: string, historySize: number): Promise<{ url: string; adapter: RedisAdapter; parley: ParleyServer<typeof clusterContract> }> {
    const adapter = createRedisAdapter({ url, prefix, historySize, heartbeatIntervalMs: 100, nodeTtlMs: 5000, commandTimeoutMs: 1000 });
    const parley = createParleyServer({
      contract: clusterContract,
      adapter,
      authenticate: ({ credentials }) => ({ userId: (credentials as { userId: string }).userId }),
    });
    parley.handle('test.node', () => ({ nodeId: adapter.nodeId }));
    servers.push(parley);
    const { port } = await parley.listen(0, '127.0.0.1');
    return { url: `ws://127.0.0.1:${port}/parley`, adapter, parley };
  }

  async function setup(historySize: number): Promise<{ cable: TcpProxy; cut: RedisAdapter; x: TestClient; y: TestClient; other: ParleyServer<typeof clusterContract> }> {
    const { host, port } = hostPort(REDIS_URL);
    const cable = new TcpProxy(host, port);
    proxies.push(cable);
    await cable.start();
    const a = await server(cable.url, historySize);
    const b = await server(REDIS_URL, historySize);
    const x = await openClient(a.url, 'xena', { reconnect: { baseMs: 50, maxMs: 200 } });
    const y = await openClient(b.url, 'yuri');
    clients.push(x, y);
    await x.client.subscribe('room');
    return { cable, cut: a.adapter, x, y, other: b.parley };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.client.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(proxies.splice(0).map((p) => p.cut()));
    await deleteKeys(prefix);
  });

  it('keeps the cut node\'s clients connected and served, refuses their publishes with -32050, then delivers what they missed', async () => {
    prefix = uniquePrefix('server-outage');
    const { cable, cut, x, y } = await setup(1000);
    const states: string[] = [];
    x.client.onState((change) => states.push(change.state));
    await y.client.broadcast('room', 'test.note', { n: 1, tag: 'room' });
    await until('x got 1', () => x.tagged('room').length === 1);

    await cable.cut();
    await until('the node is down', () => cut.status === 'down');
    const refused = await x.client.broadcast('room', 'test.note', { n: 0, tag: 'room' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyError);
    expect((refused as ParleyError).code).toBe(ErrorCode.Overloaded);
    expect((await x.client.call('test.node')).nodeId).toBe(cut.nodeId);
    for (let n = 2; n <= 4; n++) await y.client.broadcast('room', 'test.note', { n, tag: 'room' });

    await cable.start();
    await until('x got 2-4', () => x.tagged('room').length === 4);
    await y.client.broadcast('room', 'test.note', { n: 5, tag: 'room' });
    await until('x got 5', () => x.tagged('room').length === 5);
    expect(x.tagged('room')).toEqual([1, 2, 3, 4, 5]);
    expect(states).toEqual([]); // never disconnected
    expect(cut.stats().gapsRecovered).toBe(1);
  });

  it('when the log lost what they missed: closes them with 1013, and resume tells them recovered: false', async () => {
    prefix = uniquePrefix('server-outage-lost');
    const { cable, cut, x, y, other } = await setup(5);
    const closes: Array<number | undefined> = [];
    x.client.onState((change) => {
      if (change.state === 'reconnecting') closes.push(change.closeCode);
    });
    await y.client.broadcast('room', 'test.note', { n: 1, tag: 'room' });
    await until('x got 1', () => x.tagged('room').length === 1);
    await cable.cut();
    await until('the node is down', () => cut.status === 'down');
    for (let n = 2; n <= 400; n++) await other.broadcast('room', 'test.note', { n, tag: 'room' }); // server-side: no rate limit
    await cable.start();
    await until('x was told', () => x.recoveries.some((r) => r.stream === 'topic:room' && !r.recovered), 10_000);
    expect(closes[0]).toBe(1013);
    expect(x.recoveries.find((r) => r.stream === 'topic:room' && !r.recovered)).toMatchObject({ reason: 'window_exceeded', to: { seq: 400 } });
    await y.client.broadcast('room', 'test.note', { n: 401, tag: 'room' });
    await until('x got 401', () => x.tagged('room').includes(401));
    expect(x.tagged('room')).toEqual([1, 401]);
  });
});
