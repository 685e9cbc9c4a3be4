/**
 * Options of the per-message rate limiter, their defaults, and how they are resolved.
 *
 * @module
 */
import type { RateLimitStore } from './rate-limit-store.js';

/**
 * The limits of one scope (a connection, a user, an IP): a messages bucket and a bytes bucket.
 * A rate of `Infinity` turns that bucket off.
 *
 * @example
 * ```ts
 * const perConnection: ScopeRateLimit = { messagesPerSecond: 20, burst: 40, bytesPerSecond: 65536 };
 * ```
 */
export interface ScopeRateLimit {
  /** Sustained messages per second (each request or notification of a batch counts one). */
  readonly messagesPerSecond: number;
  /** Messages allowed at once above the sustained rate (the bucket's capacity). */
  readonly burst: number;
  /** Sustained inbound bytes per second (UTF-8 size of the frames). */
  readonly bytesPerSecond: number;
  /** Bytes allowed at once; default twice `bytesPerSecond`. A frame larger than this passes only when the bucket is full. */
  readonly bytesBurst?: number;
}

/**
 * A tighter limit for one method, counted per connection (default) or per user.
 *
 * @example
 * ```ts
 * const chatSend: MethodRateLimit = { messagesPerSecond: 5, burst: 10, per: 'user' };
 * ```
 */
export interface MethodRateLimit {
  /** Sustained calls per second. */
  readonly messagesPerSecond: number;
  /** Calls allowed at once. */
  readonly burst: number;
  /** Whose bucket: each connection's (default) or the user's, shared by all their connections. */
  readonly per?: 'connection' | 'user';
}

/**
 * When to give up on a client that keeps sending after being told to wait: more than
 * `maxViolations` rejected messages within about `windowMs` (a leaky counter) earns a close with
 * 4429 (`CloseCode.RateLimited`, retryable with backoff).
 *
 * @example
 * ```ts
 * const abuse: AbusePolicy = { maxViolations: 100, windowMs: 10_000 };
 * ```
 */
export interface AbusePolicy {
  /** Rejections tolerated within the window. */
  readonly maxViolations: number;
  /** The window, in milliseconds. */
  readonly windowMs: number;
}

/**
 * Options of the rate limiter (`rateLimit` in the server options). Each scope merges over its
 * default; `false` turns a scope (or a default method limit, or the abuse close) off.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimitOptions = {
 *   connection: { messagesPerSecond: 10, burst: 20 },
 *   methods: { 'chat.send': { messagesPerSecond: 2, burst: 5 } },
 * };
 * ```
 */
export interface RateLimitOptions {
  /** Per connection. Default 20 msg/s, burst 40, 64 KiB/s, bytes burst 128 KiB. */
  readonly connection?: Partial<ScopeRateLimit> | false;
  /** Per user id, shared by all of a user's connections. Default 50 msg/s, burst 100, 256 KiB/s. */
  readonly user?: Partial<ScopeRateLimit> | false;
  /** Per client IP (proxies and NATs share one: keep it generous). Default 200 msg/s, burst 400, 1 MiB/s. */
  readonly ip?: Partial<ScopeRateLimit> | false;
  /** Tighter per-method limits, merged over the defaults (`rpc.refresh`: 1/s, burst 5). */
  readonly methods?: Readonly<Record<string, MethodRateLimit | false>>;
  /** When sustained abuse closes the connection. Default 100 rejections within 10 s. */
  readonly abuse?: AbusePolicy | false;
  /** Where buckets live. Default a new {@link MemoryRateLimitStore}. */
  readonly store?: RateLimitStore;
  /** The clock, in milliseconds. Default `Date.now` (a shared store needs wall-clock time). */
  readonly now?: () => number;
  /** Called when the store throws or rejects; the limiter then lets the message through (fails open). */
  readonly onStoreError?: (error: unknown) => void;
}

/**
 * The default limits of every scope. Sized for chat: a person typing fast sends a few messages a
 * second, a client app with presence and typing indicators a few more; OWASP's "about 100 per
 * minute" is a starting point for untrusted APIs and too tight for a live chat.
 *
 * @example
 * ```ts
 * DEFAULT_RATE_LIMITS.connection.messagesPerSecond; // 20
 * ```
 */
