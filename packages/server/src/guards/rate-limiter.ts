/**
 * The per-message rate-limit policy: messages/s and bytes/s buckets per connection, per user and
 * per IP, tighter per-method buckets, and the "sustained abuse → close 4429" verdict.
 *
 * @module
 */
import { ErrorCode, parleyError, type ParleyError } from '@parley/protocol';

import { isPromiseLike } from './maybe-promise.js';
import {
  resolveRateLimitOptions,
  type AdvertisedRateLimit,
  type RateLimitOptions,
  type ResolvedRateLimitOptions,
  type ScopeRateLimit,
} from './rate-limit-options.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { TokenBucket, type TakeResult, type TokenBucketRule } from './token-bucket.js';

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
  /** Charges one inbound frame: `messages` (the batch length, default 1) and `bytes`. */
  checkFrame(bytes: number, messages?: number): RateLimitVerdict | Promise<RateLimitVerdict>;
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

interface Step {
  readonly scope: RateLimitScopeName;
  readonly key: string;
  readonly cost: number;
  readonly rule: TokenBucketRule;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly scope: RateLimitScopeName; readonly retryAfterMs: number };

const ALLOW: RateLimitVerdict = Object.freeze({ ok: true });
const OK: Outcome = Object.freeze({ ok: true });

function scopeSteps(scope: RateLimitScopeName, limits: Required<ScopeRateLimit> | null, id: string | undefined, bytes: number, messages: number): Step[] {
  if (!limits || id === undefined) return [];
  const steps: Step[] = [];
  const tag = scope[0] as string;
  if (limits.messagesPerSecond !== Infinity && limits.burst !== Infinity) {
    steps.push({ scope, key: `m:${tag}:${id}`, cost: messages, rule: { capacity: limits.burst, refillPerSecond: limits.messagesPerSecond } });
  }
  if (limits.bytesPerSecond !== Infinity && limits.bytesBurst !== Infinity) {
    steps.push({ scope, key: `b:${tag}:${id}`, cost: bytes, rule: { capacity: limits.bytesBurst, refillPerSecond: limits.bytesPerSecond } });
  }
  return steps;
}

class ConnectionLimiter implements ConnectionRateLimiter {
  private userId: string | undefined;
  private readonly violations: TokenBucket | null;

  constructor(
    private readonly owner: Limiter,
    private readonly subject: RateLimitSubject,
  ) {
    this.userId = subject.userId;
    const abuse = owner.options.abuse;
    this.violations = abuse
      ? new TokenBucket({ capacity: abuse.maxViolations, refillPerSecond: (abuse.maxViolations * 1000) / abuse.windowMs }, owner.now())
      : null;
  }

  identify(userId: string): void {
    this.userId = userId;
  }

  checkFrame(bytes: number, messages = 1): RateLimitVerdict | Promise<RateLimitVerdict> {
    const o = this.owner.options;
    const steps = [
      ...scopeSteps('connection', o.connection, this.subject.connectionId, bytes, messages),
      ...scopeSteps('user', o.user, this.userId, bytes, messages),
      ...scopeSteps('ip', o.ip, this.subject.ip, bytes, messages),
    ];
    return this.judge(steps);
  }

  checkMethod(method: string): RateLimitVerdict | Promise<RateLimitVerdict> {
    const limit = this.owner.options.methods.get(method);
    if (!limit) return ALLOW;
    const byUser = limit.per === 'user' && this.userId !== undefined;
    const id = byUser ? `u:${this.userId}` : `c:${this.subject.connectionId}`;
    const rule = { capacity: limit.burst, refillPerSecond: limit.messagesPerSecond };
    return this.judge([{ scope: 'method', key: `M:${method.length}:${method}:${id}`, cost: 1, rule }]);
  }

  dispose(): void {
    const id = this.subject.connectionId;
    const keys = [`m:c:${id}`, `b:c:${id}`];
    for (const [method, limit] of this.owner.options.methods) {
      if (limit.per !== 'user') keys.push(`M:${method.length}:${method}:c:${id}`);
    }
    for (const key of keys) this.owner.forget(key);
  }

  private judge(steps: readonly Step[]): RateLimitVerdict | Promise<RateLimitVerdict> {
    const outcome = this.owner.run(steps, this.owner.now(), 0);
    return isPromiseLike(outcome) ? Promise.resolve(outcome).then((o) => this.verdict(o)) : this.verdict(outcome);
  }

  private verdict(outcome: Outcome): RateLimitVerdict {
    if (outcome.ok) return ALLOW;
    const { scope, retryAfterMs } = outcome;
    const close = this.violations !== null && !this.violations.take(1, this.owner.now()).ok;
    return { ok: false, scope, retryAfterMs, close, error: parleyError(ErrorCode.RateLimited, { retryAfterMs, scope }) };
  }
}

class Limiter implements RateLimiter {
  readonly options: ResolvedRateLimitOptions;
  readonly now: () => number;
  private readonly store: RateLimitStore;
  private readonly onStoreError: (error: unknown) => void;

  constructor(options: RateLimitOptions) {
    this.options = resolveRateLimitOptions(options);
    this.store = options.store ?? new MemoryRateLimitStore();
    this.now = options.now ?? Date.now;
    this.onStoreError = options.onStoreError ?? (() => undefined);
  }

  forConnection(subject: RateLimitSubject): ConnectionRateLimiter {
    return new ConnectionLimiter(this, subject);
  }

  advertised(): AdvertisedRateLimit | null {
    const c = this.options.connection;
    if (!c || c.messagesPerSecond === Infinity || c.burst === Infinity) return null;
    const bytesPerSecond = c.bytesPerSecond === Infinity ? Number.MAX_SAFE_INTEGER : c.bytesPerSecond;
    return { messagesPerSecond: c.messagesPerSecond, bytesPerSecond, burst: c.burst };
  }

  /** Consumes the steps in order (narrowest scope first) and stops at the first refusal. */
  run(steps: readonly Step[], now: number, from: number): Outcome | Promise<Outcome> {
    for (let i = from; i < steps.length; i++) {
      const step = steps[i] as Step;
      let result: TakeResult | Promise<TakeResult>;
      try {
        result = this.store.consume(step.key, step.cost, step.rule, now);
      } catch (error) {
        this.onStoreError(error);
        continue;
      }
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(
          (r) => (r.ok ? this.run(steps, now, i + 1) : { ok: false, scope: step.scope, retryAfterMs: r.retryAfterMs }),
          (error: unknown) => {
            this.onStoreError(error);
            return this.run(steps, now, i + 1);
          },
        );
      }
      if (!result.ok) return { ok: false, scope: step.scope, retryAfterMs: result.retryAfterMs };
    }
    return OK;
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
