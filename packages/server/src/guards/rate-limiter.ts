/**
 * The per-message rate-limit policy: messages/s and bytes/s buckets per connection, per user and
 * per IP, tighter per-method buckets, and the "sustained abuse → close 4429" verdict.
 *
 * @module
 */
import { ErrorCode, parleyError, type ParleyError } from '@parley/protocol';

import { isPromiseLike } from '../util/maybe-promise.js';
import {
  resolveRateLimitOptions,
  type AdvertisedRateLimit,
  type RateLimitOptions,
  type ResolvedRateLimitOptions,
  type ScopeRateLimit,
} from './rate-limit-options.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { assertRule, TokenBucket, type TakeResult, type TokenBucketRule } from './token-bucket.js';

/**
 * Which bucket refused a message.
 *
 * @example
 * ```ts
 * const scope: RateLimitScopeName = 'user';
 * ```
 */
export type RateLimitScopeName = 'connection' | 'user' | 'ip' | 'method';

/**
 * The verdict on one frame or call. Refused: the `error` to answer with (-32029 RateLimited,
 * `data: { retryAfterMs, scope }`), and `close: true` once the connection's abuse allowance is
 * spent; the server then closes it with 4429 (`CloseCode.RateLimited`).
 *
 * @example
 * ```ts
 * const v: RateLimitVerdict = { ok: false, scope: 'connection', retryAfterMs: 50, error, close: false };
 * ```
 */
export type RateLimitVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly scope: RateLimitScopeName; readonly retryAfterMs: number; readonly error: ParleyError; readonly close: boolean };

/**
 * Who sent a message: the connection, its client IP and (after hello) its user id.
 *
 * @example
 * ```ts
 * const subject: RateLimitSubject = { connectionId: 'c1', ip: '203.0.113.9' };
 * ```
 */
export interface RateLimitSubject {
  /** The connection id. */
  readonly connectionId: string;
  /** The client address; no IP scope without it. */
  readonly ip?: string;
  /** The user id; no user scope until set (see {@link ConnectionRateLimiter.identify}). */
  readonly userId?: string;
}

/**
 * The rate limiter of one connection. Made by {@link RateLimiter.forConnection}; its abuse counter
 * lives here, so it is freed with the connection.
 *
 * @example
 * ```ts
 * const limiter = rateLimiter.forConnection({ connectionId: 'c1', ip: '203.0.113.9' });
 * const verdict = await limiter.checkFrame(utf8Length(raw), batchLength);
 * ```
 */
export interface ConnectionRateLimiter {
  /** Sets the user id once the session is authenticated: the user scope applies from now on. */
  identify(userId: string): void;
  /**
   * Charges one inbound frame: `messages` (the batch length, default 1) and `bytes`. With
   * `connectionOnly` (a lone `rpc.ping`), only the connection's own buckets are charged: a
   * heartbeat is the connection's business, and an idle session then holds no user or IP bucket.
   */
  checkFrame(bytes: number, messages?: number, connectionOnly?: boolean): RateLimitVerdict | Promise<RateLimitVerdict>;
  /** Charges one call of `method` against its method limit, if it has one. */
  checkMethod(method: string): RateLimitVerdict | Promise<RateLimitVerdict>;
  /** Forgets the connection's buckets in the store. Call when the connection closes. */
  dispose(): void;
}

/**
 * The rate limiter of a server: resolved options, the store, and per-connection limiters.
 *
 * @example
 * ```ts
 * const rateLimiter = createRateLimiter({ methods: { 'chat.send': { messagesPerSecond: 5, burst: 10 } } });
 * welcome.limits.rateLimit = rateLimiter.advertised();
 * ```
 */
export interface RateLimiter {
  /** The options in force. */
  readonly options: ResolvedRateLimitOptions;
  /** Makes the limiter of one connection. */
  forConnection(subject: RateLimitSubject): ConnectionRateLimiter;
  /**
   * What to advertise in welcome (`limits.rateLimit`): the per-connection bucket, as the protocol
   * defines it, or `null` when connections have no message limit. Per-user, per-IP and per-method
   * buckets are not advertised; they answer the same way.
   */
  advertised(): AdvertisedRateLimit | null;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly scope: RateLimitScopeName; readonly retryAfterMs: number };

