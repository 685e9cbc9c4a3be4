/**
 * The way out: every frame passes the local size check, then goes to the socket, or waits in the
 * offline queue, or fails at once.
 *
 * @module
 */
import { parleyError, utf8Length, type ParleyError } from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import type { OfflineQueue, QueuedItem } from './queue.js';

/**
 * A frame on its way out, and how to tell its owner what became of it.
 *
 * @example
 * ```ts
 * outbox.submit({ frame, written: () => resolve(), fail: reject }, true);
 * ```
 */
export interface Outgoing extends QueuedItem {
  /** A call's request id (the send window gives it a slot); notifications have none. */
  readonly id?: string | undefined;
  /** The frame was handed to the socket. */
  written(): void;
}

/**
 * What the outbox needs from the client.
 *
 * @example
 * ```ts
 * const link: OutboxLink = { write, canQueue: () => true, maxMessageBytes: () => 65_536, notConnected };
 * ```
 */
export interface OutboxLink {
  /** Writes to the open connection; `false` when there is none. */
  write(frame: string): boolean;
  /** Whether waiting for a reconnect makes sense (not after a terminal close). */
  canQueue(): boolean;
  /** The largest frame the server takes (its welcome's, else the protocol default). */
  maxMessageBytes(): number;
  /** The error for a frame that can neither be sent nor wait. */
  notConnected(): ParleyError;
}

/**
 * Sends, queues or fails frames, keeping their order: while anything waits in the queue, new
 * frames queue behind it.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(new OfflineQueue(limits), link);
 * outbox.submit(call, true);
 * outbox.flush(); // after the welcome
 * ```
 */
export class Outbox {
  readonly #queue: OfflineQueue<Outgoing> | undefined;
  readonly #link: OutboxLink;

  /**
   * @param queue - the offline queue, or `undefined` when queueing is off
   * @param link - the connection side
   */
  constructor(queue: OfflineQueue<Outgoing> | undefined, link: OutboxLink) {
    this.#queue = queue;
    this.#link = link;
  }

  /**
   * Sends `item`, or queues it when allowed, or fails it. `priority` frames skip the queue (the
   * re-subscriptions that must precede queued work after a reconnect).
   */
  submit(item: Outgoing, queueable: boolean, priority = false): void {
    if (!this.#fits(item)) return;
    if ((priority || !this.#queue?.size) && this.#link.write(item.frame)) return item.written();
    if (!queueable || !this.#queue || !this.#link.canQueue()) return item.fail(this.#link.notConnected());
    const refused = this.#queue.push(item, utf8Length(item.frame));
    if (refused) item.fail(refused);
  }

  /** Sends what waits, in order, until the queue is empty or the connection is gone. */
  flush(): void {
    const queue = this.#queue;
    if (!queue) return;
    for (let item = queue.peek(); item; item = queue.peek()) {
      if (!this.#fits(item, () => queue.shift())) continue;
      if (!this.#link.write(item.frame)) return;
      queue.shift();
      item.written();
    }
  }

  /** Fails everything that waits. */
  clear(error: ParleyError): void {
    this.#queue?.clear(error);
  }

  /** Whether the frame is within the server's limit; fails it when not. */
  #fits(item: Outgoing, drop?: () => void): boolean {
    const max = this.#link.maxMessageBytes();
    // A UTF-16 unit is at most 3 UTF-8 bytes: most frames need no count (one per call: hot path).
    if (item.frame.length * 3 <= max) return true;
    const size = utf8Length(item.frame);
    if (size <= max) return true;
    drop?.();
    item.fail(parleyError(ErrorCode.PayloadTooLarge, { limit: 'maxMessageBytes', max, size }));
    return false;
  }
}
