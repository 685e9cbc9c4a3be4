/**
 * `@parley/client`: the Parley client for browsers and Node. Typed calls and events from the
 * shared contract, heartbeat, full-jitter reconnect, a bounded offline queue.
 *
 * @example
 * ```ts
 * import { createParleyClient } from '@parley/client';
 * import { chat } from './contract.js';
 *
 * const client = createParleyClient({ url: 'wss://chat.example.com/parley', contract: chat });
 * client.on('chat.message', (msg, meta) => console.log(meta.from, msg.text));
 * await client.subscribe('room:1');
 * await client.call('chat.send', { room: 'room:1', text: 'hello' });
 * ```
 *
 * @module
 */
import { compileSchemaCheck, type AnyContract } from '@parley/protocol';
import type { ParleyClient } from './api.js';
import { createClient } from './client.js';
import type { ClientOptions } from './options.js';
import type { WebSocketConstructor } from './websocket.js';

/**
 * The platform's WebSocket: the global one (browsers, Node ≥ 22, Deno, Bun), else `ws` through
 * `isomorphic-ws`, imported only then (bundlers map `isomorphic-ws` to the global for browsers,
 * so `ws` never reaches a browser bundle).
 *
 * @example
 * ```ts
 * const WebSocket = await defaultWebSocket();
 * ```
 */
export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  // `isomorphic-ws` is CommonJS on Node (its default export is `ws`) and ESM in browsers.
  const module = (await import('isomorphic-ws')) as unknown as { default?: WebSocketConstructor };
  return module.default ?? (module as unknown as WebSocketConstructor);
}

/**
 * Creates a client for a contract. It connects at once unless `autoConnect: false`; calls made
 * before the welcome wait in the offline queue.
 *
 * @example
 * ```ts
 * const client = createParleyClient({
 *   url: 'wss://chat.example.com/parley',
 *   contract: chat,
 *   auth: async () => ({ token: await getToken() }),
 * });
 * const { seq } = await client.call('chat.send', { room: 'room:1', text: 'hi' });
 * ```
 */
export function createParleyClient<const C extends AnyContract>(options: ClientOptions<C>): ParleyClient<C> {
  return createClient(options, defaultWebSocket, onNode ? compileSchemaCheck : undefined);
}

/**
 * Whether this is Node, where the client compiles fast schema checks for what it receives
 * (generated code, which a page's Content Security Policy may forbid: browsers use valibot alone).
 */
const onNode = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

export type { CallArgs, CallOptions, EventHandler, NotifyOptions, ParleyClient, RecoveryListener, SubscribeOptions } from './api.js';
export type { RecoveryInfo, RecoveryReason } from './resume.js';
export { CLIENT_DEFAULTS } from './options.js';
export type { ClientOptions, Credentials, HeartbeatTiming, QueueOptions, ReconnectOptions } from './options.js';
export { fullJitter } from './backoff.js';
export type { ClientState, StateChange } from './state.js';
export type {
  DeliveryMeta,
  Identity,
  PresenceChange,
  PresenceMember,
  PresenceResult,
  PublishResult,
  Recipient,
  RefreshResult,
  ResumeFailureReason,
  Sender,
  Session,
  SubscribeResult,
  UnsubscribeResult,
} from './types.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket.js';
export { CloseCode, ErrorCode, ParleyError, isRetryableClose } from '@parley/protocol';
