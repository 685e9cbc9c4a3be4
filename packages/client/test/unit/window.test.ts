import { ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestManager, type PendingCall } from '../../src/requests.js';
import { SendWindow, type WindowSend } from '../../src/window.js';

/** A test item: a call has an id; `send` decides whether the outbox wrote it (default: yes). */
interface Item {
  readonly id?: string;
  readonly name?: string;
  readonly send?: () => boolean;
}
const sendItem: WindowSend<Item> = (item) => item.send?.() ?? true;

afterEach(() => {
  vi.useRealTimers();
});

/** A window over a fake socket: `wire` records what was written; `open` says whether writes go through. */
function setup(maxPendingRequests = 4) {
  const window = new SendWindow(sendItem);
  const wire: string[] = [];
  const link = { open: true };
  window.opened(maxPendingRequests);
  const tried: string[] = [];
  const call = (id: string, priority = false): void => window.submit({ id, send: () => tried.push(id) > 0 && link.open && wire.push(id) > 0 }, true, priority);
  const note = (name: string): void => window.submit({ name, send: () => link.open && wire.push(name) > 0 }, true);
  return { window, wire, tried, link, call, note };
}

describe('SendWindow', () => {
  it('writes up to the limit less the heartbeat slot, then holds calls in order until replies free slots', () => {
    const { window, wire, call } = setup(4);
    for (const id of ['1', '2', '3', '4', '5']) call(id);
    expect(wire).toEqual(['1', '2', '3']);
    window.replied('2');
    expect(wire).toEqual(['1', '2', '3', '4']);
    window.replied('unknown');
    window.replied(7);
    window.replied(null);
    expect(wire).toEqual(['1', '2', '3', '4']);
    window.replied('1');
    expect(wire).toEqual(['1', '2', '3', '4', '5']);
    call('6'); // 3, 4 and 5 are out: no slot
    expect(wire).toHaveLength(5);
    window.replied('4');
    expect(wire.at(-1)).toBe('6');
  });

  it('hands each item on with the flags it was submitted with, also after waiting', () => {
    const seen: Array<[string | undefined, boolean, boolean]> = [];
    const window = new SendWindow<Item>((item, queueable, priority) => (seen.push([item.id, queueable, priority]), true));
    window.opened(2); // one slot
    window.submit({ id: '1' }, true);
    window.submit({ id: '2' }, false);
    window.submit({ id: 'p' }, false, true);
    window.replied('1');
    window.replied('p');
    expect(seen).toEqual([['1', true, false], ['p', false, true], ['2', false, false]]);
  });

  it('keeps at least one slot when the server allows a single request', () => {
    const { wire, call } = setup(1);
    call('1');
    call('2');
    expect(wire).toEqual(['1']);
  });

  it('lets notifications through without a slot, but never ahead of a waiting call', () => {
    const { window, wire, call, note } = setup(2);
    note('n1');
    call('1');
    note('n2');
    call('2');
    note('n3');
    expect(wire).toEqual(['n1', '1', 'n2']);
    window.replied('1');
    expect(wire).toEqual(['n1', '1', 'n2', '2', 'n3']);
  });

  it('puts priority calls ahead of the others, in their own order', () => {
    const { window, wire, call } = setup(2);
    call('1');
    call('2');
    call('p1', true);
    call('p2', true);
    expect(wire).toEqual(['1']);
    window.replied('1');
    window.replied('p1');
    window.replied('p2');
    expect(wire).toEqual(['1', 'p1', 'p2', '2']);
  });

  it('drops a call that settles while it waits (aborted): it is never written', () => {
    const { window, wire, call } = setup(2);
    call('1');
    const aborted = { id: '2', send: () => wire.push('2') > 0 };
    window.submit(aborted, true);
    call('3');
    window.drop({ id: 'not waiting' }); // changes nothing
    window.drop(aborted);
    window.replied('1');
    expect(wire).toEqual(['1', '3']);
  });

  it('without a connection there is no window; a lost connection hands what waits on, and frees every slot', () => {
    const { window, wire, tried, link, call } = setup(2);
    call('1');
    call('2');
    call('3');
    link.open = false;
    window.closed(); // 2 and 3 are handed to the outbox (which queues or fails them: not written here)
    expect(tried).toEqual(['1', '2', '3']);
    call('4');
    expect(tried).toEqual(['1', '2', '3', '4']); // no window: straight on
    expect(wire).toEqual(['1']);
    link.open = true;
    window.opened(3); // two slots, all free: closing freed 1's
    expect(window.wrote('5', true)).toBe(true); // a re-send after the welcome takes one
    expect(window.wrote('6', false)).toBe(false);
    call('7');
    call('8');
    expect(wire).toEqual(['1', '7']);
    window.replied('5');
    expect(wire).toEqual(['1', '7', '8']);
  });

  it('a call the outbox fails at once (too large, not connected) takes no slot: the line moves on', () => {
    const window = new SendWindow(sendItem);
    window.opened(2);
    window.submit({ id: 'first' }, true);
    let sends = 0;
    for (let i = 0; i < 1000; i++) {
      window.submit({ id: String(i), send: () => (sends++, false) }, true);
    }
    window.submit({ id: 'last' }, true);
    expect(sends).toBe(0);
    window.replied('first');
    expect(sends).toBe(1000); // and 'last' took the slot
    let after = false;
    window.submit({ id: 'after', send: () => (after = true) }, true);
    expect(after).toBe(false);
    window.replied('last');
    expect(after).toBe(true);
  });

  it("regression: a waiting call's timeout starts when it is written, not while it waits", async () => {
    vi.useFakeTimers();
    const requests = new RequestManager();
    const window = new SendWindow<PendingCall>((call) => (call.written(), true));
    requests.onResponse = (id) => window.replied(id);
    window.opened(2);
    const start = (timeoutMs: number): { call: PendingCall; promise: Promise<unknown> } => {
      const { call, promise } = requests.start('m', {}, { timeoutMs, idempotent: true });
      window.submit(call!, true);
      return { call: call!, promise };
    };
    const first = start(60_000);
    const second = start(100);
    const settled: string[] = [];
    second.promise.then(
      () => settled.push('ok'),
      (error: { code: number }) => settled.push(String(error.code)),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toEqual([]);
    expect(second.call.sent).toBe(false);
    requests.respond({ jsonrpc: '2.0', id: first.call.id, result: null });
    expect(second.call.sent).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toEqual([String(ErrorCode.Timeout)]);
    await first.promise;
  });

  it('a written call that timed out keeps its slot until its late reply (the server still runs it)', async () => {
    vi.useFakeTimers();
    const requests = new RequestManager();
    const written: string[] = [];
    const window = new SendWindow<PendingCall>((call) => (call.written(), written.push(call.id) > 0));
    requests.onResponse = (id) => window.replied(id);
    window.opened(2);
    const start = (): Promise<unknown> => {
      const { call, promise } = requests.start('m', {}, { timeoutMs: 50, idempotent: true });
      window.submit(call!, true);
      return promise.catch((error: { code: number }) => error.code);
    };
    const timedOut = start();
    void start();
    await vi.advanceTimersByTimeAsync(60);
    expect(await timedOut).toBe(ErrorCode.Timeout);
    expect(written).toEqual(['1']);
    expect(requests.respond({ jsonrpc: '2.0', id: '1', result: 'late' })).toBe(false);
    expect(written).toEqual(['1', '2']);
    await vi.runAllTimersAsync();
  });
});
