/**
 * New connections per IP per second, checked at the HTTP upgrade: over the limit the upgrade is
 * refused with HTTP 429 and a `Retry-After` header, before any WebSocket state exists.
 *
 * @module
 */
import { isPromiseLike } from '../util/maybe-promise.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { assertRule } from './token-bucket.js';

/**
 * Options of the connection-rate guard (`connectionRate` in the server options).
 *
 * @example
 * ```ts
 * const connectionRate: ConnectionRateOptions = { perSecond: 5, burst: 20 };
 * ```
 */
export interface ConnectionRateOptions {
  /** Sustained new connections per second from one IP. Default 10. */
  readonly perSecond?: number;
  /** New connections allowed at once from one IP (a page with several tabs, a NAT after a deploy). Default 30. */
  readonly burst?: number;
  /** Where buckets live; share the rate limiter's store or give a Redis one. Default a new memory store. */
  readonly store?: RateLimitStore;
  /** The clock, in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Called when the store throws or rejects; the upgrade is then allowed (fails open). */
  readonly onStoreError?: (error: unknown) => void;
}

/**
 * Default {@link ConnectionRateOptions}: 10 per second, bursts of 30, per IP.
 *
 * @example
 * ```ts
 * DEFAULT_CONNECTION_RATE.perSecond; // 10
 * ```
 */
export const DEFAULT_CONNECTION_RATE = { perSecond: 10, burst: 30 } as const;

/**
 * The verdict on one upgrade: allowed, or HTTP 429 with the wait in milliseconds and as the
 * whole seconds of a `Retry-After` header.
 *
 * @example
 * ```ts
 * const v: ConnectionRateVerdict = { ok: false, status: 429, retryAfterMs: 80, retryAfterSeconds: 1 };
 * ```
 */
export type ConnectionRateVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 429; readonly retryAfterMs: number; readonly retryAfterSeconds: number };

/**
 * The connection-rate guard.
 *
 * @example
 * ```ts
 * const guard = createConnectionRateGuard();
 * const verdict = await guard.check(req.socket.remoteAddress ?? 'unknown');
 * ```
 */
export interface ConnectionRateGuard {
  /** Charges one new connection to `ip`. */
  check(ip: string): ConnectionRateVerdict | Promise<ConnectionRateVerdict>;
}

const ALLOW: ConnectionRateVerdict = Object.freeze({ ok: true });

/**
 * Makes the connection-rate guard.
 *
 * @example
 * ```ts
 * const guard = createConnectionRateGuard({ perSecond: 10, burst: 30 });
 * const verdict = await guard.check('203.0.113.9');
 * if (!verdict.ok) rejectUpgrade(socket, 429, { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } });
 * ```
 */
export function createConnectionRateGuard(options: ConnectionRateOptions = {}): ConnectionRateGuard {
  const rule = { capacity: options.burst ?? DEFAULT_CONNECTION_RATE.burst, refillPerSecond: options.perSecond ?? DEFAULT_CONNECTION_RATE.perSecond };
  assertRule(rule, 'connectionRate');
  const store = options.store ?? new MemoryRateLimitStore();
  const now = options.now ?? Date.now;
  const onStoreError = options.onStoreError ?? (() => undefined);
  const toVerdict = (r: { ok: boolean; retryAfterMs?: number }): ConnectionRateVerdict => {
    if (r.ok || r.retryAfterMs === undefined) return ALLOW;
    return { ok: false, status: 429, retryAfterMs: r.retryAfterMs, retryAfterSeconds: Math.max(1, Math.ceil(r.retryAfterMs / 1000)) };
  };
  return {
    check(ip: string) {
      try {
        const result = store.consume(`n:i:${ip}`, 1, rule, now());
        if (isPromiseLike(result)) {
          return Promise.resolve(result).then(toVerdict, (error: unknown) => {
            onStoreError(error);
            return ALLOW;
          });
        }
        return toVerdict(result);
      } catch (error) {
        onStoreError(error);
        return ALLOW;
      }
    },
  };
}
