/**
 * Numbering, fan-out and the resume log across nodes: several adapters in this process, each
 * with a recording node, against the real Redis.
 */
import { encodeDelivery, readDelivery } from '@parley/protocol';
import type { MessageDraft } from '@parley/server';
import { afterEach, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { RecordingNode } from './helpers/recording-node.js';
import { deleteKeys, REDIS_URL, describeRedis, redisCommand, uniquePrefix, until } from './helpers/redis.js';

const draft = (stream: string, data?: unknown, extra: Partial<MessageDraft> = {}): MessageDraft => ({
  stream,
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
    const drafts = Array.from({ length: 60 }, (_, i) => draft('topic:t', { i }, i % 7 === 3 ? { from: 'alice' } : {}));
    const published = await Promise.all(drafts.map((d, i) => (nodes[i % 3] as Member).adapter.publish(d)));
    expect(published.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(published.map((m) => m.epoch)).size).toBe(1);
    for (const { node } of nodes) {
      await until('every delivery', () => node.seqs('topic:t').length === 60);
      expect(node.seqs('topic:t')).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    }
    // Joined in Lua exactly as the protocol encodes (compact, the epoch only at seq 1), and the same text on every node.
    const draftBySeq = new Map(published.map((m, i) => [m.seq, drafts[i] as MessageDraft]));
    const texts = (nodes[0] as Member).node.delivered.map((m) => m.text);
    for (const { node } of nodes) expect(node.delivered.map((m) => m.text)).toEqual(texts);
    for (const message of (nodes[1] as Member).node.delivered) {
      expect(message.text).toBe(encodeDelivery({ ...(draftBySeq.get(message.seq) as MessageDraft), epoch: message.epoch, seq: message.seq }));
      expect(Array.isArray((JSON.parse(message.text) as { params: unknown }).params)).toBe(message.seq !== 1);
    }
  });

  it('joins every form in Lua as the protocol does: extras, no payload, null, unicode, large seqs', async () => {
    const [a] = (await cluster(1)) as [Member];
    await a.adapter.watch('topic:forms');
    const drafts: MessageDraft[] = [
      draft('topic:forms', { text: 'first' }),
      draft('topic:forms'),
      draft('topic:forms', null),
      draft('topic:forms', { text: 'héllo 🎉 "quoted" \\ back' }, { from: 'ålice' }),
      draft('topic:forms', [1, 2], { from: 'bob', fromConnection: 'c_9', ts: 1700000000000 }),
      draft('topic:forms', 0, { ts: 5 }),
    ];
    const published = [];
    for (const d of drafts) published.push(await a.adapter.publish(d));
    await until('all six', () => a.node.seqs('topic:forms').length === 6);
    a.node.delivered.forEach((message, i) => {
      expect(message.text).toBe(encodeDelivery({ ...(drafts[i] as MessageDraft), epoch: message.epoch, seq: message.seq }));
    });
    expect(readDelivery((JSON.parse((a.node.delivered[4] as { text: string }).text) as { params: unknown }).params)).toMatchObject({
      epoch: published[0]?.epoch, fromConnection: 'c_9', ts: 1700000000000, data: [1, 2],
    });
    // A seq past 1e14, where Lua's default number formatting would switch to an exponent.
    const big = 123456789012345;
    await a.adapter.watch('topic:big');
    await a.adapter.position('topic:big');
    await redisCommand(['HSET', `${prefixes[0]}m:topic:big`, 's', String(big)]);
    const bigOne = await a.adapter.publish(draft('topic:big', 'x'));
    expect(bigOne.seq).toBe(big + 1);
    const read = await a.adapter.read('topic:big', { epoch: bigOne.epoch, seq: big });
    expect(read.ok && read.messages[0]?.text).toBe(encodeDelivery({ ...draft('topic:big', 'x'), epoch: bigOne.epoch, seq: big + 1 }));
  });

  it('delivers a stream only to nodes that watch it, and stops after the last unwatch', async () => {
    const [a, b] = (await cluster(2)) as [Member, Member];
    await a.adapter.watch('user:alice');
    await b.adapter.publish(draft('user:alice', 1));
    await until('alice on a', () => a.node.seqs('user:alice').length === 1);
    expect(b.node.seqs('user:alice')).toEqual([]);
    await a.adapter.watch('user:alice'); // a second local recipient
    await a.adapter.unwatch('user:alice');
    await b.adapter.publish(draft('user:alice', 2));
    await until('still watched', () => a.node.seqs('user:alice').length === 2);
    await a.adapter.unwatch('user:alice');
    await b.adapter.watch('user:alice');
    await a.adapter.publish(draft('user:alice', 3));
    await until('b got it', () => b.node.seqs('user:alice').length === 1);
    expect(a.node.seqs('user:alice')).toEqual([1, 2]);
  });

  it('creates a stream epoch once, even when nodes ask for a new stream at the same time', async () => {
    const nodes = await cluster(3);
    const positions = await Promise.all(nodes.map(({ adapter }) => adapter.position('topic:fresh')));
    expect(new Set(positions.map((p) => p.epoch)).size).toBe(1);
    expect(positions.every((p) => p.seq === 0)).toBe(true);
    const message = await (nodes[0] as Member).adapter.publish(draft('topic:fresh', 'x'));
    expect(message).toMatchObject({ epoch: positions[0]?.epoch, seq: 1 });
  });

  it('reads the log after a position from any node: all of it, or window_exceeded / epoch_changed, never part', async () => {
    const [a, b] = (await cluster(2, { historySize: 5 })) as [Member, Member];
    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push(await a.adapter.publish(draft('topic:log', i)));
    const { epoch } = sent[0] as (typeof sent)[number];
    const read = await b.adapter.read('topic:log', { epoch, seq: 1 });
    expect(read.ok && read.messages).toEqual([2, 3].map((seq) => ({ stream: 'topic:log', epoch, seq, text: encodeDelivery({ ...draft('topic:log', seq), epoch, seq }) })));
    expect(read.position).toEqual({ epoch, seq: 3 });
    expect(await b.adapter.read('topic:log', { epoch, seq: 3 })).toEqual({ ok: true, messages: [], position: { epoch, seq: 3 } });
    expect(await b.adapter.read('topic:log', { epoch: 'other', seq: 1 })).toMatchObject({ ok: false, reason: 'epoch_changed' });
    expect(await b.adapter.read('topic:log', { epoch, seq: 4 })).toMatchObject({ ok: false, reason: 'epoch_changed' });
    // Past the log's length: 300 more, far beyond historySize (approximate trimming keeps ~100 extra).
    for (let i = 0; i < 300; i++) await a.adapter.publish(draft('topic:log', i));
    expect(await b.adapter.read('topic:log', { epoch, seq: 1 })).toMatchObject({ ok: false, reason: 'window_exceeded', position: { epoch, seq: 303 } });
    const recent = await b.adapter.read('topic:log', { epoch, seq: 299 });
    expect(recent.ok && recent.messages.map((m) => m.seq)).toEqual([300, 301, 302, 303]);
  });

  it('reports window_exceeded for messages older than historyTtlMs', async () => {
    const [a] = (await cluster(1, { historyTtlMs: 50 })) as [Member];
    const { epoch } = await a.adapter.publish(draft('topic:aged', 1));
    expect((await a.adapter.read('topic:aged', { epoch, seq: 0 })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await a.adapter.read('topic:aged', { epoch, seq: 0 })).toMatchObject({ ok: false, reason: 'window_exceeded' });
  });

  it('keeps no log for connection streams', async () => {
    const [a] = (await cluster(1)) as [Member];
    const message = await a.adapter.publish(draft('conn:c1', 1));
    expect(await a.adapter.read('conn:c1', { epoch: message.epoch, seq: 0 })).toMatchObject({ ok: false, reason: 'window_exceeded' });
  });

  it('rejects bad options with a RangeError', () => {
    expect(() => createRedisAdapter({ historySize: -1 })).toThrow(RangeError);
    expect(() => createRedisAdapter({ heartbeatIntervalMs: 1000, nodeTtlMs: 1000 })).toThrow(RangeError);
  });
});
