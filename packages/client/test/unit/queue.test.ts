import { ErrorCode, type ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineQueue, type QueuedItem } from '../../src/queue.js';

afterEach(() => {
  vi.useRealTimers();
});

function item(frame: string): QueuedItem & { errors: ParleyError[] } {
  const errors: ParleyError[] = [];
  return { frame, errors, fail: (error) => errors.push(error) };
}

function drain(queue: OfflineQueue): string[] {
  const out: string[] = [];
  for (let next = queue.peek(); next; next = queue.peek()) {
    out.push(next.frame);
    queue.shift();
  }
  return out;
}

describe('OfflineQueue', () => {
  const limits = { maxCount: 3, maxBytes: 100, maxAgeMs: 1000 };

  it('keeps order', () => {
    const queue = new OfflineQueue(limits);
    for (const f of ['a', 'b', 'c']) expect(queue.push(item(f), 1)).toBeUndefined();
    expect(drain(queue)).toEqual(['a', 'b', 'c']);
    expect(queue.size).toBe(0);
    expect(queue.byteSize).toBe(0);
  });

  it('refuses the item that would cross maxCount, keeping the older ones', () => {
    const queue = new OfflineQueue(limits);
    for (const f of ['a', 'b', 'c']) queue.push(item(f), 1);
    const refused = queue.push(item('d'), 1);
    expect(refused?.code).toBe(ErrorCode.QueueOverflow);
    expect(refused?.data).toMatchObject({ maxCount: 3, count: 3 });
    expect(drain(queue)).toEqual(['a', 'b', 'c']);
  });

  it('refuses the item that would cross maxBytes', () => {
    const queue = new OfflineQueue(limits);
    expect(queue.push(item('a'), 60)).toBeUndefined();
    expect(queue.push(item('b'), 41)?.code).toBe(ErrorCode.QueueOverflow);
    expect(queue.push(item('c'), 40)).toBeUndefined();
    expect(queue.byteSize).toBe(100);
    expect(queue.push(item('big'), 101)?.code).toBe(ErrorCode.QueueOverflow);
  });

  it('fails items older than maxAgeMs with QueueExpired, by timer, in order', () => {
    vi.useFakeTimers();
    const queue = new OfflineQueue(limits);
    const a = item('a');
    const b = item('b');
    queue.push(a, 1);
    vi.advanceTimersByTime(500);
    queue.push(b, 1);
    vi.advanceTimersByTime(500); // a is 1000 ms old
    expect(a.errors.map((e) => e.code)).toEqual([ErrorCode.QueueExpired]);
    expect(a.errors[0]?.data).toEqual({ maxAgeMs: 1000 });
    expect(b.errors).toEqual([]);
    expect(queue.size).toBe(1);
    vi.advanceTimersByTime(500);
    expect(b.errors.map((e) => e.code)).toEqual([ErrorCode.QueueExpired]);
    expect(queue.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('peek() drops expired items even when the timer has not run yet', () => {
    vi.useFakeTimers();
    const queue = new OfflineQueue(limits);
    const a = item('a');
    queue.push(a, 1);
    vi.setSystemTime(Date.now() + 2000); // the clock jumps (a suspended tab), timers have not fired
    expect(queue.peek()).toBeUndefined();
    expect(a.errors).toHaveLength(1);
  });

  it('remove() takes an item out wherever it is', () => {
    const queue = new OfflineQueue(limits);
    const b = item('b');
    queue.push(item('a'), 1);
    queue.push(b, 5);
    queue.push(item('c'), 1);
    expect(queue.remove(b)).toBe(true);
    expect(queue.remove(b)).toBe(false);
    expect(queue.byteSize).toBe(2);
    expect(drain(queue)).toEqual(['a', 'c']);
    expect(b.errors).toEqual([]);
  });

  it('clear() fails everything once and stops the timer', () => {
    vi.useFakeTimers();
    const queue = new OfflineQueue(limits);
    const items = ['a', 'b'].map(item);
    for (const i of items) queue.push(i, 1);
    const error = { code: ErrorCode.ConnectionClosed } as ParleyError;
    queue.clear(error);
    expect(items.map((i) => i.errors)).toEqual([[error], [error]]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(items.map((i) => i.errors.length)).toEqual([1, 1]);
  });
});
