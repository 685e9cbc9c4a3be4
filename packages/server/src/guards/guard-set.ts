/**
 * The production guards of one server, built once from its options: origin check, credential
 * extraction, client IP, rate limiter, connection rate and counters, metrics, drain defaults and
 * the method authorization hook (internal).
 *
 * @module
 */
import type { AuthorizeMethod } from '../hooks.js';
import type { Logger } from '../util/logger.js';
import { normalizeIp, type TrustProxy } from './client-ip.js';
import { ConnectionLimits, type ConnectionLimitsOptions } from './connection-limits.js';
import { createConnectionRateGuard, type ConnectionRateGuard, type ConnectionRateOptions } from './connection-rate.js';
import { DEFAULT_REDACTED_PARAMS, type CredentialsOptions } from './credentials.js';
import type { DrainOptions } from './drain.js';
import { createMetrics, type MetricsOptions, type ParleyMetrics } from './metrics.js';
import { createOriginCheck, type OriginInput, type OriginOptions, type OriginVerdict } from './origin.js';
import type { RateLimitOptions } from './rate-limit-options.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * The guard options of `createParleyServer` (internal: the public fields live in `ParleyServerOptions`).
 *
 * @example
 * ```ts
 * const options: GuardOptions = { trustProxy: 1, rateLimit: { ip: false }, connectionRate: false };
 * ```
 */
export interface GuardOptions {
  readonly origins?: OriginOptions | undefined;
  readonly credentials?: CredentialsOptions | undefined;
  readonly trustProxy?: TrustProxy | undefined;
  readonly limitLoopback?: boolean | undefined;
  readonly rateLimit?: RateLimitOptions | false | undefined;
  readonly connectionRate?: ConnectionRateOptions | false | undefined;
  readonly connectionLimits?: ConnectionLimitsOptions | undefined;
  readonly metrics?: MetricsOptions | undefined;
  readonly drain?: DrainOptions | undefined;
  readonly authorizeMethod?: AuthorizeMethod | undefined;
}

/**
 * Every guard of a server, ready to use (internal).
 *
 * @example
 * ```ts
 * const guards = resolveGuards(options, logger);
 * if (!guards.checkOrigin({ origin, host }).ok) refuse(403);
 * ```
 */
export interface Guards {
  readonly checkOrigin: (input: OriginInput) => OriginVerdict;
  readonly credentials: CredentialsOptions;
  /** Query parameters redacted from every logged or exposed URL. */
  readonly redactParams: readonly string[];
  readonly trustProxy: TrustProxy;
  /** The per-IP key of an address, or `undefined` when per-IP limits do not apply to it (loopback by default). */
  readonly ipKey: (ip: string) => string | undefined;
  readonly rateLimiter: RateLimiter | null;
  readonly connectionRate: ConnectionRateGuard | null;
  readonly connectionLimits: ConnectionLimits;
  readonly metrics: ParleyMetrics;
  readonly drain: DrainOptions;
  readonly authorizeMethod: AuthorizeMethod | undefined;
}

/**
 * Whether an address is loopback (`127.0.0.0/8`, `::1`), after {@link normalizeIp}.
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('203.0.113.9'); // false
 * ```
 */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * Builds every guard from the options; throws `TypeError` / `RangeError` on bad options (internal).
 * Store failures are logged at `error` unless the options give their own `onStoreError`.
 *
 * @example
 * ```ts
 * const guards = resolveGuards({ origins: { allowed: ['https://app.example.com'] } }, logger);
 * ```
 */
export function resolveGuards(options: GuardOptions, logger: Logger): Guards {
  const credentials = options.credentials ?? {};
  const queryParam = credentials.queryParam;
  if (queryParam !== undefined && queryParam !== false && (typeof queryParam !== 'string' || queryParam === '')) {
    throw new TypeError('createParleyServer: credentials.queryParam must be a parameter name or false');
  }
  const redactParams = queryParam ? [...DEFAULT_REDACTED_PARAMS, queryParam] : DEFAULT_REDACTED_PARAMS;
  const storeError = (scope: string) => (error: unknown) => logger.error({ err: error, scope }, 'parley: rate-limit store failed (message let through)');
  const limitLoopback = options.limitLoopback ?? false;
  const rateLimit = options.rateLimit;
  const connectionRate = options.connectionRate;
  return {
    checkOrigin: createOriginCheck(options.origins),
    credentials,
    redactParams,
    trustProxy: options.trustProxy ?? 0,
    ipKey: (ip) => (!limitLoopback && isLoopback(normalizeIp(ip)) ? undefined : ip),
    rateLimiter: rateLimit === false ? null : createRateLimiter({ onStoreError: storeError('rateLimit'), ...rateLimit }),
    connectionRate: connectionRate === false ? null : createConnectionRateGuard({ onStoreError: storeError('connectionRate'), ...connectionRate }),
    connectionLimits: new ConnectionLimits(options.connectionLimits),
    metrics: createMetrics(options.metrics),
    drain: options.drain ?? {},
    authorizeMethod: options.authorizeMethod,
  };
}
