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

/** One frame waiting for its turn (internal). */
interface Waiting {
  readonly item: object;
  /** The request id when the item is a call (it takes a slot), else `undefined`. */
  readonly id: string | undefined;
  readonly priority: boolean;
  /** Hands the item on (to the outbox); returns whether it was written to the socket. */
  readonly send: () => boolean;
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
 * const sendWindow = new SendWindow();
 * sendWindow.opened(welcome.limits.maxPendingRequests);
 * sendWindow.submit(call, call.id, () => { outbox.submit(call, true); return call.sent; });
 * sendWindow.replied(reply.id); // a slot is free: the next waiting call goes out
 * ```
 */
export class SendWindow {
  /** Ids written on this connection whose reply has not arrived. */
  readonly #out = new Set<string>();
  #line: Waiting[] = [];
  #limit = Number.POSITIVE_INFINITY;
  #pumping = false;

  /** Frames waiting for a slot. */
  get waiting(): number {
    return this.#line.length;
  }

  /** Requests written and not answered yet. */
  get inFlight(): number {
    return this.#out.size;
  }

  /** A connection opened whose server runs up to `maxPendingRequests` requests at once. */
  opened(maxPendingRequests: number): void {
    this.#out.clear();
    this.#limit = Math.max(1, maxPendingRequests - RESERVED);
  }

  /** The connection is gone: nothing is out any more, and what waits is handed on (to the offline queue). */
  closed(): void {
    this.#out.clear();
    this.#limit = Number.POSITIVE_INFINITY;
    this.#pump();
  }

  /**
   * Sends `item` now if it may go (a free slot, or no slot needed, and nothing older waiting),
   * else lines it up. `id` marks a call: it holds a slot from its write until {@link replied}.
   */
  submit(item: object, id: string | undefined, send: () => boolean, priority = false): void {
    const head = this.#line[0];
    if ((priority ? !head?.priority : head === undefined) && this.#fits(id)) return this.#go(id, send);
    const entry: Waiting = { item, id, priority, send };
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
  drop(item: object): void {
    const at = this.#line.findIndex((entry) => entry.item === item);
    if (at >= 0) this.#line.splice(at, 1);
  }

  #fits(id: string | undefined): boolean {
    return id === undefined || this.#out.size < this.#limit;
  }

  #go(id: string | undefined, send: () => boolean): void {
    if (send() && id !== undefined && this.#limit !== Number.POSITIVE_INFINITY) this.#out.add(id);
  }

  /** Sends from the head of the line while it fits. Not re-entrant: a send that settles its call at once comes back here. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let entry = this.#line[0]; entry && this.#fits(entry.id); entry = this.#line[0]) {
        this.#line.shift();
        this.#go(entry.id, entry.send);
      }
    } finally {
      this.#pumping = false;
    }
  }
}
