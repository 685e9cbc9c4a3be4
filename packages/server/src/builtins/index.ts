/**
 * The built-in methods a client may call, by name (internal). Server-to-client envelopes
 * (`rpc.presence.join`, `rpc.goaway`, ...) are absent: a client sending them gets -32601.
 *
 * @module
 */
import { Method } from '@parley/protocol';
import { hello, refresh } from './session.js';
import { ping } from './ping.js';
import { broadcast, privateMessage } from './publish.js';
import type { BuiltinSpec } from './spec.js';
import { presence, subscribe, unsubscribe } from './topics.js';

const BUILTINS: ReadonlyMap<string, BuiltinSpec> = new Map([
  [Method.Hello, hello],
  [Method.Refresh, refresh],
  [Method.Ping, ping],
  [Method.Subscribe, subscribe],
  [Method.Unsubscribe, unsubscribe],
  [Method.Broadcast, broadcast],
  [Method.Private, privateMessage],
  [Method.Presence, presence],
]);

/**
 * The built-in a client may call under `method`, if any.
 *
 * @example
 * ```ts
 * builtinFor('rpc.ping'); // the ping spec
 * builtinFor('rpc.goaway'); // undefined (server to client only)
 * ```
 */
export function builtinFor(method: string): BuiltinSpec | undefined {
  return BUILTINS.get(method);
}