export const DEFAULT_RATE_LIMITS = {
  connection: { messagesPerSecond: 20, burst: 40, bytesPerSecond: 64 * 1024 },
  user: { messagesPerSecond: 50, burst: 100, bytesPerSecond: 256 * 1024 },
  ip: { messagesPerSecond: 200, burst: 400, bytesPerSecond: 1024 * 1024 },
  methods: { 'rpc.refresh': { messagesPerSecond: 1, burst: 5 } },
  abuse: { maxViolations: 100, windowMs: 10_000 },
} as const satisfies {
  connection: ScopeRateLimit;
  user: ScopeRateLimit;
  ip: ScopeRateLimit;
  methods: Readonly<Record<string, MethodRateLimit>>;
  abuse: AbusePolicy;
};

/**
 * The limit a server advertises in its welcome (`limits.rateLimit`): the per-connection bucket.
 *
 * @example
 * ```ts
 * const ad: AdvertisedRateLimit = { messagesPerSecond: 20, bytesPerSecond: 65536, burst: 40 };
 * ```
 */
export interface AdvertisedRateLimit {
  /** Sustained messages per second. */
  readonly messagesPerSecond: number;
  /** Sustained bytes per second. */
  readonly bytesPerSecond: number;
  /** Messages allowed at once. */
  readonly burst: number;
}

/**
 * Options with every default applied (see {@link resolveRateLimitOptions}).
 *
 * @example
 * ```ts
 * const resolved: ResolvedRateLimitOptions = resolveRateLimitOptions({});
 * ```
 */
export interface ResolvedRateLimitOptions {
  /** Per-connection limits, or `null` when off. */
  readonly connection: Required<ScopeRateLimit> | null;
  /** Per-user limits, or `null` when off. */
  readonly user: Required<ScopeRateLimit> | null;
  /** Per-IP limits, or `null` when off. */
  readonly ip: Required<ScopeRateLimit> | null;
  /** Method limits by method name. */
  readonly methods: ReadonlyMap<string, MethodRateLimit>;
  /** The abuse policy, or `null` when off. */
  readonly abuse: AbusePolicy | null;
}

const SCOPE_KEYS = ['messagesPerSecond', 'burst', 'bytesPerSecond', 'bytesBurst'] as const;

function resolveScope(name: string, base: ScopeRateLimit, given: Partial<ScopeRateLimit> | false | undefined): Required<ScopeRateLimit> | null {
  if (given === false) return null;
  const pick = <K extends keyof ScopeRateLimit>(key: K): ScopeRateLimit[K] => given?.[key] ?? base[key];
  const bytesPerSecond = pick('bytesPerSecond');
  const scope: Required<ScopeRateLimit> = {
    messagesPerSecond: pick('messagesPerSecond'),
    burst: pick('burst'),
    bytesPerSecond,
    bytesBurst: pick('bytesBurst') ?? bytesPerSecond * 2,
  };
  for (const key of SCOPE_KEYS) {
    const value = scope[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new RangeError(`rateLimit.${name}.${key} must be a positive number (Infinity turns the bucket off), got ${String(value)}`);
    }
  }
  return scope;
}

/**
 * Applies the defaults to rate-limit options and validates them (`RangeError` on a
 * non-positive rate).
 *
 * @example
 * ```ts
 * resolveRateLimitOptions({ ip: false }).ip; // null
 * ```
 */
export function resolveRateLimitOptions(options: RateLimitOptions = {}): ResolvedRateLimitOptions {
  const methods = new Map<string, MethodRateLimit>(Object.entries(DEFAULT_RATE_LIMITS.methods));
  for (const [name, limit] of Object.entries(options.methods ?? {})) {
    if (limit === false) methods.delete(name);
    else {
      if (!(limit.messagesPerSecond > 0) || !(limit.burst > 0)) {
        throw new RangeError(`rateLimit.methods[${JSON.stringify(name)}] needs positive messagesPerSecond and burst`);
      }
      methods.set(name, limit);
    }
  }
  const abuse = options.abuse === false ? null : (options.abuse ?? DEFAULT_RATE_LIMITS.abuse);
  if (abuse && (!(abuse.maxViolations > 0) || !(abuse.windowMs > 0))) {
    throw new RangeError('rateLimit.abuse needs positive maxViolations and windowMs');
  }
  return {
    connection: resolveScope('connection', DEFAULT_RATE_LIMITS.connection, options.connection),
    user: resolveScope('user', DEFAULT_RATE_LIMITS.user, options.user),
    ip: resolveScope('ip', DEFAULT_RATE_LIMITS.ip, options.ip),
    methods,
    abuse,
  };
}
