/**
 * The error Redis-bound calls fail with while Redis cannot be reached.
 *
 * @module
 */
import { ErrorCode, ParleyError } from '@parley/protocol';

/**
 * `-32050 Overloaded` (retryable) with `data.reason: 'redis_unavailable'`: what a publish,
 * subscribe position, resume read or presence list answers while this node cannot reach Redis.
 * Clients see it as the error of their call; a refused `rpc.hello` closes with 1013 (retry).
 *
 * @example
 * ```ts
 * try { await parley.broadcast('lobby', 'news', { text: 'hi' }); }
 * catch (error) { if (isRedisUnavailable(error)) retryLater(); }
 * ```
 */
export function redisUnavailable(cause?: unknown): ParleyError {
  const detail = cause instanceof Error ? cause.message : undefined;
  return new ParleyError(ErrorCode.Overloaded, 'Redis unavailable', detail === undefined ? { reason: 'redis_unavailable' } : { reason: 'redis_unavailable', detail });
}

/**
 * Whether an error is the one {@link redisUnavailable} makes.
 *
 * @example
 * ```ts
 * isRedisUnavailable(redisUnavailable()); // true
 * ```
 */
export function isRedisUnavailable(error: unknown): boolean {
  return (
    error instanceof ParleyError &&
    error.code === ErrorCode.Overloaded &&
    (error.data as { reason?: unknown } | undefined)?.reason === 'redis_unavailable'
  );
}

/** Redis error replies that mean "not now" rather than "wrong": out of memory, loading, busy, read-only replica. */
const TRANSIENT_REPLY = /^(OOM|LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * Whether a Redis error reply is transient (`OOM` under `noeviction`, `LOADING` after a restart,
 * `BUSY`, `READONLY` after a failover…): such replies are answered as {@link redisUnavailable}.
 *
 * @example
 * ```ts
 * isTransientReply(new Error('OOM command not allowed when used memory > maxmemory')); // true
 * ```
 */
export function isTransientReply(error: Error): boolean {
  return TRANSIENT_REPLY.test(error.message);
}
