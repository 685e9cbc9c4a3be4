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
export { SERVER_DEFAULTS, type ParleyServerOptions, type SlowConsumerPolicy } from './options.js';
export {
  allowAllTopics,
  anonymousAuthenticate,
  type AuthContext,
  type Authenticate,
  type AuthorizeTopic,
  type Identity,
  type SessionContext,
  type TopicAction,
} from './hooks.js';
export { parseCookies, requestInfo, type RequestInfo } from './request-info.js';
export { silentLogger, type LogFn, type Logger } from './logger.js';
export type {
  Adapter,
  AdapterNode,
  ConnectionRef,
  HistoryRead,
  MessageDraft,
  PresenceChange,
  PresenceEntry,
  StreamMessage,
} from './adapter.js';
export { MEMORY_ADAPTER_DEFAULTS, MemoryAdapter, type MemoryAdapterOptions } from './memory-adapter.js';
export { StreamLog, newEpoch, type StreamLogLimits } from './stream-log.js';
export { PresenceRegistry } from './presence-registry.js';
export { registerFixtureHandlers, type FixtureContract } from './fixtures.js';
