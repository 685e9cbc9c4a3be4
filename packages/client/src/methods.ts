/**
 * The protocol's `Method` (built-in method names) as one constant per member, for the client's own use.
 *
 * `@parley/protocol` exports `Method` as an object, and a bundler keeps an object whole: one
 * `Method.X` in the client would put every member into every app. Imported as a namespace,
 * these constants read the same at the call site (`Method.X`) and a bundler inlines them.
 * Client code takes its built-in method names from here, never from the protocol's object. The types tie
 * each value to the protocol's; a unit test fails on a missing or extra member.
 *
 * @example
 * ```ts
 * import * as Method from './methods.js';
 * encodeRequest(id, Method.Ping);
 * ```
 *
 * @module
 */
import type * as Protocol from '@parley/protocol';

export const Hello: typeof Protocol.Method.Hello = 'rpc.hello';
export const Refresh: typeof Protocol.Method.Refresh = 'rpc.refresh';
export const Ping: typeof Protocol.Method.Ping = 'rpc.ping';
export const Subscribe: typeof Protocol.Method.Subscribe = 'rpc.subscribe';
export const Unsubscribe: typeof Protocol.Method.Unsubscribe = 'rpc.unsubscribe';
export const Broadcast: typeof Protocol.Method.Broadcast = 'rpc.broadcast';
export const Private: typeof Protocol.Method.Private = 'rpc.private';
export const Presence: typeof Protocol.Method.Presence = 'rpc.presence';
export const PresenceJoin: typeof Protocol.Method.PresenceJoin = 'rpc.presence.join';
export const PresenceLeave: typeof Protocol.Method.PresenceLeave = 'rpc.presence.leave';
export const GoAway: typeof Protocol.Method.GoAway = 'rpc.goaway';
export const Error: typeof Protocol.Method.Error = 'rpc.error';