const ALLOW: RateLimitVerdict = Object.freeze({ ok: true });
const OK: Outcome = Object.freeze({ ok: true });

/**
 * The buckets a frame is charged to, in order (narrowest first): connection, user, IP; in each,
 * messages (even lanes) then bytes (odd lanes).
 */
const LANE_SCOPES: readonly RateLimitScopeName[] = ['connection', 'connection', 'user', 'user', 'ip', 'ip'];
const LANE_COUNT = LANE_SCOPES.length;
/** The lanes of the connection's own buckets (the first two). */
const CONNECTION_LANES = 2;

/** The messages and bytes rules of one scope, `null` where off: made once, shared by every bucket. */
function scopeRules(limits: Required<ScopeRateLimit> | null): [TokenBucketRule | null, TokenBucketRule | null] {
  if (!limits) return [null, null];
  const messages = limits.messagesPerSecond !== Infinity && limits.burst !== Infinity ? { capacity: limits.burst, refillPerSecond: limits.messagesPerSecond } : null;
  const bytes = limits.bytesPerSecond !== Infinity && limits.bytesBurst !== Infinity ? { capacity: limits.bytesBurst, refillPerSecond: limits.bytesPerSecond } : null;
  return [messages, bytes];
}

const refused = (scope: RateLimitScopeName, retryAfterMs: number): Outcome => ({ ok: false, scope, retryAfterMs });

class ConnectionLimiter implements ConnectionRateLimiter {
  private userId: string | undefined;
  /** Made on the first refusal: a bucket never taken from is full, like a new one. */
  private violations: TokenBucket | undefined;
  /**
   * With the default store, the connection's own buckets live here (made on first use), not in
   * the store: no key strings or map entries, and they go with the connection.
   */
  private ownMessages: TokenBucket | undefined;
  private ownBytes: TokenBucket | undefined;
  // The store keys of each lane (see LANE_SCOPES), built once; `null` where the lane has no bucket in the store.
  private readonly connectionMessages: string | null;
  private readonly connectionBytes: string | null;
  // The user's keys are built on the first frame after identify (an idle connection never needs them).
  private userMessages: string | null | undefined;
  private userBytes: string | null | undefined;
  private readonly ipMessages: string | null;
  private readonly ipBytes: string | null;

  constructor(
    private readonly owner: Limiter,
    private readonly connectionId: string,
    ip: string | undefined,
    userId: string | undefined,
  ) {
    this.connectionMessages = owner.ownConnectionBuckets ? null : owner.laneKey(0, connectionId);
    this.connectionBytes = owner.ownConnectionBuckets ? null : owner.laneKey(1, connectionId);
    const ipKeys = owner.ipKeys(ip);
    this.ipMessages = ipKeys[0];
    this.ipBytes = ipKeys[1];
    if (userId !== undefined) this.identify(userId);
  }

  identify(userId: string): void {
    this.userId = userId;
    this.userMessages = undefined;
    this.userBytes = undefined;
  }

  checkFrame(bytes: number, messages = 1, connectionOnly = false): RateLimitVerdict | Promise<RateLimitVerdict> {
    return this.judge(this.charge(0, bytes, messages, this.owner.now(), connectionOnly ? CONNECTION_LANES : LANE_COUNT));
  }

  checkMethod(method: string): RateLimitVerdict | Promise<RateLimitVerdict> {
    const { owner } = this;
    const rule = owner.methodRules.get(method);
    if (!rule) return ALLOW;
    const byUser = rule.per === 'user' && this.userId !== undefined;
    const id = byUser ? `u:${this.userId}` : `c:${this.connectionId}`;
    const result = owner.take(`M:${method.length}:${method}:${id}`, 1, rule, owner.now());
    if (result === undefined) return ALLOW;
    if (isPromiseLike(result)) {
      const outcome = Promise.resolve(result).then(
        (r): Outcome => (r.ok ? OK : refused('method', r.retryAfterMs)),
        (error: unknown): Outcome => {
          owner.onStoreError(error);
          return OK;
        },
      );
      return this.judge(outcome);
    }
    return result.ok ? ALLOW : this.verdict(refused('method', result.retryAfterMs));
  }

