/**
 * Options of `createParleyServer`, with every limit named and a safe documented default.
 *
 * @module
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { defineContract, DEFAULT_FRAME_LIMITS, type AnyContract } from '@parley/protocol';
import type { Adapter } from './delivery/adapter.js';
import { resolveGuards, type Guards } from './guards/guard-set.js';
import type { TrustProxy } from './guards/client-ip.js';
import type { ConnectionLimitsOptions } from './guards/connection-limits.js';
import type { ConnectionRateOptions } from './guards/connection-rate.js';
import type { CredentialsOptions } from './guards/credentials.js';
import type { DrainOptions } from './guards/drain.js';
import { redactingLogger } from './guards/logger.js';
import type { MetricsOptions } from './guards/metrics.js';
import type { OriginOptions } from './guards/origin.js';
import type { RateLimitOptions } from './guards/rate-limit-options.js';
import {
  allowAllTopics,
  anonymousAuthenticate,
  type Authenticate,
  type AuthorizeMethod,
  type AuthorizeTopic,
  type Identity,
} from './hooks.js';
import { silentLogger, type Logger } from './util/logger.js';
import { MemoryAdapter } from './delivery/memory-adapter.js';
import { resolveSessionOptions, type SessionLimits, type SessionOptions } from './session/session-options.js';

/**
 * What happens to a connection whose unsent data passes `maxBufferedBytes`:
 * - `'close'`: close it with 4509 (retryable; a resuming client recovers what it missed);
 * - `'drop'`: skip messages for it while it is over the limit; the client sees the gap in the
 *   stream's `seq`. Replies and presence notices are never dropped; past twice the limit the
 *   connection is closed with 4509 anyway, so memory stays bounded.
 *
 * @example
 * ```ts
 * const policy: SlowConsumerPolicy = 'drop';
 * ```
 */
export type SlowConsumerPolicy = 'close' | 'drop';

/**
 * What deliveries carry besides their stream position, sender and payload (protocol 6.1). Both
 * cost bytes on every delivery they appear on, and make it travel in the protocol's full form.
 *
 * @example
 * ```ts
 * createParleyServer({ server: http, delivery: { timestamps: true } }); // meta.ts on every message
 * ```
 */
export interface DeliveryOptions {
  /** Stamp every delivery with the time the server accepted it (`ts`, ms since the epoch). Default `false`. */
  readonly timestamps?: boolean;
  /**
   * Add the sending connection's id (`fromConnection`) to every message a client sends. Default
   * `false`: only messages sent to one connection (`send({ connectionId })`) carry it, so the
   * recipient can answer that connection.
   */
  readonly senderConnection?: boolean;
}

/**
 * Options of `createParleyServer`. All are optional.
 *
 * @example
 * ```ts
 * createParleyServer({ server: httpServer, path: '/ws', contract: chat, maxTopics: 20, logger: pino() });
 * ```
 */
