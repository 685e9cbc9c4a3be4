/**
 * The sessions a server remembers, so a client can resume one after its connection dropped:
 * live ones (with the connection that holds them) and, for a while after that connection
 * closed, detached ones, bounded by count and age. Each session keeps its reply cache.
 *
 * @module
 */
import { newSessionId } from '../util/ids.js';
import { ReplyCache, type ReplyCacheLimits } from './reply-cache.js';
import type { SessionLimits } from './session-options.js';

/**
 * One remembered session.
 *
 * @example
 * ```ts
 * const record = registry.open('alice', connection);
 * record.sessionId; // '3b241101-...'
 * ```
 */
export interface SessionRecord<O> {
  /** The session id (what the client sends back to resume). */
  readonly sessionId: string;
  /** The user the session belongs to; only this user may resume it. */
  readonly userId: string;
  /** The connection holding the session now; `undefined` once it closed. */
  owner: O | undefined;
  /** When the last connection closed (ms), while detached. */
  detachedAt: number;
  /** Replies for idempotent re-sends (made on first use). */
  readonly replies: ReplyCache;
}

/** A session record whose reply cache is made on its first request (many sessions send none). */
class Session<O> implements SessionRecord<O> {
  detachedAt = 0;
  private cache: ReplyCache | undefined = undefined;

  constructor(
    readonly sessionId: string,
    readonly userId: string,
    public owner: O | undefined,
    private readonly registry: SessionRegistry<O>,
  ) {}

  get replies(): ReplyCache {
    return (this.cache ??= this.registry.newReplyCache());
  }
}

/**
 * The outcome of {@link SessionRegistry.claim}: the session, and the connection that held it
 * until now (still open: a half-open connection the client already gave up), if any.
 *
 * @example
 * ```ts
 * const claim = registry.claim(sessionId, 'alice', connection);
 * claim?.previous?.close(1008);
 * ```
 */
export interface SessionClaim<O> {
  /** The session, now held by the new connection. */
  readonly record: SessionRecord<O>;
  /** Its previous holder, when that one is still open. */
  readonly previous: O | undefined;
}

/**
 * Sessions by id. Live sessions are bounded by the connections; detached ones by
 * `maxRemembered` (the one closed longest ago goes first) and `rememberMs`.
 *
 * @example
 * ```ts
 * const registry = new SessionRegistry<Connection>(resolveSessionOptions());
 * const { sessionId } = registry.open('alice', connection);
 * registry.release(sessionId, connection); // the connection closed
 * registry.claim(sessionId, 'alice', next); // resumed
 * ```
 */
export class SessionRegistry<O> {
  private readonly live = new Map<string, SessionRecord<O>>();
  /** In the order they were detached: the oldest first. */
  private readonly detached = new Map<string, SessionRecord<O>>();

  /**
   * @param limits - the bounds
   * @param now - the clock
   */
  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A reply cache for one session (its bounds shared by all). */
  newReplyCache(): ReplyCache {
    const { replyCacheSize, replyCacheBytes, rememberMs } = this.limits;
    this.replyLimits ??= { maxEntries: replyCacheSize, maxBytes: replyCacheBytes, ttlMs: rememberMs };
    return new ReplyCache(this.replyLimits, this.now);
  }

  private replyLimits: ReplyCacheLimits | undefined;

  /** Sessions with a connection. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Sessions remembered without a connection. */
  get rememberedCount(): number {
    return this.detached.size;
  }

  /** Opens a new session for `owner`; `sessionId` adopts one known elsewhere (another node). */
  open(userId: string, owner: O, sessionId: string = newSessionId()): SessionRecord<O> {
    const record = new Session(sessionId, userId, owner, this);
    this.detached.delete(sessionId);
    this.live.set(sessionId, record);
    return record;
  }

  /**
   * Hands a known session of `userId` to `owner`; `undefined` when the session is unknown,
   * forgotten, or another user's (the caller opens a new one).
   */
  claim(sessionId: string, userId: string, owner: O): SessionClaim<O> | undefined {
    this.trim();
    const record = this.live.get(sessionId) ?? this.detached.get(sessionId);
    if (!record || record.userId !== userId) return undefined;
    const previous = record.owner;
    record.owner = owner;
    this.detached.delete(sessionId);
    this.live.set(sessionId, record);
    return { record, previous };
  }

  /** Whether the session is known here (live or remembered). */
  has(sessionId: string): boolean {
    this.trim();
    return this.live.has(sessionId) || this.detached.has(sessionId);
  }

  /** The live session's record (for its reply cache). */
  get(sessionId: string): SessionRecord<O> | undefined {
    return this.live.get(sessionId);
  }

  /** `owner` closed: its session (if it still holds it) is remembered for `rememberMs`. */
  release(sessionId: string, owner: O): void {
    const record = this.live.get(sessionId);
    if (record?.owner !== owner) return;
    this.live.delete(sessionId);
    record.owner = undefined;
    if (this.limits.rememberMs === 0 || this.limits.maxRemembered === 0) return;
    record.detachedAt = this.now();
    this.detached.set(sessionId, record);
    this.trim();
  }

  /** Forgets detached sessions past the bounds. */
  trim(): void {
    const { maxRemembered, rememberMs } = this.limits;
    const now = this.now();
    for (const [sessionId, record] of this.detached) {
      if (this.detached.size <= maxRemembered && now - record.detachedAt <= rememberMs) return;
      this.detached.delete(sessionId);
    }
  }
}
