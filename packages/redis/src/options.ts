/**
 * Options of the Redis adapter, their documented defaults and their checks.
 *
 * @module
 */
import type { Logger } from '@parley/server';
import type { RedisConnection } from './connection.js';

/**
 * Options of {@link createRedisAdapter}. Give `url` or `client` (neither: `redis://127.0.0.1:6379`).
 *
 * @example
 * ```ts
 * const adapter = createRedisAdapter({ url: process.env.REDIS_URL, prefix: 'chat:', historySize: 500 });
 * ```
 */
export interface RedisAdapterOptions {
  /** Redis URL (`redis://`, `rediss://`); the adapter owns and closes its two clients. */
  readonly url?: string | undefined;
  /**
   * A node-redis client (connected or not). The adapter uses it for commands and a `duplicate()`
   * of it for pub/sub; it connects it if needed but never closes it (the duplicate it does).
   */
  readonly client?: RedisConnection;
  /** Prefix of every key and channel; servers of one cluster share it. Default `parley:`. */
  readonly prefix?: string;
  /** Messages kept per resumable stream (`all`, topics, users); at least this many (Redis trims approximately). Default 1,000; `0` keeps none. */
  readonly historySize?: number;
  /** Oldest message a resume may replay, in ms. Default 120,000 (2 minutes). */
  readonly historyTtlMs?: number;
  /** A stream idle (no message, no new subscriber) this long is forgotten; its next message starts a new epoch. Default 86,400,000 (24 hours). */
  readonly streamTtlMs?: number;
  /** How often this node renews its liveness and reaps dead nodes, in ms. Default 5,000. */
  readonly heartbeatIntervalMs?: number;
  /** A node silent this long is dead: its presence entries and connections are removed (leave notices sent). Default 15,000. */
  readonly nodeTtlMs?: number;
  /** Longest wait for one Redis command before it fails (then `-32050 Overloaded`), in ms. Default 5,000. */
  readonly commandTimeoutMs?: number;
  /** Longest `init` waits for Redis before the server starts anyway (Redis-bound calls then fail until it is up), in ms. Default 5,000. */
  readonly connectTimeoutMs?: number;
  /** Most live messages held per stream while a gap is being filled from the log. Default 10,000. */
  readonly maxPendingPerStream?: number;
  /** Where the adapter logs (a pino-compatible subset). Default: silent. */
  readonly logger?: Logger;
  /** This node's id in Redis. Default: random. */
  readonly nodeId?: string;
}

/**
 * Defaults of {@link RedisAdapterOptions}.
 *
 * @example
 * ```ts
 * REDIS_ADAPTER_DEFAULTS.nodeTtlMs; // 15000
 * ```
 */
export const REDIS_ADAPTER_DEFAULTS = Object.freeze({
  url: 'redis://127.0.0.1:6379',
  prefix: 'parley:',
  historySize: 1000,
  historyTtlMs: 120_000,
  streamTtlMs: 86_400_000,
  heartbeatIntervalMs: 5000,
  nodeTtlMs: 15_000,
  commandTimeoutMs: 5000,
  connectTimeoutMs: 5000,
  maxPendingPerStream: 10_000,
});

/** The numeric options, resolved (internal). */
export type ResolvedLimits = { -readonly [K in Exclude<keyof typeof REDIS_ADAPTER_DEFAULTS, 'url' | 'prefix'>]: number } & {
  prefix: string;
};

/**
 * Fills in the defaults and checks the numbers: integers `>= 0` (`historySize`), `> 0` (times),
 * and `nodeTtlMs` longer than `heartbeatIntervalMs`. Throws a `RangeError` otherwise.
 *
 * @example
 * ```ts
 * resolveLimits({ historySize: 10 }).historySize; // 10
 * ```
 */
export function resolveLimits(options: RedisAdapterOptions): ResolvedLimits {
  const d = REDIS_ADAPTER_DEFAULTS;
  const limits: ResolvedLimits = {
    prefix: options.prefix ?? d.prefix,
    historySize: options.historySize ?? d.historySize,
    historyTtlMs: options.historyTtlMs ?? d.historyTtlMs,
    streamTtlMs: options.streamTtlMs ?? d.streamTtlMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? d.heartbeatIntervalMs,
    nodeTtlMs: options.nodeTtlMs ?? d.nodeTtlMs,
    commandTimeoutMs: options.commandTimeoutMs ?? d.commandTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    maxPendingPerStream: options.maxPendingPerStream ?? d.maxPendingPerStream,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (name === 'prefix') continue;
    const min = name === 'historySize' ? 0 : 1;
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      throw new RangeError(`createRedisAdapter: ${name} must be an integer >= ${min}`);
    }
  }
  if (limits.nodeTtlMs <= limits.heartbeatIntervalMs) throw new RangeError('createRedisAdapter: nodeTtlMs must exceed heartbeatIntervalMs');
  if (typeof limits.prefix !== 'string') throw new TypeError('createRedisAdapter: prefix must be a string');
  return limits;
}
