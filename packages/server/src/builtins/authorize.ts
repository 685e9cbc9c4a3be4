/**
 * The topic authorization check shared by the built-ins (internal).
 *
 * @module
 */
import { ErrorCode, parleyError, type AnyContract } from '@parley/protocol';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import type { TopicAction } from '../hooks.js';
import { andThen } from '../util/maybe-promise.js';

/**
 * Asks the `authorizeTopic` hook; anything but `true` is -32003 Forbidden, and a session that
 * closed while the hook ran is -32009. Synchronous (returns, or throws the error) when the hook
 * answers at once, else a promise that rejects with it.
 *
 * @example
 * ```ts
 * await authorizeTopic(core, connection, 'room:1', 'subscribe');
 * ```
 */
export function authorizeTopic(
  core: ServerCore<AnyContract>,
  connection: Connection,
  topic: string | null,
  action: TopicAction,
): void | PromiseLike<void> {
  return andThen(core.options.authorizeTopic(connection.context, topic, action), (allowed) => {
    if (allowed !== true) throw parleyError(ErrorCode.Forbidden);
    if (!connection.isOpen) throw parleyError(ErrorCode.SessionState);
  });
}
