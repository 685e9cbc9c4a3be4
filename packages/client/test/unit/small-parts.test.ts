import { ErrorCode, ParleyError, type ParleyError as PE } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { readPresence, readWelcome } from '../../src/guards.js';
import { Outbox, type Outgoing } from '../../src/outbox.js';
import { StreamPositions } from '../../src/positions.js';
import { OfflineQueue } from '../../src/queue.js';

describe('StreamPositions', () => {
  it('drops duplicates by (stream, seq) within an epoch; a new epoch starts over', () => {
    const positions = new StreamPositions();
    expect(positions.accept('topic:a', 'e1', 1)?.epoch).toBe('e1');
    expect(positions.accept('topic:a', 'e1', 2)?.epoch).toBe('e1');
    expect(positions.accept('topic:a', 'e1', 2)).toBeUndefined();
    expect(positions.accept('topic:a', 'e1', 1)).toBeUndefined();
    expect(positions.accept('topic:b', 'e1', 1)?.epoch).toBe('e1');
    expect(positions.accept('topic:a', 'e2', 1)?.epoch).toBe('e2');
    expect(positions.get('topic:a')).toEqual({ epoch: 'e2', seq: 1 });
    positions.accept('conn:c1', 'e1', 4);
    positions.forgetConnections();
    expect(positions.entries()).toEqual([
      { stream: 'topic:a', epoch: 'e2', seq: 1 },
      { stream: 'topic:b', epoch: 'e1', seq: 1 },
    ]);
  });

  it('places a compact delivery (no epoch) in the stream\'s known epoch, and cannot place one on an unknown stream', () => {
    const breaks: unknown[] = [];
    const positions = new StreamPositions((b) => breaks.push(b));
    expect(positions.accept('all', undefined, 5)).toBeNull(); // cannot be placed: no position, no epoch
    expect(positions.get('all')).toBeUndefined();
    positions.start('all', { epoch: 'e1', seq: 4 });
    expect(positions.accept('all', undefined, 5)?.epoch).toBe('e1');
    expect(positions.accept('all', undefined, 5)).toBeUndefined();
    expect(positions.accept('all', undefined, 8)?.epoch).toBe('e1');
    expect(breaks).toEqual([{ stream: 'all', reason: 'gap', from: { epoch: 'e1', seq: 5 }, to: { epoch: 'e1', seq: 7 } }]);
    // The first message of a new epoch carries it; compact ones after it belong to it.
    expect(positions.accept('all', 'e2', 1)?.epoch).toBe('e2');
    expect(positions.accept('all', undefined, 2)?.epoch).toBe('e2');
    expect(breaks[1]).toEqual({ stream: 'all', reason: 'epoch_changed', from: { epoch: 'e1', seq: 8 }, to: { epoch: 'e2', seq: 0 } });
  });

  it('reads the topic off the stream name once, for every delivery of the stream', () => {
    const positions = new StreamPositions();
    expect(positions.accept('topic:room:1', 'e1', 1)?.topic).toBe('room:1');
    const entry = positions.accept('topic:room:1', undefined, 2);
    expect(positions.accept('topic:room:1', undefined, 3)).toBe(entry);
    expect(positions.accept('user:a:b', 'e1', 1)?.topic).toBeUndefined();
    expect(positions.accept('all', 'e1', 1)?.topic).toBeUndefined();
  });

  it('hands out copies: a position read earlier does not move as messages arrive', () => {
    const positions = new StreamPositions();
    positions.start('all', { epoch: 'e1', seq: 1 });
    const before = positions.get('all');
    positions.accept('all', undefined, 2);
    expect(before).toEqual({ epoch: 'e1', seq: 1 });
    expect(positions.get('all')).toEqual({ epoch: 'e1', seq: 2 });
  });
});