export interface ParleyServerOptions<C extends AnyContract = AnyContract> {
  /** The application contract (methods and events). Default: none, only the built-ins. */
  readonly contract?: C;
  /** An HTTP(S) server to attach to: Parley handles its `upgrade` events for `path` only. */
  readonly server?: HttpServer | HttpsServer;
  /** The WebSocket endpoint's path, compared exactly (query string ignored). Default `/parley`. */
  readonly path?: string;
  /** Fan-out, private routing, presence and the stream log. Default: a new `MemoryAdapter` (one process). */
  readonly adapter?: Adapter;
  /** Decides who a connection is. Default: {@link anonymousAuthenticate} (everyone, anonymously). */
  readonly authenticate?: Authenticate;
  /** Decides what a session may do with a topic. Default: {@link allowAllTopics}. */
  readonly authorizeTopic?: AuthorizeTopic;
  /** Decides whether a session may call a contract method (before its handler runs). Default: every method. */
  readonly authorizeMethod?: AuthorizeMethod;
  /** Allowed `Origin`s, checked before the upgrade (HTTP 403). Default `{ allowed: 'same-host', allowMissing: true }`. */
  readonly origins?: OriginOptions;
  /** Where a token may travel on the upgrade request (header, cookie, opt-in query parameter). Default: `Authorization: Bearer` only. */
  readonly credentials?: CredentialsOptions;
  /** Proxy hops to believe in `X-Forwarded-For` for the client IP. Default 0 (the socket's address). */
  readonly trustProxy?: TrustProxy;
  /**
   * Apply per-IP limits (`connectionRate`, `connectionLimits.maxConnectionsPerIp`, `rateLimit.ip`)
   * to loopback addresses too. Default `false`: a proxy on the same host without `trustProxy`
   * would otherwise make every user share one address.
   */
  readonly limitLoopback?: boolean;
  /** Message and byte rate limits per connection, user, IP and method; `false` turns them off. Default on (see `DEFAULT_RATE_LIMITS`). */
  readonly rateLimit?: RateLimitOptions | false;
  /** New connections per IP per second, refused with HTTP 429; `false` turns it off. Default 10/s, burst 30. */
  readonly connectionRate?: ConnectionRateOptions | false;
  /** Connections in total, per IP, per user, and before hello. Default 10,000 / 100 / 20 / 1,000. */
  readonly connectionLimits?: ConnectionLimitsOptions;
  /** Prometheus metrics through your `prom-client` module (`{ client: promClient, registry }`). Default off. */
  readonly metrics?: MetricsOptions;
  /** Defaults of the graceful drain done by `close()`. Default 25 s timeout, batches of 1,000 every second. */
  readonly drain?: DrainOptions;
  /** The `data` shown for a user in presence lists and notices. Default: `identity.data` (protocol section 8); return `undefined` to show none. */
  readonly presenceData?: (identity: Identity) => unknown;
  /** Where Parley logs (token query parameters in URLs are redacted). Default: {@link silentLogger}. */
  readonly logger?: Logger;
  /** How often every socket gets a WebSocket ping, in ms; `0` turns the heartbeat off. Default 25,000. */
  readonly heartbeatIntervalMs?: number;
  /** How long a socket may stay silent after a ping before it is terminated, in ms. Default 20,000. */
  readonly heartbeatTimeoutMs?: number;
  /** How long a new connection has to complete `rpc.hello`, in ms; then close 4408. Default 10,000. */
  readonly handshakeTimeoutMs?: number;
  /** Largest incoming frame in bytes; larger closes with 1009 (enforced by `ws`). Default 65,536. */
  readonly maxMessageBytes?: number;
  /** Most items in one JSON-RPC batch; more is answered -32020. Default 50. */
  readonly maxBatchLength?: number;
  /** Deepest JSON nesting of one frame; deeper is answered -32020. Default 32. */
  readonly maxDepth?: number;
  /** Most topics one connection may subscribe to; more is answered -32020. Default 100. */
  readonly maxTopics?: number;
  /** Most requests of one connection running at once; more is answered -32020. Default 64. */
  readonly maxPendingRequests?: number;
  /** Most bytes queued for one connection before `slowConsumerPolicy` applies. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** What to do with a connection over `maxBufferedBytes`. Default `'close'` (4509). */
  readonly slowConsumerPolicy?: SlowConsumerPolicy;
  /** How long and how many sessions are remembered for resume, and their reply caches. Defaults in `SESSION_DEFAULTS`. */
  readonly sessions?: SessionOptions;
  /** What deliveries carry beyond position, sender and payload: timestamps, the sending connection. Default: neither. */
  readonly delivery?: DeliveryOptions;
}

/**
 * The defaults of every limit in {@link ParleyServerOptions}.
 *
 * @example
 * ```ts
 * SERVER_DEFAULTS.maxBufferedBytes; // 1048576
 * ```
 */