  dispose(): void {
    const id = this.connectionId;
    const keys = this.owner.ownConnectionBuckets ? [] : [`m:c:${id}`, `b:c:${id}`];
    for (const [method, limit] of this.owner.options.methods) {
      if (limit.per !== 'user') keys.push(`M:${method.length}:${method}:c:${id}`);
    }
    for (const key of keys) this.owner.forget(key);
  }

  private keyOf(lane: number): string | null {
    switch (lane) {
      case 0:
        return this.connectionMessages;
      case 1:
        return this.connectionBytes;
      case 2:
        return (this.userMessages ??= this.owner.laneKey(2, this.userId));
      case 3:
        return (this.userBytes ??= this.owner.laneKey(3, this.userId));
      case 4:
        return this.ipMessages;
      default:
        return this.ipBytes;
    }
  }

  /** Charges the lanes from `from` up to `to`, in order, and stops at the first refusal. */
  private charge(from: number, bytes: number, messages: number, now: number, to: number): Outcome | Promise<Outcome> {
    const { owner } = this;
    for (let lane = from; lane < to; lane++) {
      if (lane < 2 && owner.ownConnectionBuckets) {
        const rule = owner.laneRules[lane];
        if (!rule) continue;
        const bucket = lane === 0 ? (this.ownMessages ??= new TokenBucket(rule, now)) : (this.ownBytes ??= new TokenBucket(rule, now));
        const wait = bucket.takeOrWait(lane === 0 ? messages : bytes, now);
        if (wait > 0) return refused('connection', wait);
        continue;
      }
      const key = this.keyOf(lane);
      if (key === null) continue;
      const result = owner.take(key, lane % 2 === 0 ? messages : bytes, owner.laneRules[lane] as TokenBucketRule, now);
      if (result === undefined) continue;
      const scope = LANE_SCOPES[lane] as RateLimitScopeName;
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(
          (r) => (r.ok ? this.charge(lane + 1, bytes, messages, now, to) : refused(scope, r.retryAfterMs)),
          (error: unknown) => {
            owner.onStoreError(error);
            return this.charge(lane + 1, bytes, messages, now, to);
          },
        );
      }
      if (!result.ok) return refused(scope, result.retryAfterMs);
    }
    return OK;
  }

  private judge(outcome: Outcome | Promise<Outcome>): RateLimitVerdict | Promise<RateLimitVerdict> {
    return isPromiseLike(outcome) ? Promise.resolve(outcome).then((o) => this.verdict(o)) : this.verdict(outcome);
  }

  private verdict(outcome: Outcome): RateLimitVerdict {
    if (outcome.ok) return ALLOW;
    const { scope, retryAfterMs } = outcome;
    const rule = this.owner.abuseRule;
    let close = false;
    if (rule) {
      const now = this.owner.now();
      this.violations ??= new TokenBucket(rule, now);
      close = !this.violations.take(1, now).ok;
    }
    return { ok: false, scope, retryAfterMs, close, error: parleyError(ErrorCode.RateLimited, { retryAfterMs, scope }) };
  }
}

type MethodRule = TokenBucketRule & { readonly per: 'connection' | 'user' | undefined };

class Limiter implements RateLimiter {
  readonly options: ResolvedRateLimitOptions;
  readonly now: () => number;
  readonly onStoreError: (error: unknown) => void;
  /** The rule of each frame lane (see LANE_SCOPES), `null` where off. */
  readonly laneRules: readonly (TokenBucketRule | null)[];
  /** The rule of each limited method. */
  readonly methodRules: ReadonlyMap<string, MethodRule>;
  /** The abuse allowance as a bucket rule, `null` when the abuse close is off. */
  readonly abuseRule: TokenBucketRule | null;
  /** Whether connections keep their own buckets (with the default store; a given store holds every bucket). */
  readonly ownConnectionBuckets: boolean;
  private readonly store: RateLimitStore;
  /** The IP keys of the last connection: connections from one address share the strings. */
  private lastIp: string | undefined;
  private lastIpKeys: readonly [string | null, string | null] = [null, null];

