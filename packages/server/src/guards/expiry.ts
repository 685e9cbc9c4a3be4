/**
 * Session expiry: when a session's `expiresAt` passes without an in-session refresh, the server
 * closes it with 4419 (`CloseCode.CredentialsExpired`, retryable with new credentials).
 *
 * Design: one min-heap of deadlines and a single timer armed for the earliest one, instead of a
 * timer per connection. Scheduling and refreshing are O(log n); a refresh pushes a new entry and
 * leaves the old one to be skipped (lazy deletion), and the heap is rebuilt when stale entries
 * outnumber live ones, so memory stays proportional to the live sessions.
 *
 * @module
 */

/**
 * Timer functions (injectable; default the global ones, looked up at call time).
 *
 * @example
 * ```ts
 * const timers: ExpiryTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 * ```
 */
export interface ExpiryTimers {
  /** Schedules `fn` after `ms`; returns a handle. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle. */
  clearTimeout(handle: unknown): void;
}

/**
 * Options of {@link ExpiryScheduler}.
 *
 * @example
 * ```ts
 * const options: ExpirySchedulerOptions<string> = { onExpire: (id) => closeConnection(id, 4419) };
 * ```
 */
export interface ExpirySchedulerOptions<K> {
  /** Called once per key whose deadline passed (errors it throws are ignored). */
  readonly onExpire: (key: K) => void;
  /** The clock, epoch milliseconds like `expiresAt`. Default `Date.now`. */
  readonly now?: () => number;
  /** Timer functions. Default the global ones (unref'ed, so they never hold the process open). */
  readonly timers?: ExpiryTimers;
}

interface Entry<K> {
  readonly at: number;
  readonly key: K;
  readonly version: number;
}

/** Longest delay `setTimeout` accepts (about 24.8 days); longer deadlines re-arm on the way. */
const MAX_DELAY = 2 ** 31 - 1;

const globalTimers: ExpiryTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `onExpire(key)` when a key's deadline passes, unless it was rescheduled or cancelled.
 *
 * @example
 * ```ts
 * const expiry = new ExpiryScheduler<string>({ onExpire: (id) => connections.get(id)?.close(4419) });
 * expiry.schedule('c1', identity.expiresAt); // at hello
 * expiry.schedule('c1', refreshed.expiresAt); // at rpc.refresh: replaces the deadline
 * expiry.cancel('c1');                        // at close
 * ```
 */
export class ExpiryScheduler<K> {
  private readonly heap: Entry<K>[] = [];
  private readonly live = new Map<K, Entry<K>>();
  private readonly onExpire: (key: K) => void;
  private readonly now: () => number;
  private readonly timers: ExpiryTimers;
  private timer: unknown;
  private armedAt = Infinity;
  private version = 0;

  /** @param options - the expiry callback, clock and timers */
  constructor(options: ExpirySchedulerOptions<K>) {
    this.onExpire = options.onExpire;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers;
  }

  /** Sessions with a deadline. */
  get size(): number {
    return this.live.size;
  }

  /** When `key` expires, or `undefined`. */
  expiresAt(key: K): number | undefined {
    return this.live.get(key)?.at;
  }

  /**
   * Sets (or replaces) the deadline of `key`, in epoch milliseconds. A deadline already past
   * fires on the next timer turn, not synchronously.
   *
   * @example
   * ```ts
   * expiry.schedule('c1', Date.now() + 60_000);
   * ```
   */
  schedule(key: K, expiresAt: number): void {
    if (!Number.isFinite(expiresAt)) {
      this.cancel(key);
      return;
    }
    const entry = { at: expiresAt, key, version: ++this.version };
    this.live.set(key, entry);
    this.push(entry);
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) this.rebuild();
    this.arm();
  }

  /**
   * Forgets `key` (the connection closed). Safe for unknown keys.
   *
   * @example
   * ```ts
   * expiry.cancel('c1');
   * ```
   */
  cancel(key: K): void {
    if (!this.live.delete(key)) return;
    if (this.live.size === 0) {
      this.heap.length = 0;
      this.disarm();
    } else if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) this.rebuild();
  }

  /**
   * Cancels everything and the timer (server shutdown).
   *
   * @example
   * ```ts
   * expiry.close();
   * ```
   */
  close(): void {
    this.live.clear();
    this.heap.length = 0;
    this.disarm();
  }

  private isLive(entry: Entry<K>): boolean {
    return this.live.get(entry.key) === entry;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = this.now();
    while (this.heap.length > 0 && (this.heap[0] as Entry<K>).at <= now) {
      const entry = this.pop();
      if (!this.isLive(entry)) continue;
      this.live.delete(entry.key);
      try {
        this.onExpire(entry.key);
      } catch {
        // one failing close must not stop the others
      }
    }
    this.arm();
  }

  private arm(): void {
    while (this.heap.length > 0 && !this.isLive(this.heap[0] as Entry<K>)) this.pop();
    const first = this.heap[0];
    if (!first) return this.disarm();
    if (first.at >= this.armedAt && this.timer !== undefined) return;
    this.disarm();
    this.armedAt = first.at;
    const delay = Math.min(MAX_DELAY, Math.max(0, first.at - this.now()));
    this.timer = this.timers.setTimeout(() => this.fire(), delay);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private rebuild(): void {
    this.heap.length = 0;
    for (const entry of this.live.values()) this.push(entry);
  }

  private push(entry: Entry<K>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as Entry<K>).at <= entry.at) break;
      h[i] = h[parent] as Entry<K>;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): Entry<K> {
    const h = this.heap;
    const top = h[0] as Entry<K>;
    const last = h.pop() as Entry<K>;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const child = r < h.length && (h[r] as Entry<K>).at < (h[l] as Entry<K>).at ? r : l;
        if ((h[child] as Entry<K>).at >= last.at) break;
        h[i] = h[child] as Entry<K>;
        i = child;
      }
      h[i] = last;
    }
    return top;
  }
}
