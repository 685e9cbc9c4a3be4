/**
 * `@parley/redis`: one Parley server spread over many processes and machines through Redis.
 * Broadcasts, topic and private messages cross nodes over Redis pub/sub, numbered per stream by
 * atomic scripts; the resume log lives in Redis Streams, so a client resumes on any node;
 * presence, connections and sessions are cluster-wide, with dead nodes reaped after a TTL.
 * No sticky sessions. An optional Redis-backed rate-limit store makes per-user limits hold
 * across nodes.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createParleyServer } from '@parley/server';
 * import { createRedisAdapter } from '@parley/redis';
 *
 * const http = createServer();
 * const parley = createParleyServer({ server: http, contract, adapter: createRedisAdapter({ url: process.env.REDIS_URL }) });
 * http.listen(Number(process.env.PORT));
 * ```
 *
 * @module
 */
export { createRedisAdapter, RedisAdapter, type RedisAdapterStats } from './adapter.js';
export { REDIS_ADAPTER_DEFAULTS, type RedisAdapterOptions } from './options.js';
export type { GapReport, RedisAdapterEvents } from './events.js';
export type { LinkStatus, RedisConnection } from './connection.js';
export { isRedisUnavailable, redisUnavailable } from './errors.js';
export { createRedisRateLimitStore, RedisRateLimitStore, type RedisRateLimitStoreOptions } from './rate-limit-store.js';