  constructor(options: RateLimitOptions) {
    this.options = resolveRateLimitOptions(options);
    this.store = options.store ?? new MemoryRateLimitStore();
    this.ownConnectionBuckets = options.store === undefined;
    this.now = options.now ?? Date.now;
    this.onStoreError = options.onStoreError ?? (() => undefined);
    const o = this.options;
    this.laneRules = [...scopeRules(o.connection), ...scopeRules(o.user), ...scopeRules(o.ip)];
    const methodRules = new Map<string, MethodRule>();
    for (const [method, limit] of o.methods) methodRules.set(method, { capacity: limit.burst, refillPerSecond: limit.messagesPerSecond, per: limit.per });
    this.methodRules = methodRules;
    const abuse = o.abuse;
    this.abuseRule = abuse ? { capacity: abuse.maxViolations, refillPerSecond: (abuse.maxViolations * 1000) / abuse.windowMs } : null;
    if (this.abuseRule) assertRule(this.abuseRule, 'rateLimit.abuse');
  }

  forConnection(subject: RateLimitSubject): ConnectionRateLimiter {
    return new ConnectionLimiter(this, subject.connectionId, subject.ip, subject.userId);
  }

  advertised(): AdvertisedRateLimit | null {
    const c = this.options.connection;
    if (!c || c.messagesPerSecond === Infinity || c.burst === Infinity) return null;
    const bytesPerSecond = c.bytesPerSecond === Infinity ? Number.MAX_SAFE_INTEGER : c.bytesPerSecond;
    return { messagesPerSecond: c.messagesPerSecond, bytesPerSecond, burst: c.burst };
  }

  /**
   * The key of `id`'s bucket in `lane` (`m:c:<id>`, `b:u:<id>`, ...), or `null` when the lane is
   * off or there is no id. Built by `join`, which makes a flat string: a template literal would
   * keep a cons string (twice the memory once hashed) for the connection's lifetime.
   */
  laneKey(lane: number, id: string | undefined): string | null {
    if (id === undefined || this.laneRules[lane] === null) return null;
    return [lane % 2 === 0 ? 'm' : 'b', (LANE_SCOPES[lane] as string)[0], id].join(':');
  }

  /** The IP lanes' keys of `ip`. */
  ipKeys(ip: string | undefined): readonly [string | null, string | null] {
    if (ip === undefined) return [null, null];
    if (ip !== this.lastIp) {
      this.lastIp = ip;
      this.lastIpKeys = [this.laneKey(4, ip), this.laneKey(5, ip)];
    }
    return this.lastIpKeys;
  }

  /** Takes from one bucket; `undefined` when the store threw (reported; the limiter fails open). */
  take(key: string, cost: number, rule: TokenBucketRule, now: number): TakeResult | Promise<TakeResult> | undefined {
    try {
      return this.store.consume(key, cost, rule, now);
    } catch (error) {
      this.onStoreError(error);
      return undefined;
    }
  }

  forget(key: string): void {
    try {
      const done = this.store.delete?.(key);
      if (isPromiseLike(done)) Promise.resolve(done).catch(this.onStoreError);
    } catch (error) {
      this.onStoreError(error);
    }
  }
}

/**
 * Makes the rate limiter. Every scope is on by default (see {@link DEFAULT_RATE_LIMITS}); a
 * message is charged to the narrowest scope first (method, connection, user, IP) and stops at the
 * first bucket that refuses, so a refused flood does not drain the buckets its neighbours share.
 *
 * @example
 * ```ts
 * const rateLimiter = createRateLimiter();
 * const conn = rateLimiter.forConnection({ connectionId: 'c1', ip: '203.0.113.9' });
 * const verdict = await conn.checkFrame(120);
 * if (!verdict.ok) reply(verdict.error); // and close with 4429 when verdict.close
 * ```
 */
export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  return new Limiter(options);
}
