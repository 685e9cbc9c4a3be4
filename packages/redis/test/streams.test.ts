/**
 * Numbering, fan-out and the resume log across nodes: several adapters in this process, each
 * with a recording node, against the real Redis.
 */
import { encodeDelivery } from '@parley/protocol';
import type { MessageDraft } from '@parley/server';
import { afterEach, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { RecordingNode } from './helpers/recording-node.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix, until } from './helpers/redis.js';

let ids = 0;
const draft = (stream: string, data?: unknown, extra: Partial<MessageDraft> = {}): MessageDraft => ({
  stream,
  id: `m${++ids}`,
  ts: Date.now(),
  from: null,
  event: 'note',
  ...(data === undefined ? {} : { data }),
  ...extra,
});

type Member = { adapter: RedisAdapter; node: RecordingNode };

describeRedis('@parley/redis streams', () => {
  const started: RedisAdapter[] = [];
  const prefixes: string[] = [];

  async function cluster(count: number, options: RedisAdapterOptions = {}): Promise<Member[]> {
    const prefix = options.prefix ?? uniquePrefix('streams');
    prefixes.push(prefix);
    const members: Member[] = [];
    for (let i = 0; i < count; i++) {
      const adapter = createRedisAdapter({ url: REDIS_URL, ...options, prefix });
      const node = new RecordingNode();
      started.push(adapter);
      await adapter.init(node);
      members.push({ adapter, node });
    }
    return members;
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((a) => a.close()));
    for (const prefix of prefixes.splice(0)) await deleteKeys(prefix);
  });

  it('numbers a stream consistently across nodes and delivers it in seq order on every node', async () => {
    const nodes = await cluster(3);
    await Promise.all(nodes.map(({ adapter }) => adapter.watch('topic:t')));
    const published = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (nodes[i % 3] as Member).adapter.publish(draft('topic:t', { i }, { topic: 't' }))),
    );
    expect(published.map((m) => m.delivery.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(published.map((m) => m.delivery.epoch)).size).toBe(1);
    for (const { node } of nodes) {
      await until('every delivery', () => node.seqs('topic:t').length === 60);
      expect(node.seqs('topic:t')).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    }
    // Encoded once: the text each node got is the publisher's text, and the protocol's encoding.
    const bySeq = new Map(published.map((m) => [m.delivery.seq, m]));
    for (const message of (nodes[1] as Member).node.delivered) {
      expect(message.text).toBe(bySeq.get(message.delivery.seq)?.text);
      expect(message.text).toBe(encodeDelivery(message.delivery));
    }
  });

  it('delivers a stream only to nodes that watch it, and stops after the last unwatch', async () => {
    const [a, b] = (await cluster(2)) as [Member, Member];
    await a.adapter.watch('user:alice');
    await b.adapter.publish(draft('user:alice', 1, { to: { userId: 'alice' } }));
    await until('alice on a', () => a.node.seqs('user:alice').length === 1);
    expect(b.node.seqs('user:alice')).toEqual([]);
    await a.adapter.watch('user:alice'); // a second local recipient
    await a.adapter.unwatch('user:alice');
    await b.adapter.publish(draft('user:alice', 2, { to: { userId: 'alice' } }));
    await until('still watched', () => a.node.seqs('user:alice').length === 2);
    await a.adapter.unwatch('user:alice');
    await b.adapter.watch('user:alice');
    await a.adapter.publish(draft('user:alice', 3, { to: { userId: 'alice' } }));
    await until('b got it', () => b.node.seqs('user:alice').length === 1);
    expect(a.node.seqs('user:alice')).toEqual([1, 2]);
  });

  it('creates a stream epoch once, even when nodes ask for a new stream at the same time', async () => {
    const nodes = await cluster(3);
    const positions = await Promise.all(nodes.map(({ adapter }) => adapter.position('topic:fresh')));
    expect(new Set(positions.map((p) => p.epoch)).size).toBe(1);
    expect(positions.every((p) => p.seq === 0)).toBe(true);
    const message = await (nodes[0] as Member).adapter.publish(draft('topic:fresh', 'x', { topic: 'fresh' }));
    expect(message.delivery).toMatchObject({ epoch: positions[0]?.epoch, seq: 1 });
  });

  it('reads the log after a position from any node: all of it, or window_exceeded / epoch_changed, never part', async () => {
    const [a, b] = (await cluster(2, { historySize: 5 })) as [Member, Member];
    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push(await a.adapter.publish(draft('topic:log', i, { topic: 'log' })));
    const epoch = (sent[0] as (typeof sent)[number]).delivery.epoch;
    const read = await b.adapter.read('topic:log', { epoch, seq: 1 });
    expect(read.ok && read.messages.map((m) => m.text)).toEqual(sent.slice(1).map((m) => m.text));
    expect(read.position).toEqual({ epoch, seq: 3 });
    expect(await b.adapter.read('topic:log', { epoch, seq: 3 })).toEqual({ ok: true, messages: [], position: { epoch, seq: 3 } });
    expect(await b.adapter.read('topic:log', { epoch: 'other', seq: 1 })).toMatchObject({ ok: false, reason: 'epoch_changed' });
    expect(await b.adapter.read('topic:log', { epoch, seq: 4 })).toMatchObject({ ok: false, reason: 'epoch_changed' });
    // Past the log's length: 300 more, far beyond historySize (approximate trimming keeps ~100 extra).
    for (let i = 0; i < 300; i++) await a.adapter.publish(draft('topic:log', i, { topic: 'log' }));
    expect(await b.adapter.read('topic:log', { epoch, seq: 1 })).toMatchObject({ ok: false, reason: 'window_exceeded', position: { epoch, seq: 303 } });
    const recent = await b.adapter.read('topic:log', { epoch, seq: 299 });
    expect(recent.ok && recent.messages.map((m) => m.delivery.seq)).toEqual([300, 301, 302, 303]);
  });

  it('reports window_exceeded for messages older than historyTtlMs', async () => {
    const [a] = (await cluster(1, { historyTtlMs: 50 })) as [Member];
    const first = await a.adapter.publish(draft('topic:aged', 1, { topic: 'aged' }));
    const { epoch } = first.delivery;
    expect((await a.adapter.read('topic:aged', { epoch, seq: 0 })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await a.adapter.read('topic:aged', { epoch, seq: 0 })).toMatchObject({ ok: false, reason: 'window_exceeded' });
  });

  it('keeps no log for connection streams', async () => {
    const [a] = (await cluster(1)) as [Member];
    const message = await a.adapter.publish(draft('conn:c1', 1, { to: { connectionId: 'c1' } }));
    expect(await a.adapter.read('conn:c1', { epoch: message.delivery.epoch, seq: 0 })).toMatchObject({ ok: false, reason: 'window_exceeded' });
  });

  it('rejects bad options with a RangeError', () => {
    expect(() => createRedisAdapter({ historySize: -1 })).toThrow(RangeError);
    expect(() => createRedisAdapter({ heartbeatIntervalMs: 1000, nodeTtlMs: 1000 })).toThrow(RangeError);
  });
});