describe('guards', () => {
  const welcome = {
    protocol: 'parley.v1',
    connectionId: 'c1',
    sessionId: 's1',
    identity: { userId: 'u' },
    limits: { maxMessageBytes: 10 },
    heartbeat: { intervalMs: 1, timeoutMs: 1 },
    serverTime: 0,
    streams: [],
  };
  it('accept what the client needs and refuse anything else without throwing', () => {
    expect(readWelcome(welcome)).toBe(welcome);
    for (const bad of [null, 1, 'x', [], {}, { ...welcome, identity: null }, { ...welcome, limits: {} }, { ...welcome, heartbeat: { intervalMs: '1' } }, { ...welcome, streams: undefined }]) {
      expect(readWelcome(bad)).toBeUndefined();
    }
    expect(readPresence('join', { topic: 't', userId: 'u', ts: 1 })).toEqual({ type: 'join', topic: 't', userId: 'u', ts: 1 });
    expect(readPresence('leave', { topic: 't', userId: 1, ts: 1 })).toBeUndefined();
  });
});

describe('Outbox', () => {
  function harness(open: boolean, canQueue = true): { outbox: Outbox; written: string[]; link: { open: boolean; max: number } } {
    const written: string[] = [];
    const link = { open, max: 50 };
    const outbox = new Outbox(new OfflineQueue<Outgoing>({ maxCount: 3, maxBytes: 1000, maxAgeMs: 60_000 }), {
      write: (frame) => link.open && written.push(frame) > 0,
      canQueue: () => canQueue,
      maxMessageBytes: () => link.max,
      notConnected: () => new ParleyError(ErrorCode.ConnectionClosed, 'Not connected'),
    });
    return { outbox, written, link };
  }
  function item(frame: string): Outgoing & { log: string[] } {
    const log: string[] = [];
    return { frame, log, written: () => log.push('written'), fail: (e: PE) => log.push(`fail ${e.code}`) };
  }

  it('fails a frame over the limit before sending or queueing it', () => {
    const { outbox, written } = harness(true);
    const big = item('é'.repeat(26)); // 52 bytes in UTF-8, 26 characters
    outbox.submit(big, true);
    expect(big.log).toEqual([`fail ${ErrorCode.PayloadTooLarge}`]);
    expect(written).toEqual([]);
  });

  it('queues while not connected and flushes in order; new frames wait behind queued ones', () => {
    const { outbox, written, link } = harness(false);
    const a = item('a');
    const b = item('b');
    outbox.submit(a, true);
    outbox.submit(b, true);
    expect(written).toEqual([]);
    link.open = true;
    const urgent = item('resubscribe');
    outbox.submit(urgent, false, true); // priority frames skip the queue
    const c = item('c');
    outbox.submit(c, true); // the queue is not empty yet: c waits behind a and b
    expect(written).toEqual(['resubscribe']);
    outbox.flush();
    expect(written).toEqual(['resubscribe', 'a', 'b', 'c']);
    expect([a, b, c].map((i) => i.log)).toEqual([['written'], ['written'], ['written']]);
  });

  it('re-checks sizes at flush time against the new limit', () => {
    const { outbox, written, link } = harness(false);
    const a = item('x'.repeat(40));
    outbox.submit(a, true);
    link.open = true;
    link.max = 10;
    outbox.flush();
    expect(a.log).toEqual([`fail ${ErrorCode.PayloadTooLarge}`]);
    expect(written).toEqual([]);
  });

  it('fails fast with queue: false, on overflow, and when waiting makes no sense', () => {
    const { outbox } = harness(false);
    const noQueue = item('a');
    outbox.submit(noQueue, false);
    expect(noQueue.log).toEqual([`fail ${ErrorCode.ConnectionClosed}`]);
    const items = ['1', '2', '3', '4'].map(item);
    for (const i of items) outbox.submit(i, true);
    expect(items[3]!.log).toEqual([`fail ${ErrorCode.QueueOverflow}`]);
    const closed = harness(false, false);
    const late = item('late');
    closed.outbox.submit(late, true);
    expect(late.log).toEqual([`fail ${ErrorCode.ConnectionClosed}`]);
  });
});
