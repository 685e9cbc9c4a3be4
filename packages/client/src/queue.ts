/**
 * The offline queue: frames written while the client is not connected wait here, bounded by
 * count, bytes and age, and go out in order after the next welcome.
 *
 * @module
 */
import { parleyError, type ParleyError } from '@parley/protocol';
import * as ErrorCode from './error-codes.js';

/**
 * Bounds of the offline queue.
 *
 * @example
 * ```ts
 * const limits: QueueLimits = { maxCount: 100, maxBytes: 1024 * 1024, maxAgeMs: 30_000 };
 * ```
 */
export interface QueueLimits {
  /** Most frames waiting at once. */
  readonly maxCount: number;
  /** Most UTF-8 bytes waiting at once. */
  readonly maxBytes: number;
  /** Longest a frame may wait before it is dropped with `QueueExpired`. */
  readonly maxAgeMs: number;
}

/**
 * Something waiting to be sent: its frame, and how to tell its owner it never will be.
 *
 * @example
 * ```ts
 * const item: QueuedItem = { frame: '{"jsonrpc":"2.0","method":"chat.typing"}', fail: (e) => console.warn(e) };
 * ```
 */
export interface QueuedItem {
  /** The encoded JSON-RPC frame. */
  readonly frame: string;
  /** Called at most once, when the item leaves the queue without being sent. */
  fail(error: ParleyError): void;
}

interface Entry<T> {
  readonly item: T;
  readonly bytes: number;
  readonly expiresAt: number;
}

/**
 * A FIFO queue with three bounds. A frame that would cross the count or byte bound is refused
 * (the queue keeps what it has: older work first); a frame older than `maxAgeMs` is failed with
 * `QueueExpired` by a timer, without waiting for a reconnect.
 *
 * @example
 * ```ts
 * const queue = new OfflineQueue({ maxCount: 100, maxBytes: 1 << 20, maxAgeMs: 30_000 });
 * const refused = queue.push(item, 120); // a ParleyError(QueueOverflow) or undefined
 * for (let next = queue.peek(); next; next = queue.peek()) { send(next.frame); queue.shift(); }
 * ```
 */
export class OfflineQueue<T extends QueuedItem = QueuedItem> {
  #entries: Entry<T>[] = [];
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #limits: QueueLimits;
  readonly #now: () => number;

  /**
   * @param limits - the bounds
   * @param now - the wall clock
   */
  constructor(limits: QueueLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Frames waiting. */
  get size(): number {
    return this.#entries.length;
  }

  /** UTF-8 bytes waiting. */
  get byteSize(): number {
    return this.#bytes;
  }

  /** Queues `item` (its frame is `bytes` long); returns the `QueueOverflow` error if it does not fit. */
  push(item: T, bytes: number): ParleyError | undefined {
    const { maxCount, maxBytes, maxAgeMs } = this.#limits;
    if (this.#entries.length >= maxCount || this.#bytes + bytes > maxBytes) {
      return parleyError(ErrorCode.QueueOverflow, { maxCount, maxBytes, count: this.#entries.length, bytes: this.#bytes });
    }
    this.#entries.push({ item, bytes, expiresAt: this.#now() + maxAgeMs });
    this.#bytes += bytes;
    if (this.#entries.length === 1) this.#arm();
    return undefined;
  }

  /** The oldest item still in time, without removing it (expired ones are failed first). */
  peek(): T | undefined {
    this.#expire();
    return this.#entries[0]?.item;
  }

  /** Removes the oldest item (after it was sent). */
  shift(): void {
    const entry = this.#entries.shift();
    if (entry) this.#bytes -= entry.bytes;
    this.#arm();
  }

  /** Removes `item` wherever it is (its call was aborted); `false` if it was not queued. */
  remove(item: T): boolean {
    const index = this.#entries.findIndex((entry) => entry.item === item);
    if (index < 0) return false;
    this.#bytes -= this.#entries[index]!.bytes;
    this.#entries.splice(index, 1);
    if (index === 0) this.#arm();
    return true;
  }

  /** Fails every item with `error` and empties the queue. */
  clear(error: ParleyError): void {
    const entries = this.#entries;
    this.#entries = [];
    this.#bytes = 0;
    this.#arm();
    for (const entry of entries) entry.item.fail(error);
  }

  #expire(): void {
    const now = this.#now();
    let count = 0;
    while (count < this.#entries.length && this.#entries[count]!.expiresAt <= now) count++;
    if (count === 0) return;
    const expired = this.#entries.splice(0, count);
    for (const entry of expired) this.#bytes -= entry.bytes;
    this.#arm();
    for (const entry of expired) {
      entry.item.fail(parleyError(ErrorCode.QueueExpired, { maxAgeMs: this.#limits.maxAgeMs }));
    }
  }

  /** One timer, for the oldest entry (entries expire in order: they all wait the same maxAgeMs). */
  #arm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const first = this.#entries[0];
    if (!first) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#expire();
      if (this.#timer === undefined) this.#arm();
    }, Math.max(0, first.expiresAt - this.#now()));
  }
}
