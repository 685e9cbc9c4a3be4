/**
 * `@parley/client` as browser bundlers see it (the `browser` export condition): the same API as
 * the main entry, with the global `WebSocket` as the only default. The main entry falls back to
 * `isomorphic-ws` where no global exists (Node 20); a browser always has the global, so this entry
 * leaves that fallback, and the module loader it needs, out of browser bundles.
 *
 * @example
 * ```ts
 * // Nothing to change: a bundler targeting browsers picks this entry by itself.
 * import { createParleyClient } from '@parley/client';
 * ```
 *
 * @module
 */
import type { AnyContract } from '@parley/protocol';
import type { ParleyClient } from './api.js';
import { createClient } from './client.js';
import type { ClientOptions } from './options.js';
import type { WebSocketConstructor } from './websocket.js';

export * from './index.js';

/**
 * The global `WebSocket`; rejects when there is none (pass `options.WebSocket` there).
 *
 * @example
 * ```ts
 * const WebSocket = await defaultWebSocket();
 * ```
 */
export function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return global ? Promise.resolve(global) : Promise.reject(new TypeError('No global WebSocket: pass options.WebSocket'));
}

/**
 * Creates a client for a contract (see the main entry's `createParleyClient`).
 *
 * @example
 * ```ts
 * const client = createParleyClient({ url: 'wss://chat.example.com/parley', contract: chat });
 * ```
 */
export function createParleyClient<const C extends AnyContract>(options: ClientOptions<C>): ParleyClient<C> {
  return createClient(options, defaultWebSocket);
}
