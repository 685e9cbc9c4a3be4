/**
 * Presence, connections, sessions and disconnect-user across nodes, and the reaping of a node
 * that stops heartbeating: several adapters in this process against the real Redis.
 */
import { createClient } from 'redis';
import { afterEach, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { RecordingNode } from './helpers/recording-node.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';

type Member = { adapter: RedisAdapter; node: RecordingNode };

describeRedis('@parley/redis presence and nodes', () => {
  const started: RedisAdapter[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  let prefix = '';

  async function start(options: RedisAdapterOptions = {}): Promise<Member> {
    const adapter = createRedisAdapter({ url: REDIS_URL, prefix, ...options });
    const node = new RecordingNode();
    started.push(adapter);
    await adapter.init(node);
    return { adapter, node };
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((a) => a.close()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await deleteKeys(prefix);
  });

  it('announces a join on the user\'s first connection and a leave on its last, on every node', async () => {
    prefix = uniquePrefix('presence');
    const a = await start();
    const b = await start();
    const alice1 = { topic: 'lobby', userId: 'alice', connectionId: 'c1', data: { name: 'Alice' } };
    const alice2 = { topic: 'lobby', userId: 'alice', connectionId: 'c2', data: { name: 'Alice' } };
    await a.adapter.presenceAdd(alice1);
    await until('join on both', () => a.node.presence.length === 1 && b.node.presence.length === 1);
    expect(b.node.presence[0]).toMatchObject({ type: 'join', topic: 'lobby', userId: 'alice', data: { name: 'Alice' } });
    await b.adapter.presenceAdd(alice2);
    expect(await a.adapter.presenceList('lobby')).toEqual([{ userId: 'alice', connections: 2, data: { name: 'Alice' } }]);
    await a.adapter.presenceRemove(alice1);
    expect(await b.adapter.presenceList('lobby')).toEqual([{ userId: 'alice', connections: 1, data: { name: 'Alice' } }]);
    await b.adapter.presenceRemove(alice2);
    await until('leave on both', () => a.node.presence.length === 2 && b.node.presence.length === 2);
    expect(a.node.presence.map((c) => c.type)).toEqual(['join', 'leave']);
    expect(await a.adapter.presenceList('lobby')).toEqual([]);
  });

  it('knows connections of every node, and forgets closed ones', async () => {
    prefix = uniquePrefix('conns');
    const a = await start();
    const b = await start();
    await a.adapter.connectionOpened({ connectionId: 'ca', userId: 'alice' });
    expect(await b.adapter.hasConnection('ca')).toBe(true);
    expect(await b.adapter.hasConnection('nope')).toBe(false);
    await a.adapter.connectionClosed({ connectionId: 'ca', userId: 'alice' });
    expect(await b.adapter.hasConnection('ca')).toBe(false);
  });

  it('disconnects a user on every node, the calling node once', async () => {
    prefix = uniquePrefix('kick');
    const a = await start();
    const b = await start();
    const c = await start();
    await a.adapter.disconnectUser('mallory', 4403, 'banned');
    await until('kick on b and c', () => b.node.kicked.length === 1 && c.node.kicked.length === 1);
    expect(b.node.kicked[0]).toEqual({ userId: 'mallory', code: 4403, reason: 'banned' });
    expect(a.node.kicked).toHaveLength(1);
  });

  it('remembers sessions cluster-wide for their TTL', async () => {
    prefix = uniquePrefix('sessions');
    const a = await start();
    const b = await start();
    await a.adapter.rememberSession({ sessionId: 's1', userId: 'alice' }, 60_000);
    expect(await b.adapter.findSession('s1')).toEqual({ sessionId: 's1', userId: 'alice' });
    expect(await b.adapter.findSession('s2')).toBeUndefined();
    await a.adapter.rememberSession({ sessionId: 'short', userId: 'bob' }, 30);
    await until('expired', async () => (await b.adapter.findSession('short')) === undefined, 2000);
  });

  it('reaps a node that stopped heartbeating: its users leave everywhere within nodeTtlMs + heartbeatIntervalMs', async () => {
    prefix = uniquePrefix('reap');
    const timing = { heartbeatIntervalMs: 100, nodeTtlMs: 400 };
    const a = await start(timing);
    // The doomed node runs on a client this test owns, so the test can cut it off like a crash.
    const doomedClient = createClient({ url: REDIS_URL });
    doomedClient.on('error', () => undefined);
    const doomed = await start({ ...timing, client: doomedClient });
    cleanups.push(() => {
      if (doomedClient.isOpen) doomedClient.destroy();
      return Promise.resolve();
    });
    await doomed.adapter.connectionOpened({ connectionId: 'cd', userId: 'dora' });
    await doomed.adapter.presenceAdd({ topic: 'room', userId: 'dora', connectionId: 'cd' });
    await until('join', () => a.node.presence.length === 1);
    doomedClient.destroy(); // no more heartbeats, no goodbye
    await until('leave after the TTL', () => a.node.presence.length === 2, 5000);
    expect(a.node.presence[1]).toMatchObject({ type: 'leave', topic: 'room', userId: 'dora' });
    expect(await a.adapter.presenceList('room')).toEqual([]);
    expect(await a.adapter.hasConnection('cd')).toBe(false);
  });

  it('a node reaped while alive re-adds its entries when it is back (joins again)', async () => {
    prefix = uniquePrefix('rejoin');
    const timing = { heartbeatIntervalMs: 100, nodeTtlMs: 300 };
    const a = await start(timing);
    const b = await start(timing);
    await b.adapter.presenceAdd({ topic: 'room', userId: 'bob', connectionId: 'cb' });
    await until('join', () => a.node.presence.length === 1);
    // Another node reaps b as if it had been silent: b's instance is retired behind its back.
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    cleanups.push(() => admin.close());
    // b's own heartbeat (every 100 ms) races the reaper and renews its score: keep it looking
    // silent until a has reaped it (the leave), then let it find out and come back.
    const instances = (await admin.zRange(`${prefix}nodes`, 0, -1)).filter((id) => id.startsWith(b.adapter.nodeId));
    expect(instances).toHaveLength(1);
    const silence = async (): Promise<void> => {
      // XX: only while that instance is still registered (never resurrect it after the reap).
      await admin.zAdd(`${prefix}nodes`, instances.map((value) => ({ value, score: 0 })), { XX: true });
    };
    await until('leave', async () => {
      if (a.node.presence.length >= 2) return true;
      await silence();
      return false;
    }, 5000);
    await until('join again', () => a.node.presence.length === 3, 5000);
    expect(a.node.presence.map((c) => c.type)).toEqual(['join', 'leave', 'join']);
    expect(await a.adapter.presenceList('room')).toEqual([{ userId: 'bob', connections: 1 }]);
  });
});
