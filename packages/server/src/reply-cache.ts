/**
 * One session's memory of its recent replies, keyed by JSON-RPC id (protocol 7.4): a request
 * re-sent with the same id gets the first reply, and a handler never runs twice for it, even
 * while its first run is still going.
 *
 * @module
 */
import { encodeError, ErrorCode, ParleyError, type JsonRpcId } from '@parley/protocol';

/**
 * Bounds of a {@link ReplyCache}. An entry leaves when any bound is crossed, oldest first.
 *
 * @example
 * ```ts
 * const limits: ReplyCacheLimits = { maxEntries: 100, maxBytes: 65_536, ttlMs: 120_000 };
 * ```
 */
export interface ReplyCacheLimits {
  /** Most entries (running or answered). */
  readonly maxEntries: number;
  /** Most bytes (UTF-16 length) of answered replies. */
  readonly maxBytes: number;
  /** Oldest entry kept, in ms from when its request first arrived. */
  readonly ttlMs: number;
}

interface Entry {
  readonly method: string;
  readonly reply: Promise<string | undefined>;
  readonly at: number;
  bytes: number;
}

/** The cache key of an id: `"1"` and `1` are different ids. */
const keyOf = (id: string | number): string => (typeof id === 'string' ? `s${id}` : `n${id}`);

/**
 * Replies by request id, bounded by count, bytes and age.
 *
 * @example
 * ```ts
 * const cache = new ReplyCache({ maxEntries: 100, maxBytes: 65_536, ttlMs: 120_000 });
 * const reply = await cache.run('7', 'chat.send', () => runHandler()); // runs
 * await cache.run('7', 'chat.send', () => runHandler()); // the same reply; runHandler is not called
 * ```
 */
export class ReplyCache {
  /** Made on first use: most sessions never re-send a request (and many send none). */
  private entries: Map<string, Entry> | undefined;
  private bytes = 0;

  /**
   * @param limits - the bounds
   * @param now - the clock
   */
  constructor(
    private readonly limits: ReplyCacheLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Entries held (running or answered). */
  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Bytes of answered replies held. */
  get byteSize(): number {
    return this.bytes;
  }

  /**
   * The reply to request `id`: the remembered one (running or done), or `execute()`'s, which is
   * remembered. An id already used for another method is answered -32600 without running.
   * `execute` must not reject (a rejection is passed on and not remembered).
   */
  run(id: JsonRpcId, method: string, execute: () => Promise<string | undefined>): Promise<string | undefined> {
    if (id === null) return execute();
    const now = this.now();
    this.trim(now);
    const key = keyOf(id);
    const known = this.entries?.get(key);
    if (known) {
      if (known.method === method) return known.reply;
      const error = new ParleyError(ErrorCode.InvalidRequest, 'Request id already used in this session for another method').toJSON();
      return Promise.resolve(encodeError(id, error));
    }
    if (this.limits.maxEntries === 0) return execute();
    const reply = execute();
    const entry: Entry = { method, reply, at: now, bytes: 0 };
    const entries = (this.entries ??= new Map());
    entries.set(key, entry);
    reply.then(
      (text) => {
        if (entries.get(key) !== entry) return;
        entry.bytes = text?.length ?? 0;
        this.bytes += entry.bytes;
        this.trim(this.now());
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    this.trim(now);
    return reply;
  }

  /** Drops entries past any bound, oldest first. */
  trim(now: number): void {
    const { entries } = this;
    if (!entries || entries.size === 0) return;
    const { maxEntries, maxBytes, ttlMs } = this.limits;
    if (entries.size <= maxEntries && this.bytes <= maxBytes) {
      // Within the count and byte bounds only age can trim, and the oldest entry is the first.
      const oldest = entries.values().next().value;
      if (oldest && now - oldest.at <= ttlMs) return;
    }
    for (const [key, entry] of entries) {
      const over = entries.size > maxEntries || this.bytes > maxBytes || now - entry.at > ttlMs;
      if (!over) return;
      entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}
