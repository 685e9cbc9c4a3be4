/**
 * The stream log and the in-memory adapter: numbering, bounds (count, bytes, age), reading after a
 * position (all of it, or an explicit reason, never part), presence counting, and the sweep.
 */
import { encodeDelivery } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryAdapter, PresenceRegistry, StreamLog, type AdapterNode, type MessageDraft, type PresenceChange, type StreamMessage } from '../../src/index.js';

const draft = (n: number): MessageDraft => ({ stream: 'topic:t', from: null, event: 'e', data: n });

describe('StreamLog', () => {
  it('numbers from 1 in one epoch and encodes each message once', () => {
    const log = new StreamLog({ maxMessages: 10, maxBytes: 1e6, maxAgeMs: 1e6 });
    const a = log.append(draft(1), 1000);
    const b = log.append(draft(2), 1000);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect([a.epoch, b.epoch]).toEqual([log.epoch, log.epoch]);
    expect([a.stream, b.stream]).toEqual(['topic:t', 'topic:t']);
    // The protocol's frame: the first of the epoch in the full form (with the epoch), then compact.
    expect(a.text).toBe(encodeDelivery({ ...draft(1), epoch: log.epoch, seq: 1 }));
    expect(JSON.parse(a.text)).toEqual({ jsonrpc: '2.0', method: 'e', params: { stream: 'topic:t', seq: 1, epoch: log.epoch, from: null, data: 1 } });
    expect(JSON.parse(b.text)).toEqual({ jsonrpc: '2.0', method: 'e', params: ['topic:t', 2, null, 2] });
    expect(new StreamLog({ maxMessages: 1, maxBytes: 1, maxAgeMs: 1 }).epoch).not.toBe(log.epoch);
  });

  it('reads everything after a position, or says why not', () => {
    const log = new StreamLog({ maxMessages: 3, maxBytes: 1e6, maxAgeMs: 1e6 });
    for (let n = 1; n <= 5; n++) log.append(draft(n), 1000);
    expect(log.size).toBe(3);
    const ok = log.read({ epoch: log.epoch, seq: 2 }, 1000);
    expect(ok.ok && ok.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(log.read({ epoch: log.epoch, seq: 5 }, 1000)).toEqual({ ok: true, messages: [], position: { epoch: log.epoch, seq: 5 } });
    expect(log.read({ epoch: log.epoch, seq: 1 }, 1000)).toMatchObject({ ok: false, reason: 'window_exceeded' });
    expect(log.read({ epoch: 'other', seq: 2 }, 1000)).toMatchObject({ ok: false, reason: 'epoch_changed' });
    expect(log.read({ epoch: log.epoch, seq: 9 }, 1000)).toMatchObject({ ok: false, reason: 'epoch_changed' });
  });

  it('drops messages past the age and byte bounds', () => {
    const aged = new StreamLog({ maxMessages: 100, maxBytes: 1e6, maxAgeMs: 500 });
    aged.append(draft(1), 1000);
    aged.append(draft(2), 1400);
    expect(aged.read({ epoch: aged.epoch, seq: 0 }, 1600)).toMatchObject({ ok: false, reason: 'window_exceeded' });
    const read = aged.read({ epoch: aged.epoch, seq: 1 }, 1600);
    expect(read.ok && read.messages.length).toBe(1);
    const small = new StreamLog({ maxMessages: 100, maxBytes: 300, maxAgeMs: 1e6 });
    for (let n = 1; n <= 10; n++) small.append(draft(n), 1000);
    expect(small.size).toBeLessThan(10);
    expect(small.size).toBeGreaterThan(0);
  });

  it('keeps nothing with maxMessages 0 (resume is then always window_exceeded)', () => {
    const log = new StreamLog({ maxMessages: 0, maxBytes: 1e6, maxAgeMs: 1e6 });
    log.append(draft(1), 1000);
    expect(log.size).toBe(0);
    expect(log.read({ epoch: log.epoch, seq: 0 }, 1000)).toMatchObject({ ok: false, reason: 'window_exceeded' });
  });
});

describe('MemoryAdapter', () => {
  function setup(recipients: readonly string[] = []) {
    const delivered: StreamMessage[] = [];
    const changes: PresenceChange[] = [];
    const node: AdapterNode = {
      deliver: (m) => delivered.push(m),
      presenceChanged: (c) => changes.push(c),
      disconnectUser: () => undefined,
      hasRecipients: (stream) => recipients.includes(stream),
      hasConnection: (id) => id === 'c-local',
    };
    const adapter = new MemoryAdapter({ historySize: 10, historyTtlMs: 1000, sweepIntervalMs: 0 });
    adapter.init(node);
    return { adapter, delivered, changes };
  }

  it('publishes through the node and keeps a stream position', () => {
    const { adapter, delivered } = setup();
    expect(adapter.position('topic:t').seq).toBe(0);
    const message = adapter.publish(draft(1));
    expect(delivered).toEqual([message]);
    expect(adapter.position('topic:t')).toEqual({ epoch: message.epoch, seq: 1 });
    expect(() => adapter.init(delivered as never)).toThrow();
  });

  it('announces a join on the first connection of a user and a leave on the last', () => {
    const { adapter, changes } = setup();
    adapter.presenceAdd({ topic: 't', userId: 'u', connectionId: 'c1' });
    adapter.presenceAdd({ topic: 't', userId: 'u', connectionId: 'c2' });
    adapter.presenceRemove({ topic: 't', userId: 'u', connectionId: 'c1' });
    expect(adapter.presenceList('t')).toEqual([{ userId: 'u', connections: 1 }]);
    adapter.presenceRemove({ topic: 't', userId: 'u', connectionId: 'c2' });
    adapter.presenceRemove({ topic: 't', userId: 'u', connectionId: 'c2' }); // twice: no second leave
    expect(changes.map((c) => c.type)).toEqual(['join', 'leave']);
    expect(adapter.presenceList('t')).toEqual([]);
  });

  it('answers hasConnection from the local node (one node is the whole cluster)', () => {
    const { adapter } = setup();
    expect([adapter.hasConnection('c-local'), adapter.hasConnection('c-other')]).toEqual([true, false]);
  });

  it('sweeps idle streams without a local recipient (a new epoch afterwards) and keeps those with one', () => {
    const { adapter } = setup(['topic:kept']);
    const now = Date.now();
    const idle = adapter.publish({ ...draft(1), stream: 'topic:idle' });
    const kept = adapter.publish({ ...draft(1), stream: 'topic:kept' });
    adapter.sweep(now + 5000);
    expect(adapter.position('topic:idle').epoch).not.toBe(idle.epoch);
    expect(adapter.position('topic:kept')).toEqual({ epoch: kept.epoch, seq: 1 });
  });

  it('rejects bad bounds', () => {
    expect(() => new MemoryAdapter({ historySize: -1 })).toThrow(RangeError);
  });
});

describe('PresenceRegistry', () => {
  it('keeps the latest presence data of a user', () => {
    const registry = new PresenceRegistry();
    registry.add({ topic: 't', userId: 'u', connectionId: 'c1', data: 1 });
    registry.add({ topic: 't', userId: 'u', connectionId: 'c2', data: 2 });
    expect(registry.list('t')).toEqual([{ userId: 'u', connections: 2, data: 2 }]);
  });
});
