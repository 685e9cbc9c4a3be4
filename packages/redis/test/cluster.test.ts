/**
 * Three server processes on the Redis adapter, clients spread over them: broadcast, topics,
 * private messages to a user with connections on two nodes, presence across nodes, and
 * disconnect-user everywhere.
 */
import { CloseCode } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { bundleNodeServer, removeBundles, startNode, stopNode, type NodeProcess } from './helpers/cluster.js';
import { openClient, type TestClient } from './helpers/clients.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';

describeRedis('@parley/redis: three server processes', () => {
  const prefix = uniquePrefix('cluster');
  let nodes: NodeProcess[] = [];
  const clients: TestClient[] = [];
  const node = (i: number): NodeProcess => nodes[i] as NodeProcess;

  async function open(i: number, userId: string): Promise<TestClient> {
    const client = await openClient(node(i).url, userId);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    const bundle = await bundleNodeServer();
    nodes = await Promise.all(['a', 'b', 'c'].map((nodeId) => startNode(bundle, { redisUrl: REDIS_URL, prefix, nodeId })));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.client.close()));
  });

  afterAll(async () => {
    await Promise.all(nodes.map(stopNode));
    await removeBundles();
    await deleteKeys(prefix);
  });

  it('delivers broadcasts to everyone and topic messages to the topic\'s subscribers, on every node', async () => {
    const [a, b, c, cOut] = await Promise.all([open(0, 'ann'), open(1, 'ben'), open(2, 'cat'), open(2, 'cid')]);
    await Promise.all([a, b, c].map((t) => t.client.subscribe('room')));
    await b.client.broadcast('room', 'test.note', { n: 1, tag: 'topic' });
    await c.client.broadcast(null, 'test.note', { n: 2, tag: 'all' });
    for (const t of [a, b, c]) await until(`${t.userId} got both`, () => t.notes.length === 2);
    for (const t of [a, b, c]) expect(t.notes.map((n) => [n.tag, n.stream])).toEqual([['topic', 'topic:room'], ['all', 'all']]);
    await until('cid got the broadcast to all', () => cOut.notes.length === 1);
    expect(cOut.tagged('topic')).toEqual([]);
  });

  it('sends a private message to every connection of a user, on two nodes, and to one connection by id', async () => {
    const [u1, u2, sender] = await Promise.all([open(0, 'ursula'), open(2, 'ursula'), open(1, 'sam')]);
    await sender.client.send({ userId: 'ursula' }, 'test.note', { n: 1, tag: 'user' });
    await until('both of ursula\'s connections', () => u1.notes.length === 1 && u2.notes.length === 1);
    expect(u1.notes[0]).toMatchObject({ stream: 'user:ursula', seq: u2.notes[0]?.seq });
    const target = u2.client.session?.connectionId as string;
    await sender.client.send({ connectionId: target }, 'test.note', { n: 2, tag: 'conn' });
    await until('the connection on node c', () => u2.tagged('conn').length === 1);
    expect(u1.tagged('conn')).toEqual([]);
  });

  it('shares presence across nodes: lists, joins and leaves', async () => {
    const watcher = await open(0, 'wanda');
    const changes: string[] = [];
    watcher.client.onPresence('lounge', (change) => changes.push(`${change.type}:${change.userId}`));
    await watcher.client.subscribe('lounge', { presence: true });
    const bob = await open(1, 'bob');
    await bob.client.subscribe('lounge');
    const bob2 = await open(2, 'bob');
    await bob2.client.subscribe('lounge');
    await until('bob joined once', () => changes.includes('join:bob'));
    const listed = await (await open(2, 'carl')).client.presence('lounge');
    const members = [...listed.members];
    expect(members.sort((x, y) => x.userId.localeCompare(y.userId))).toEqual([
      { userId: 'bob', connections: 2, data: { name: 'BOB' } },
      { userId: 'wanda', connections: 1, data: { name: 'WANDA' } },
    ]);
    await bob.client.close();
    await bob2.client.unsubscribe('lounge');
    await until('bob left', () => changes.includes('leave:bob'));
    expect(changes.filter((c) => c.endsWith(':bob'))).toEqual(['join:bob', 'leave:bob']);
  });

  it('disconnects a user everywhere', async () => {
    const [m1, m2, admin] = await Promise.all([open(0, 'mallory'), open(2, 'mallory'), open(1, 'admin')]);
    const bystander = await open(2, 'bystander');
    const closed = [m1, m2].map((m) => new Promise<number | undefined>((resolve) => {
      m.client.onState((change) => {
        if (change.state === 'closed') resolve(change.closeCode);
      });
    }));
    await admin.client.call('test.kick', { userId: 'mallory' });
    expect(await Promise.all(closed)).toEqual([CloseCode.Forbidden, CloseCode.Forbidden]);
    expect(bystander.client.state).toBe('open');
  });

  it('ran without an error on any node', () => {
    expect(nodes.map((n) => [n.nodeId, n.stderr()])).toEqual([['a', ''], ['b', ''], ['c', '']]);
  });
});
