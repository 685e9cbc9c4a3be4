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
  readonly id: string | number;
  readonly method: string;
  reply: Reply | Promise<Reply>;
  readonly at: number;
  bytes: number;
  /** Out of the map (evicted, or its run rejected); its place in the queue is skipped. */
  gone: boolean;
}

const isPromise = (value: unknown): value is Promise<Reply> => typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * Replies by request id, bounded by count, bytes and age. Entries are looked up in a map (where
 * `"1"` and `1` are different keys, as they are different ids) and leave in arrival order from a
 * queue, so keeping the bounds costs O(1) per call.
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
  /** Entries in arrival order from `head` on; some may have left the map already (a rejected run). */
  private order: Entry[] = [];
  private head = 0;
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
    this.trim(now);
    const known = this.entries?.get(id);
    if (known) {
      if (known.method === method) return known.reply;
      return encodeError(id, new ParleyError(ErrorCode.InvalidRequest, 'Request id already used in this session for another method').toJSON());
    }
    if (this.limits.maxEntries === 0) return execute();
    const reply = execute();
    const entry: Entry = { id, method, reply, at: now, bytes: 0, gone: false };
    const entries = (this.entries ??= new Map());
    entries.set(id, entry);
    this.order.push(entry);
    if (isPromise(reply)) {
      reply.then(
        (text) => {
          entry.reply = text;
          if (!entry.gone) this.answered(entry, text);
        },
        () => {
          if (entry.gone) return;
          entry.gone = true;
          entries.delete(id);
        },
      );
    } else this.answered(entry, reply);
    if (entries.size > this.limits.maxEntries) this.trim(now);
    return reply;
  }

  private answered(entry: Entry, text: Reply): void {
    entry.bytes = text?.length ?? 0;
    this.bytes += entry.bytes;
    if (this.bytes > this.limits.maxBytes) this.trim(entry.at);
  }

  /** Drops entries past any bound, oldest first. */
  trim(now: number): void {
    const { entries, order } = this;
    if (!entries) return;
    const { maxEntries, maxBytes, ttlMs } = this.limits;
    while (this.head < order.length) {
      const oldest = order[this.head] as Entry;
      if (!oldest.gone && entries.size <= maxEntries && this.bytes <= maxBytes && now - oldest.at <= ttlMs) break;
      order[this.head++] = undefined as unknown as Entry;
      if (oldest.gone) continue;
      oldest.gone = true;
      entries.delete(oldest.id);
      this.bytes -= oldest.bytes;
    }
    if (this.head === order.length) {
      this.order = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }
}
