/**
 * The client's continuity bookkeeping without sockets: the resume request, what welcome and
 * subscribe results do to positions and signals, and what becomes of calls whose reply was lost.
 */
import { CloseCode, ErrorCode, ParleyError } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { idempotentByDefault, lostCallError } from '../../src/lost-calls.js';
import { RequestManager } from '../../src/requests.js';
import { Continuity, type RecoveryInfo } from '../../src/resume.js';
import type { Session } from '../../src/types.js';

function tracked() {
  const continuity = new Continuity();
  const signals: RecoveryInfo[] = [];
  continuity.listeners.add((info) => signals.push(info));
  return { continuity, positions: continuity.positions, signals };
}

const welcome = (extra: Partial<Session>): Session =>
  ({ protocol: 'parley.v1', connectionId: 'c2', sessionId: 's1', identity: { userId: 'alice' }, serverTime: 0, streams: [], ...extra }) as Session;

describe('Continuity', () => {
  it('asks to resume every stream it has a position for, except conn: streams and those left to a subscribe', () => {
    const { continuity, positions } = tracked();
    positions.accept('all', 'e', 3);
    positions.accept('conn:c1', 'e', 1);
    positions.accept('topic:a', 'e', 2);
    positions.accept('topic:b', 'e', 9);
    expect(continuity.request('s1', (stream) => stream !== 'topic:b')).toEqual({
      sessionId: 's1',
      streams: [
        { stream: 'all', epoch: 'e', seq: 3 },
        { stream: 'topic:a', epoch: 'e', seq: 2 },
      ],
    });
    for (let i = 0; i < 1200; i++) positions.accept(`topic:t${i}`, 'e', 1);
    expect(continuity.request('s1', () => true).streams).toHaveLength(1000);
  });

  it('turns welcome results into signals and positions; recovered topics count as subscribed', () => {
    const { continuity, positions, signals } = tracked();
    const topic: RecoveryInfo[] = [];
    continuity.onTopic('a', (info) => topic.push(info));
    positions.accept('all', 'e', 5); // replayed up to 5 before the welcome
    positions.accept('topic:a', 'e', 2);
    positions.accept('topic:b', 'e', 2);
    positions.accept('user:bob', 'e', 1);
    const subscribed = continuity.welcomed(
      welcome({
        resume: [
          { stream: 'all', recovered: true, epoch: 'e', seq: 5, replayed: 3 },
          { stream: 'topic:a', recovered: false, epoch: 'e', seq: 9, reason: 'window_exceeded' },
          { stream: 'topic:b', recovered: false, epoch: '0', seq: 0, reason: 'forbidden' },
          { stream: 'user:bob', recovered: false, epoch: '0', seq: 0, reason: 'unknown_stream' },
        ],
        streams: [
          { stream: 'all', epoch: 'e', seq: 5 },
          { stream: 'user:alice', epoch: 'u', seq: 4 },
        ],
      }),
    );
    expect(subscribed).toEqual(new Set(['topic:a']));
    expect(signals).toEqual([
      { stream: 'all', recovered: true, replayed: 3, from: { epoch: 'e', seq: 2 }, to: { epoch: 'e', seq: 5 } },
      { stream: 'topic:a', topic: 'a', recovered: false, reason: 'window_exceeded', from: { epoch: 'e', seq: 2 }, to: { epoch: 'e', seq: 9 } },
      { stream: 'topic:b', topic: 'b', recovered: false, reason: 'forbidden', from: { epoch: 'e', seq: 2 } },
      { stream: 'user:bob', recovered: false, reason: 'unknown_stream', from: { epoch: 'e', seq: 1 } },
    ]);
    expect(topic).toEqual([signals[1]]);
    expect(positions.entries()).toEqual([
      { stream: 'all', epoch: 'e', seq: 5 },
      { stream: 'topic:a', epoch: 'e', seq: 9 },
      { stream: 'user:alice', epoch: 'u', seq: 4 },
    ]);
    // Continues after the window: 10 is in order, 9 a duplicate.
    expect(positions.accept('topic:a', 'e', 9)).toBeUndefined();
    expect(positions.accept('topic:a', 'e', 10)?.epoch).toBe('e');
    expect(signals).toHaveLength(4);
  });

  it('a "recovered" result whose replay did not all arrive is reported as a gap', () => {
    const { continuity, positions, signals } = tracked();
    positions.accept('all', 'e', 2);
    continuity.welcomed(welcome({ resume: [{ stream: 'all', recovered: true, epoch: 'e', seq: 6, replayed: 4 }] }));
    expect(signals).toEqual([{ stream: 'all', recovered: false, reason: 'gap', from: { epoch: 'e', seq: 2 }, to: { epoch: 'e', seq: 6 } }]);
    expect(positions.get('all')).toEqual({ epoch: 'e', seq: 6 });
  });

  it('subscribe results: a plain one sets where the stream starts; with since, signals like resume', () => {
    const { continuity, positions, signals } = tracked();
    continuity.subscribed({ topic: 'a', stream: 'topic:a', epoch: 'e', seq: 4 });
    expect(positions.get('topic:a')).toEqual({ epoch: 'e', seq: 4 });
    continuity.subscribed({ topic: 'a', stream: 'topic:a', epoch: 'e', seq: 7 }); // already subscribed: messages may be in flight
    expect(positions.get('topic:a')).toEqual({ epoch: 'e', seq: 4 });
    continuity.subscribed({ topic: 'a', stream: 'topic:a', epoch: 'e2', seq: 1 }); // another epoch: a break
    continuity.subscribed({ topic: 'a', stream: 'topic:a', epoch: 'e2', seq: 8, recovered: false, reason: 'window_exceeded' });
    expect(signals).toEqual([
      { stream: 'topic:a', topic: 'a', recovered: false, reason: 'epoch_changed', from: { epoch: 'e', seq: 4 }, to: { epoch: 'e2', seq: 1 } },
      { stream: 'topic:a', topic: 'a', recovered: false, reason: 'window_exceeded', from: { epoch: 'e2', seq: 1 }, to: { epoch: 'e2', seq: 8 } },
    ]);
  });

  it('a throwing listener does not stop the others', () => {
    const thrown: unknown[] = [];
    const continuity = new Continuity((error) => thrown.push(error));
    const seen: string[] = [];
    continuity.listeners.add(() => {
      throw new Error('boom');
    });
    continuity.listeners.add((info) => seen.push(info.stream));
    continuity.positions.accept('all', 'e', 1);
    continuity.positions.accept('all', 'e', 3);
    expect(seen).toEqual(['all']);
    expect(thrown).toHaveLength(1);
  });
});

