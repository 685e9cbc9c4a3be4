import { ErrorCode, ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestManager } from '../../src/requests.js';

afterEach(() => {
  vi.useRealTimers();
});

const settings = { timeoutMs: 1000, idempotent: true };

/** Records how a promise settled, and how often its callbacks ran. */
function watch(promise: Promise<unknown>): { settled: Array<['ok', unknown] | ['error', ParleyError]> } {
  const record: { settled: Array<['ok', unknown] | ['error', ParleyError]> } = { settled: [] };
  promise.then(
    (value) => record.settled.push(['ok', value]),
    (error: ParleyError) => record.settled.push(['error', error]),
  );
  return record;
}

/** Lets promise callbacks run (fake timers also fake setImmediate). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('RequestManager', () => {
  it('gives string ids unique for the client lifetime', () => {
    const requests = new RequestManager();
    const ids = [requests.nextId(), requests.start('m', {}, settings).call!.id, requests.nextId()];
    expect(ids).toEqual(['1', '2', '3']);
  });

  it('encodes the request frame with its id', () => {
    const { call } = new RequestManager().start('chat.send', { text: 'hi' }, settings);
    expect(JSON.parse(call!.frame)).toEqual({ jsonrpc: '2.0', id: '1', method: 'chat.send', params: { text: 'hi' } });
  });

  it('settles exactly once: a second reply, a late timeout or abort change nothing', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, { ...settings, signal: controller.signal });
    const record = watch(promise);
    call!.written();
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 })).toBe(true);
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 2 })).toBe(false);
    call!.fail(new ParleyError(ErrorCode.InternalError));
    controller.abort();
    vi.advanceTimersByTime(5000);
    await vi.runAllTimersAsync();
    expect(record.settled).toEqual([['ok', 1]]);
    expect(requests.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the error object of an error reply', async () => {
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, settings);
    call!.written();
    requests.respond({ jsonrpc: '2.0', id: call!.id, error: { code: -32602, message: 'Invalid params', data: { issues: [] } } });
    await expect(promise).rejects.toMatchObject({ name: 'ParleyError', code: -32602, data: { issues: [] } });
  });

  it('times out only after the frame was written, with Timeout', async () => {
    vi.useFakeTimers();
    const requests = new RequestManager();
    const { call, promise } = requests.start('slow', {}, settings);
    const record = watch(promise);
    vi.advanceTimersByTime(10_000); // queued: no timer yet
    await flush();
    expect(record.settled).toEqual([]);
    call!.written();
    vi.advanceTimersByTime(999);
    await flush();
    expect(record.settled).toEqual([]);
    vi.advanceTimersByTime(1);
    await flush();
    expect(record.settled).toHaveLength(1);
    const [kind, error] = record.settled[0]!;
    expect(kind).toBe('error');
    expect(error).toMatchObject({ code: ErrorCode.Timeout, data: { method: 'slow', timeoutMs: 1000 } });
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 'late' })).toBe(false);
  });

  it('a timeout of Infinity never fires', () => {
    vi.useFakeTimers();
    const { call } = new RequestManager().start('m', {}, { ...settings, timeoutMs: Number.POSITIVE_INFINITY });
    call!.written();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with Aborted when the signal aborts, and calls onSettle', async () => {
    const controller = new AbortController();
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, { ...settings, signal: controller.signal });
    const onSettle = vi.fn();
    call!.onSettle = onSettle;
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: ErrorCode.Aborted, data: { method: 'm' } });
    expect(onSettle).toHaveBeenCalledTimes(1);
    expect(requests.size).toBe(0);
  });

  it('rejects at once for an already-aborted signal, without an id or a frame', async () => {
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, { ...settings, signal: AbortSignal.abort() });
    expect(call).toBeUndefined();
    await expect(promise).rejects.toMatchObject({ code: ErrorCode.Aborted });
  });

  it('rejects params JSON cannot encode with InvalidParams', async () => {
    const { call, promise } = new RequestManager().start('m', { n: 1n }, settings);
    expect(call).toBeUndefined();
    await expect(promise).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });

  it('parses results, and a parse failure rejects', async () => {
    const requests = new RequestManager();
    const parse = (r: unknown): unknown => {
      if (typeof r !== 'number') throw new ParleyError(ErrorCode.InternalError, 'Invalid result');
      return r * 2;
    };
    const a = requests.start('m', {}, { ...settings, parse });
    const b = requests.start('m', {}, { ...settings, parse });
    a.call!.written();
    b.call!.written();
    requests.respond({ jsonrpc: '2.0', id: a.call!.id, result: 21 });
    requests.respond({ jsonrpc: '2.0', id: b.call!.id, result: 'x' });
    await expect(a.promise).resolves.toBe(42);
    await expect(b.promise).rejects.toMatchObject({ message: 'Invalid result' });
  });

  it('ignores replies to unknown ids, numeric ids and calls not yet sent', () => {
    const requests = new RequestManager();
    const { call } = requests.start('m', {}, settings);
    expect(requests.respond({ jsonrpc: '2.0', id: 'nope', result: 1 })).toBe(false);
    expect(requests.respond({ jsonrpc: '2.0', id: 1, result: 1 })).toBe(false);
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 })).toBe(false); // never written
    expect(requests.size).toBe(1);
  });

  it('lost() decides per sent call; unsent calls are left alone', async () => {
    const requests = new RequestManager();
    const sent = requests.start('a', {}, settings);
    const kept = requests.start('b', {}, { ...settings, idempotent: false });
    const queued = requests.start('c', {}, settings);
    sent.call!.written();
    kept.call!.written();
    const error = new ParleyError(ErrorCode.ConnectionClosed, 'Connection closed', { closeCode: 1006 });
    const seen: string[] = [];
    requests.lost((call) => {
      seen.push(call.method);
      return call.idempotent ? error : undefined;
    });
    expect(seen).toEqual(['a', 'b']);
    await expect(sent.promise).rejects.toBe(error);
    expect(requests.size).toBe(2);
    requests.failAll(error);
    await expect(kept.promise).rejects.toBe(error);
    await expect(queued.promise).rejects.toBe(error);
    expect(requests.size).toBe(0);
  });
});
