/**
 * A Redis outage for one node (a TCP proxy between its adapter and Redis, cut and restored):
 * no crash, cross-node calls fail with -32050 meanwhile, and after Redis returns the node fills
 * the gap from the log, or, when the log no longer holds it, closes the stream's recipients so
 * they resume and are told.
 */
import type { MessageDraft } from '@parley/server';
import { afterEach, expect, it } from 'vitest';
import { createRedisAdapter, isRedisUnavailable, type GapReport, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { RecordingNode } from './helpers/recording-node.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';
import { hostPort, TcpProxy } from './helpers/tcp-proxy.js';

const note = (n: number): MessageDraft => ({ stream: 'topic:t', from: null, event: 'note', data: { n } });
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeRedis('@parley/redis: Redis outage', () => {
  const adapters: RedisAdapter[] = [];
  const proxies: TcpProxy[] = [];
  let prefix = '';

  async function start(options: RedisAdapterOptions): Promise<{ adapter: RedisAdapter; node: RecordingNode; gaps: GapReport[]; events: string[] }> {
    const adapter = createRedisAdapter({ prefix, heartbeatIntervalMs: 100, nodeTtlMs: 5000, commandTimeoutMs: 1000, ...options });
    adapters.push(adapter);
    const node = new RecordingNode();
    const gaps: GapReport[] = [];
    const events: string[] = [];
    adapter.on('gap', (gap) => gaps.push(gap));
    adapter.on('up', () => events.push('up'));
    adapter.on('down', () => events.push('down'));
    await adapter.init(node);
    return { adapter, node, gaps, events };
  }

  async function proxy(): Promise<TcpProxy> {
    const { host, port } = hostPort(REDIS_URL);
    const p = new TcpProxy(host, port);
    proxies.push(p);
    await p.start();
    return p;
  }

  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.close()));
    await Promise.all(proxies.splice(0).map((p) => p.cut()));
    await deleteKeys(prefix);
  });

  it('keeps running while cut off, refuses cross-node calls with -32050, then delivers what it missed from the log, in order', async () => {
    prefix = uniquePrefix('outage');
    const cable = await proxy();
    const a = await start({ url: cable.url });
    const b = await start({ url: REDIS_URL });
    await a.adapter.watch('topic:t');
    for (let n = 1; n <= 5; n++) await b.adapter.publish(note(n));
    await until('a got 1-5', () => a.node.seqs('topic:t').length === 5);

    await cable.cut();
    await until('a is down', () => a.adapter.status === 'down');
    const refused = await a.adapter.publish(note(0)).catch((error: unknown) => error);
    expect(isRedisUnavailable(refused)).toBe(true);
    expect(isRedisUnavailable(await a.adapter.position('topic:t').catch((error: unknown) => error))).toBe(true);
    for (let n = 6; n <= 15; n++) await b.adapter.publish(note(n));

    await cable.start();
    await until('a filled the gap', () => a.node.seqs('topic:t').length === 15);
    await b.adapter.publish(note(16));
    await until('a got 16', () => a.node.seqs('topic:t').length === 16);
    expect(a.node.seqs('topic:t')).toEqual(range(1, 16));
    expect(a.node.payloads('topic:t').map((data) => (data as { n: number }).n)).toEqual(range(1, 16));
    expect(a.gaps).toEqual([{ stream: 'topic:t', recovered: true, missed: 10 }]);
    expect(a.events).toEqual(['up', 'down', 'up']);
    expect(a.adapter.stats()).toMatchObject({ status: 'up', rejected: 1, gapsRecovered: 1, gapsLost: 0 });
    expect(a.node.closedStreams).toEqual([]);
  });

  it('closes the stream\'s local recipients (1013) when the log no longer holds what it missed, then continues', async () => {
    prefix = uniquePrefix('outage-lost');
    const cable = await proxy();
    const a = await start({ url: cable.url, historySize: 5 });
    const b = await start({ url: REDIS_URL, historySize: 5 });
    await a.adapter.watch('topic:t');
    await b.adapter.publish(note(1));
    await until('a got 1', () => a.node.seqs('topic:t').length === 1);
    await cable.cut();
    await until('a is down', () => a.adapter.status === 'down');
    for (let n = 2; n <= 500; n++) await b.adapter.publish(note(n));
    await cable.start();
    await until('the gap is reported', () => a.gaps.length === 1);
    expect(a.gaps[0]).toEqual({ stream: 'topic:t', recovered: false, reason: 'window_exceeded' });
    expect(a.node.closedStreams).toEqual([{ stream: 'topic:t', code: 1013 }]);
    await b.adapter.publish(note(501));
    await until('a got 501', () => a.node.seqs('topic:t').at(-1) === 501);
    expect(a.node.seqs('topic:t')).toEqual([1, 501]);
  });

  it('starts while Redis is unreachable, keeps presence locally meanwhile, and adds it (announcing the join) once Redis is there', async () => {
    prefix = uniquePrefix('outage-presence');
    const cable = await proxy();
    await cable.cut();
    const a = await start({ url: cable.url, connectTimeoutMs: 200, heartbeatIntervalMs: 50, nodeTtlMs: 150 });
    expect(a.adapter.status).toBe('down');
    expect(a.events).toEqual(['down']);
    await a.adapter.presenceAdd({ topic: 'room', userId: 'alice', connectionId: 'ca' });
    const b = await start({ url: REDIS_URL, heartbeatIntervalMs: 50, nodeTtlMs: 150 });
    expect(await b.adapter.presenceList('room')).toEqual([]);
    await cable.start();
    await until('alice joined', () => b.node.presence.some((c) => c.type === 'join' && c.userId === 'alice'));
    expect(await b.adapter.presenceList('room')).toEqual([{ userId: 'alice', connections: 1 }]);
  });
});