describe('lost calls', () => {
  const loss = (next: 'reconnecting' | 'closed') => ({
    next,
    error: new ParleyError(ErrorCode.ConnectionClosed, 'Connection closed', { closeCode: CloseCode.Abnormal }),
  });

  it('keeps idempotent calls while reconnecting and writes them again with the same frame; fails them when closing', async () => {
    const requests = new RequestManager();
    const kept = requests.start<number>('m', { a: 1 }, { timeoutMs: 10_000, idempotent: true });
    kept.call!.written();
    const written: string[] = [];
    requests.lost((call) => lostCallError(call, loss('reconnecting')));
    expect(kept.call!.orphaned).toBe(true);
    requests.resend(() => false); // no connection yet: stays orphaned
    expect(kept.call!.orphaned).toBe(true);
    requests.resend((frame) => written.push(frame) > 0);
    expect(written).toEqual([kept.call!.frame]);
    expect(requests.respond({ jsonrpc: '2.0', id: kept.call!.id, result: 3 })).toBe(true);
    expect(await kept.promise).toBe(3);
    const closing = requests.start('m', {}, { timeoutMs: 10_000, idempotent: true });
    closing.call!.written();
    requests.lost((call) => lostCallError(call, loss('closed')));
    await expect(closing.promise).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
  });

  it('fails non-idempotent calls with OutcomeUnknown, naming the method and the cause', async () => {
    const requests = new RequestManager();
    const charge = requests.start('pay.charge', {}, { timeoutMs: 10_000, idempotent: false });
    charge.call!.written();
    const unsent = requests.start('pay.charge', {}, { timeoutMs: 10_000, idempotent: false });
    requests.lost((call) => lostCallError(call, loss('reconnecting')));
    await expect(charge.promise).rejects.toMatchObject({
      code: ErrorCode.OutcomeUnknown,
      data: { method: 'pay.charge', cause: { code: ErrorCode.ConnectionClosed, data: { closeCode: 1006 } } },
    });
    unsent.call!.fail(new ParleyError(ErrorCode.Aborted));
    await expect(unsent.promise).rejects.toMatchObject({ code: ErrorCode.Aborted });
  });

  it('treats the publishing built-ins as non-idempotent, the others as idempotent', () => {
    expect(['rpc.broadcast', 'rpc.private'].map(idempotentByDefault)).toEqual([false, false]);
    expect(['rpc.subscribe', 'rpc.unsubscribe', 'rpc.presence', 'rpc.refresh', 'rpc.ping', 'app.any'].every(idempotentByDefault)).toBe(true);
  });
});
