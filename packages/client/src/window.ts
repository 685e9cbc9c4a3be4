/**
 * The send window: the server runs at most `welcome.limits.maxPendingRequests` requests of a
 * connection at once and refuses the rest (`LimitExceeded`), so the client keeps the calls past
 * that number to itself. They wait here, in order, and go out one by one as replies free slots.
 *
 * A slot is taken when a request is written and freed when its reply arrives (or the connection
 * ends): a call that timed out or was aborted keeps its slot until its late reply, because the
 * server still runs it. One slot is left for the heartbeat's `rpc.ping`. Notifications take no
 * slot (no reply says when the server is done with them) but wait behind calls, so order holds.
 * Without an open connection there is no window: everything goes to the outbox, whose offline
 * queue rules apply; at the next welcome the offline queue is passed through the window again.
 *
 * @module
 */

/**
 * What the window passes on: a call has its request `id` (it takes a slot), a notification none.
 *
 * @example
 * ```ts
 * const item: WindowItem = call; // a PendingCall: { id: '7', ... }
 * ```
 */
export interface WindowItem {
  readonly id?: string | undefined;
}

/**
 * Hands an item on (to the outbox) with the flags it was submitted with; returns whether it was
 * written to the socket. One function for every item: no closure per call.
 *
 * @example
 * ```ts
 * const send: WindowSend<PendingCall> = (call, queueable, priority) => (outbox.submit(call, queueable, priority), call.sent);
 * ```
 */
export type WindowSend<T> = (item: T, queueable: boolean, priority: boolean) => boolean;

/** One frame waiting for its turn (internal). */
interface Waiting<T> {
  readonly item: T;
  readonly queueable: boolean;
  readonly priority: boolean;
}

/** Slots kept free for the heartbeat's `rpc.ping`, a request the window does not see. */
const RESERVED = 1;

/**
 * Counts the requests the server is running for this connection and holds the calls past its
 * limit, first in first out (`priority` ones, the re-sends and re-subscriptions after a
 * welcome, ahead of the others).
 *
 * @example
 * ```ts
 * const sendWindow = new SendWindow<PendingCall>((call, queueable, priority) => (outbox.submit(call, queueable, priority), call.sent));
 * sendWindow.opened(welcome.limits.maxPendingRequests);
 * sendWindow.submit(call, true);
 * sendWindow.replied(reply.id); // a slot is free: the next waiting call goes out
 * ```
 */
export class SendWindow<T extends WindowItem> {
  /** Ids written on this connection whose reply has not arrived. */
  readonly #out = new Set<string>();
  #line: Waiting<T>[] = [];
  #limit = Infinity;
  #pumping = false;
  readonly #send: WindowSend<T>;

  /** @param send - hands an item on when its turn comes */
  constructor(send: WindowSend<T>) {
    this.#send = send;
  }



  /** A connection opened whose server runs up to `maxPendingRequests` requests at once. */
  opened(maxPendingRequests: number): void {
    this.#out.clear();
    this.#limit = Math.max(1, maxPendingRequests - RESERVED);
  }

  /** The connection is gone: nothing is out any more, and what waits is handed on (to the offline queue). */
  closed(): void {
    this.#out.clear();
    this.#limit = Infinity;
    this.#pump();
  }

  /**
   * Sends `item` now if it may go (a free slot, or no slot needed, and nothing older waiting),
   * else lines it up. A call (an item with an `id`) holds a slot from its write until
   * {@link replied}. `queueable` and `priority` go to the send function with it.
   */
  submit(item: T, queueable: boolean, priority = false): void {
    const head = this.#line[0];
    if ((priority ? !head?.priority : head === undefined) && this.#fits(item)) return this.#go(item, queueable, priority);
    const entry: Waiting<T> = { item, queueable, priority };
    if (!priority) {
      this.#line.push(entry);
      return;
    }
    let at = 0;
    while (this.#line[at]?.priority) at++;
    this.#line.splice(at, 0, entry);
  }

  /** Counts a request written outside the window (a re-send after a reconnect). */
  wrote(id: string, written: boolean): boolean {
    if (written) this.#out.add(id);
    return written;
  }

  /** A reply arrived: its request's slot is free. */
  replied(id: unknown): void {
    if (typeof id === 'string' && this.#out.delete(id)) this.#pump();
  }

  /** `item` settled before its turn (aborted): it leaves the line. */
  drop(item: T): void {
    const at = this.#line.findIndex((entry) => entry.item === item);
    if (at >= 0) this.#line.splice(at, 1);
  }

  #fits(item: T): boolean {
    return item.id === undefined || this.#out.size < this.#limit;
  }

  #go(item: T, queueable: boolean, priority: boolean): void {
    const { id } = item;
    if (this.#send(item, queueable, priority) && id !== undefined && this.#limit !== Infinity) this.#out.add(id);
  }

  /** Sends from the head of the line while it fits. Not re-entrant: a send that settles its call at once comes back here. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let entry = this.#line[0]; entry && this.#fits(entry.item); entry = this.#line[0]) {
        this.#line.shift();
        this.#go(entry.item, entry.queueable, entry.priority);
      }
    } finally {
      this.#pumping = false;
    }
  }
}
