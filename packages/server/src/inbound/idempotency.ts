/**
 * Idempotent re-sends (protocol 7.4): the request identity is (session, JSON-RPC id). Requests
 * that do work for the session, not for one connection, go through the session's reply cache:
 * application methods and the publishing built-ins. Connection-scoped built-ins (subscribe,
 * unsubscribe, presence, ping, refresh, hello) always run: re-running them on the new
 * connection is what makes them right.
 *
 * @module
 */
import { isBuiltinMethod, Method, type AnyContract } from '@parley/protocol';
import type { Call } from '../builtins/spec.js';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';

/**
 * Whether requests of `method` are answered from the session's reply cache when re-sent.
 *
 * @example
 * ```ts
 * remembersReplies('chat.send'); // true
 * remembersReplies('rpc.subscribe'); // false
 * ```
 */
export function remembersReplies(method: string): boolean {
  return !isBuiltinMethod(method) || method === Method.Broadcast || method === Method.Private;
}

/**
 * Runs a call at most once per session and request id: the first time `execute()` runs and its
 * reply is remembered; a re-sent request (same id, on this session, any connection) gets that
 * reply, awaiting the first run if it is still going. Notifications, `id: null` and methods
 * outside {@link remembersReplies} just run.
 *
 * @example
 * ```ts
 * return oncePerSession(core, connection, call, () => run(core, connection, call, target));
 * ```
 */
export function oncePerSession(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Call,
  execute: () => string | undefined | Promise<string | undefined>,
): string | undefined | Promise<string | undefined> {
  const { id } = call;
  if (id === undefined || id === null || !remembersReplies(call.method)) return execute();
  const record = core.sessions.get(connection.sessionId);
  return record ? record.replies.run(id, call.method, execute) : execute();
}
