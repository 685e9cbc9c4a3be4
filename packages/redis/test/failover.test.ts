/**
 * kill -9 of one of three nodes in the middle of a 10,000-message topic stream (and a private
 * stream to a user on that node): its clients reconnect to the other nodes (the client's `url`
 * function rotates over them) and resume from the log in Redis with zero lost and zero
 * duplicated messages; the crashed node's presence entries leave everywhere after the TTL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleNodeServer, removeBundles, startNode, stopNode, type NodeProcess } from './helpers/cluster.js';
import { openClient, type TestClient } from './helpers/clients.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';

const TOPIC_MESSAGES = 10_000;
const PRIVATE_MESSAGES = 2000;
const NODE_TTL_MS = 1000;
const HEARTBEAT_MS = 200;

/** Every n from 1 to count exactly once, handled in stream order. */
function expectExactlyOnce(client: TestClient, tag: string, count: number): void {
  const notes = client.notes.filter((note) => note.tag === tag);
  const seen = new Set(notes.map((note) => note.n));
  expect({ user: client.userId, tag, handled: notes.length, distinct: seen.size }).toEqual({ user: client.userId, tag, handled: count, distinct: count });
  for (let i = 1; i < notes.length; i++) {
    const [before, after] = [notes[i - 1], notes[i]] as [TestClient['notes'][number], TestClient['notes'][number]];
    if (after.epoch === before.epoch && after.seq <= before.seq) throw new Error(`${client.userId}: seq ${after.seq} after ${before.seq}`);
  }
}

describeRedis('@parley/redis: kill -9 of a node during a stream', () => {
  const prefix = uniquePrefix('failover');
  let nodes: NodeProcess[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const bundle = await bundleNodeServer();
    const timing = { heartbeatIntervalMs: HEARTBEAT_MS, nodeTtlMs: NODE_TTL_MS };
    nodes = await Promise.all(['a', 'b', 'c'].map((nodeId) => startNode(bundle, { redisUrl: REDIS_URL, prefix, nodeId, ...timing })));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.client.close()));
    await Promise.all(nodes.map(stopNode));
    await removeBundles();
    await deleteKeys(prefix);
  });

  it('moves the dead node\'s clients to the others with zero lost and zero duplicated messages', async () => {
    const [a, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    const urls = [a.url, b.url, c.url];
    const rotating = (start: number): (() => string) => {
      let next = start;
      return () => urls[next++ % urls.length] as string;
    };
    // Two receivers per node, each subscribed to the feed; r1 (on b) also gets a private stream.
    for (let i = 0; i < 6; i++) {
      const client = await openClient(rotating(i % 3), `r${i}`, { reconnect: { baseMs: 100, maxMs: 500 } });
      clients.push(client);
      await client.client.subscribe('feed');
    }
    const onB = clients.filter((_, i) => i % 3 === 1);
    const watcher = await openClient(a.url, 'watcher');
    const ghost = await openClient(b.url, 'ghost');
    const publisher = await openClient(a.url, 'publisher');
    clients.push(watcher, ghost, publisher);
    const left: number[] = [];
    watcher.client.onPresence('lobby', (change) => {
      if (change.type === 'leave' && change.userId === 'ghost') left.push(Date.now());
    });
    await watcher.client.subscribe('lobby', { presence: true });
    await ghost.client.subscribe('lobby');

    // About 2 s of stream (windows of 200, 40 ms apart), so the kill lands in the middle of it.
    await publisher.client.call('test.burst', { topic: 'feed', count: TOPIC_MESSAGES, tag: 'feed', pauseMs: 40 });
    await publisher.client.call('test.burst', { userId: 'r1', count: PRIVATE_MESSAGES, tag: 'private', pauseMs: 40 });
    await until('b\'s clients are into the stream', () => onB.every((client) => client.tagged('feed').length >= 1000), 30_000);
    b.child.kill('SIGKILL');
    const atKill = onB.map((client) => client.tagged('feed').length);
    const killedAt = Date.now();
    await b.exited;

    await until(
      'every message at every receiver',
      () => clients.slice(0, 6).every((client) => client.tagged('feed').length >= TOPIC_MESSAGES) && (clients[1] as TestClient).tagged('private').length >= PRIVATE_MESSAGES,
      60_000,
    );
    expect(atKill.every((count) => count < TOPIC_MESSAGES)).toBe(true); // killed mid-stream
    for (const client of clients.slice(0, 6)) expectExactlyOnce(client, 'feed', TOPIC_MESSAGES);
    expectExactlyOnce(clients[1] as TestClient, 'private', PRIVATE_MESSAGES);
    for (const client of onB) {
      // Resumed on another node: the feed came back through the resume path, recovered.
      expect(client.recoveries.filter((r) => !r.recovered)).toEqual([]);
      expect(client.recoveries.some((r) => r.stream === 'topic:feed' && r.recovered)).toBe(true);
      expect((await client.client.call('test.node')).nodeId).not.toBe('b');
    }
    await until('ghost left the lobby', () => left.length === 1, 10_000);
    expect([a.stderr(), c.stderr()]).toEqual(['', '']);
    console.info(`failover: ghost's leave arrived ${(left[0] as number) - killedAt} ms after kill -9 (bound: nodeTtlMs ${NODE_TTL_MS} + heartbeat ${HEARTBEAT_MS})`);
  }, 120_000);
});
