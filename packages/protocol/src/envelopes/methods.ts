/**
 * The names of Parley's built-in methods and notifications, all in the `rpc.` namespace that
 * JSON-RPC 2.0 reserves for extensions, so no application method can collide with them.
 *
 * @example
 * ```ts
 * import { Method } from '@parley/protocol';
 * ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: Method.Ping }));
 * ```
 */
export const Method = {
  /** Client → server request: open the session (credentials, resume). Answered by the welcome. */
  Hello: 'rpc.hello',
  /** Client → server request: replace the session's credentials without reconnecting. */
  Refresh: 'rpc.refresh',
  /** Client → server request or notification: proof of life; a request is answered with the server time. */
  Ping: 'rpc.ping',
  /** Client → server request: join a topic, optionally with presence and a replay position. */
  Subscribe: 'rpc.subscribe',
  /** Client → server request: leave a topic. */
  Unsubscribe: 'rpc.unsubscribe',
  /** Client → server request: publish an event to a topic or to everyone. */
  Broadcast: 'rpc.broadcast',
  /** Client → server request: send an event to a user's connections or to one connection. */
  Private: 'rpc.private',
  /** Client → server request: list who is present in a topic. */
  Presence: 'rpc.presence',
  /** Server → client notification: a user joined a topic the client watches for presence. */
  PresenceJoin: 'rpc.presence.join',
  /** Server → client notification: a user left a topic the client watches for presence. */
  PresenceLeave: 'rpc.presence.leave',
  /** Server → client notification: the server is going away; reconnect within the window. */
  GoAway: 'rpc.goaway',
  /** Server → client notification: a connection-level error, usually followed by a close. */
  Error: 'rpc.error',
} as const;

/**
 * A built-in method name.
 *
 * @example
 * ```ts
 * const method: BuiltinMethod = Method.Subscribe; // 'rpc.subscribe'
 * ENVELOPES[method].from; // 'client'
 * ```
 */
export type BuiltinMethod = (typeof Method)[keyof typeof Method];

const builtinNames: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(Method));

/**
 * Whether `name` is one of Parley's built-in methods.
 *
 * @example
 * ```ts
 * isBuiltinMethod('rpc.ping');  // true
 * isBuiltinMethod('chat.send'); // false
 * ```
 */
export function isBuiltinMethod(name: string): name is BuiltinMethod {
  return builtinNames.has(name);
}

/**
 * Whether a server notification with this method is a delivery (protocol 6.1): a published
 * message is sent as a notification named after its application event, and application names
 * are never in the reserved `rpc.` namespace.
 *
 * @example
 * ```ts
 * isDeliveryMethod('chat.message'); // true
 * isDeliveryMethod('rpc.goaway');   // false
 * ```
 */
export function isDeliveryMethod(method: string): boolean {
  return !method.startsWith('rpc.');
}
