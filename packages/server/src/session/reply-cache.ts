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

/** A reply: the text (`undefined` for none), or a promise of it while the first run is going. */
type Reply = string | undefined;

interface Entry {
  readonly method: string;
  reply: Reply | Promise<Reply>;
  readonly at: number;
  bytes: number;
}

const isPromise = (value: unknown): value is Promise<Reply> => typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * Replies by request id, bounded by count, bytes and age. Entries sit in a map (where `"1"` and
 * `1` are different keys, as they are different ids) whose insertion order is their arrival
 * order, so the map is its own queue: the oldest leaves first, and keeping the bounds costs O(1)
 * per call with no second structure.
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
  private entries: Map<string | number, Entry> | undefined;
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
   * Synchronous when `execute` (or the remembered run) was; a rejection of `execute` is passed
   * on and not remembered.
   */
  run(id: JsonRpcId, method: string, execute: () => Reply | Promise<Reply>): Reply | Promise<Reply> {
    if (id === null) return execute();
    const now = this.now();
    const entries = (this.entries ??= new Map<string | number, Entry>());
    this.trim(entries, now);
    const known = entries.get(id);
    if (known) {
      if (known.method === method) return known.reply;
      return encodeError(id, new ParleyError(ErrorCode.InvalidRequest, 'Request id already used in this session for another method').toJSON());
    }
    if (this.limits.maxEntries === 0) return execute();
    const reply = execute();
    const entry: Entry = { method, reply, at: now, bytes: 0 };
    // Room first, so the map never holds more than maxEntries (the new entry is the newest).
    if (entries.size >= this.limits.maxEntries) this.evictOldest(entries);
    entries.set(id, entry);
    if (isPromise(reply)) {
      reply.then(
        (text) => {
          entry.reply = text;
          if (entries.get(id) === entry) this.answered(entries, entry, text);
        },
        () => {
          if (entries.get(id) === entry) entries.delete(id);
        },
      );
    } else this.answered(entries, entry, reply);
    return reply;
  }

  private answered(entries: Map<string | number, Entry>, entry: Entry, text: Reply): void {
    entry.bytes = text?.length ?? 0;
    this.bytes += entry.bytes;
    while (this.bytes > this.limits.maxBytes && entries.size > 0) this.evictOldest(entries);
  }

  /** Drops the entries older than the age bound, oldest first (the map's order). */
  private trim(entries: Map<string | number, Entry>, now: number): void {
    for (let oldest = entries.values().next().value; oldest && now - oldest.at > this.limits.ttlMs; oldest = entries.values().next().value) {
      this.evictOldest(entries);
    }
  }

  /** Drops the oldest entry (reading keys alone: no [key, value] pair made). */
  private evictOldest(entries: Map<string | number, Entry>): void {
    const id = entries.keys().next().value as string | number;
    this.bytes -= (entries.get(id) as Entry).bytes;
    entries.delete(id);
  }
}