export const SERVER_DEFAULTS = Object.freeze({
  path: '/parley',
  heartbeatIntervalMs: 25_000,
  heartbeatTimeoutMs: 20_000,
  handshakeTimeoutMs: 10_000,
  maxMessageBytes: DEFAULT_FRAME_LIMITS.maxMessageBytes,
  maxBatchLength: DEFAULT_FRAME_LIMITS.maxBatchLength,
  maxDepth: DEFAULT_FRAME_LIMITS.maxDepth,
  maxTopics: 100,
  maxPendingRequests: 64,
  maxBufferedBytes: 1024 * 1024,
  slowConsumerPolicy: 'close',
} as const satisfies Record<string, number | string>);

/** Options with every default filled in (internal). */
export interface ResolvedOptions<C extends AnyContract> {
  readonly contract: C;
  readonly path: string;
  readonly adapter: Adapter;
  readonly authenticate: Authenticate;
  readonly authorizeTopic: AuthorizeTopic;
  readonly presenceData: (identity: Identity) => unknown;
  readonly logger: Logger;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly maxBatchLength: number;
  readonly maxDepth: number;
  readonly maxTopics: number;
  readonly maxPendingRequests: number;
  readonly maxBufferedBytes: number;
  readonly slowConsumerPolicy: SlowConsumerPolicy;
  readonly sessions: SessionLimits;
  readonly guards: Guards;
  readonly delivery: Required<DeliveryOptions>;
}

type NumericOption = {
  [K in keyof typeof SERVER_DEFAULTS]: (typeof SERVER_DEFAULTS)[K] extends number ? K : never;
}[keyof typeof SERVER_DEFAULTS];

function numeric(options: ParleyServerOptions<AnyContract>, name: NumericOption, min: number): number {
  const value = options[name] ?? SERVER_DEFAULTS[name];
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`createParleyServer: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

const identityData = (identity: Identity): unknown => identity.data;

/** Fills in defaults and checks every limit (internal). Throws `RangeError` / `TypeError` on bad options. */
export function resolveOptions<C extends AnyContract>(options: ParleyServerOptions<C>): ResolvedOptions<C> {
  const path = options.path ?? SERVER_DEFAULTS.path;
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    throw new TypeError(`createParleyServer: path must start with "/" and have no query, got ${String(path)}`);
  }
  const policy = options.slowConsumerPolicy ?? SERVER_DEFAULTS.slowConsumerPolicy;
  if (policy !== 'close' && policy !== 'drop') {
    throw new TypeError(`createParleyServer: slowConsumerPolicy must be 'close' or 'drop', got ${String(policy)}`);
  }
  const raw = options.logger ?? silentLogger;
  const guards = resolveGuards(options, raw);
  const logger = redactingLogger(raw, guards.redactParams);
  return {
    contract: (options.contract ?? defineContract({})) as C,
    path,
    adapter: options.adapter ?? new MemoryAdapter(),
    authenticate: options.authenticate ?? anonymousAuthenticate,
    authorizeTopic: options.authorizeTopic ?? allowAllTopics,
    presenceData: options.presenceData ?? identityData,
    logger,
    heartbeatIntervalMs: numeric(options, 'heartbeatIntervalMs', 0),
    heartbeatTimeoutMs: numeric(options, 'heartbeatTimeoutMs', 1),
    handshakeTimeoutMs: numeric(options, 'handshakeTimeoutMs', 1),
    maxMessageBytes: numeric(options, 'maxMessageBytes', 256),
    maxBatchLength: numeric(options, 'maxBatchLength', 1),
    maxDepth: numeric(options, 'maxDepth', 2),
    maxTopics: numeric(options, 'maxTopics', 0),
    maxPendingRequests: numeric(options, 'maxPendingRequests', 1),
    maxBufferedBytes: numeric(options, 'maxBufferedBytes', 1024),
    slowConsumerPolicy: policy,
    sessions: resolveSessionOptions(options.sessions),
    guards,
    delivery: { timestamps: options.delivery?.timestamps === true, senderConnection: options.delivery?.senderConnection === true },
  };
}
