/**
 * `@parley/server`: attach Parley to any Node HTTP(S) server. Typed handlers from the shared
 * contract, topics, private messages, presence, heartbeat and fan-out that frames each message
 * once, all through a pluggable {@link Adapter}.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createParleyServer } from '@parley/server';
 *
 * const http = createServer();
 * const parley = createParleyServer({ server: http, contract });
 * http.listen(3000);
 * ```
 *
 * @module
 */
export { createParleyServer } from './server.js';
export type {
  CloseOptions,
  ConnectionInfo,
  ConnectionsView,
  DisconnectInfo,
  DisconnectOptions,
  ErrorContext,
  Handler,
  HandlerContext,
  ParleyServer,
  ServerEvents,
} from './types.js';
export { SERVER_DEFAULTS, type DeliveryOptions, type ParleyServerOptions, type SlowConsumerPolicy } from './options.js';
export {
  allowAllTopics,
  anonymousAuthenticate,
  type AuthContext,
  type Authenticate,
  type AuthorizeMethod,
  type AuthorizeTopic,
  type Identity,
  type SessionContext,
  type TopicAction,
} from './hooks.js';
export { parseCookies, requestInfo, type RequestInfo, type RequestInfoOptions } from './transport/request-info.js';
export type { TrustProxy } from './guards/client-ip.js';
export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimitsOptions } from './guards/connection-limits.js';
export { DEFAULT_CONNECTION_RATE, type ConnectionRateOptions } from './guards/connection-rate.js';
export {
  DEFAULT_REDACTED_PARAMS,
  redactUrl,
  type CredentialSource,
  type CredentialsOptions,
  type TransportCredentials,
} from './guards/credentials.js';
export { DEFAULT_DRAIN, type DrainOptions } from './guards/drain.js';
export { redactingLogger } from './guards/logger.js';
export { DEFAULT_BUFFER_BUCKETS, DEFAULT_LATENCY_BUCKETS, type MetricsOptions } from './guards/metrics.js';
export type { OriginOptions } from './guards/origin.js';
export type {
  PromClientLike,
  PromCounterLike,
  PromGaugeLike,
  PromHistogramLike,
  PromLabels,
  PromMetricConfig,
  PromMetricLike,
  PromRegistryLike,
} from './guards/prom-types.js';
export {
  DEFAULT_RATE_LIMITS,
  type AbusePolicy,
  type MethodRateLimit,
  type RateLimitOptions,
  type ScopeRateLimit,
} from './guards/rate-limit-options.js';
export {
  DEFAULT_MEMORY_STORE_OPTIONS,
  MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  type RateLimitStore,
} from './guards/rate-limit-store.js';
export type { TakeResult, TokenBucketRule } from './guards/token-bucket.js';
export { silentLogger, type LogFn, type Logger } from './util/logger.js';
export type {
  Adapter,
  AdapterNode,
  ConnectionRef,
  HistoryRead,
  MessageDraft,
  PresenceChange,
  PresenceEntry,
  SessionRef,
  StreamMessage,
} from './delivery/adapter.js';
export { SESSION_DEFAULTS, type SessionOptions } from './session/session-options.js';
export { MEMORY_ADAPTER_DEFAULTS, MemoryAdapter, type MemoryAdapterOptions } from './delivery/memory-adapter.js';
export { StreamLog, newEpoch, type StreamLogLimits } from './delivery/stream-log.js';
export { PresenceRegistry } from './delivery/presence-registry.js';
export { registerFixtureHandlers, type FixtureContract } from './fixtures.js';
