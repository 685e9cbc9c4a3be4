import { ErrorCode, ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
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
    requests.onSettle = onSettle;
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: ErrorCode.Aborted, data: { method: 'm' } });
    expect(onSettle).toHaveBeenCalledTimes(1);
    expect(onSettle).toHaveBeenCalledWith(call); // and it left the pending calls: a reply now finds nothing
    call!.written();
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 })).toBe(false);
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

  it('checks results against the schema (a refused one rejects with Invalid result and its issues), then shows them to onResult', async () => {
    const requests = new RequestManager();
    const seen: unknown[] = [];
    const typed = { ...settings, result: v.object({ n: v.number() }), onResult: (r: unknown) => void seen.push(r) };
    const a = requests.start('m', {}, typed);
    const b = requests.start('m', {}, typed);
    a.call!.written();
    b.call!.written();
    requests.respond({ jsonrpc: '2.0', id: a.call!.id, result: { n: 1, extra: true } });
    requests.respond({ jsonrpc: '2.0', id: b.call!.id, result: { n: 'x' } });
    await expect(a.promise).resolves.toEqual({ n: 1 }); // valibot's output: unknown keys dropped
    await expect(b.promise).rejects.toMatchObject({ code: ErrorCode.InternalError, message: 'Invalid result', data: { method: 'm', issues: [{ path: 'n' }] } });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('takes a result the compiled check passes as it is, and asks valibot about the others', async () => {
    const requests = new RequestManager();
    const checked: unknown[] = [];
    const check = (r: unknown): boolean => (checked.push(r), (r as { n?: unknown }).n === 1);
    const typed = { ...settings, result: v.object({ n: v.number() }), check };
    const passed = { n: 1 };
    const a = requests.start('m', {}, typed);
    const b = requests.start('m', {}, typed);
    a.call!.written();
    b.call!.written();
    requests.respond({ jsonrpc: '2.0', id: a.call!.id, result: passed });
    requests.respond({ jsonrpc: '2.0', id: b.call!.id, result: { n: 2, extra: 0 } });
    expect(await a.promise).toBe(passed); // the very object: no copy
    expect(await b.promise).toEqual({ n: 2 });
    expect(checked).toHaveLength(2);
  });

  it('rejects with the error onResult throws', async () => {
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, { ...settings, onResult: () => { throw new ParleyError(ErrorCode.InvalidParams, 'no'); } });
    call!.written();
    requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 });
    await expect(promise).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: 'no' });
  });

  it('times each call out at its own deadline, counted from its first write', async () => {
    vi.useFakeTimers();
    const requests = new RequestManager();
    const start = (timeoutMs: number) => {
      const { call, promise } = requests.start('m', {}, { ...settings, timeoutMs });
      return { call: call!, record: watch(promise) };
    };
    const a = start(1000);
    const b = start(300);
    const answered = start(200);
    a.call.written();
    b.call.written(); // earlier than a: the timer moves up
    answered.call.written();
    requests.respond({ jsonrpc: '2.0', id: answered.call.id, result: 'ok' }); // its deadline passes harmlessly
    vi.advanceTimersByTime(500);
    a.call.written(); // a re-send: a's deadline stays at 1000
    const c = start(1000);
    c.call.written(); // due at 1500, after a
    await flush();
    expect([a.record.settled, b.record.settled, answered.record.settled]).toEqual([[], [['error', expect.objectContaining({ code: ErrorCode.Timeout, data: { method: 'm', timeoutMs: 300 } })]], [['ok', 'ok']]]);
    expect(vi.getTimerCount()).toBe(2); // a's and c's: a settled call leaves none
    vi.advanceTimersByTime(499);
    await flush();
    expect(a.record.settled).toEqual([]);
    vi.advanceTimersByTime(1);
    await flush();
    expect(a.record.settled).toHaveLength(1);
    expect(c.record.settled).toEqual([]);
    vi.advanceTimersByTime(500);
    await flush();
    expect(c.record.settled).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind once every call failed (a closed client must not hold a Node process open)', () => {
    vi.useFakeTimers();
    const requests = new RequestManager();
    const { call, promise } = requests.start('m', {}, settings);
    promise.catch(() => undefined);
    call!.written();
    expect(vi.getTimerCount()).toBe(1);
    requests.failAll(new ParleyError(ErrorCode.ConnectionClosed));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores replies to unknown ids, numeric ids and calls not yet sent', () => {
    const requests = new RequestManager();
    const { call } = requests.start('m', {}, settings);
    expect(requests.respond({ jsonrpc: '2.0', id: 'nope', result: 1 })).toBe(false);
    expect(requests.respond({ jsonrpc: '2.0', id: 1, result: 1 })).toBe(false);
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 })).toBe(false); // never written
    call!.written(); // still pending: once written, its reply is taken
    expect(requests.respond({ jsonrpc: '2.0', id: call!.id, result: 1 })).toBe(true);
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
    requests.failAll(error); // the two left pending
    await expect(kept.promise).rejects.toBe(error);
    await expect(queued.promise).rejects.toBe(error);
  });
});
