/**
 * The production guards of `@parley/server`: rate limits, connection limits, origin and
 * credential checks, upgrade refusals, metrics, logging, drain and session expiry. Each module
 * exported here is self-contained and testable on its own; guard-set.ts builds them from the
 * server's options and guard-runtime.ts keeps their state while the server runs.
 *
 * @example
 * ```ts
 * import { createRateLimiter, createOriginCheck, ConnectionLimits } from './guards/index.js';
 * ```
 *
 * @module
 */
export * from './token-bucket.js';
export * from './rate-limit-store.js';
export * from './rate-limit-options.js';
export * from './rate-limiter.js';
export * from './connection-rate.js';
export * from './connection-limits.js';
export * from './client-ip.js';
export * from './origin.js';
export * from './credentials.js';
export * from './handshake.js';
export * from './prom-types.js';
export * from './metrics.js';
export * from './logger.js';
export * from './in-flight.js';
export * from './drain.js';
export * from './expiry.js';
