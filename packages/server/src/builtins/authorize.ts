/**
 * The topic authorization check shared by the built-ins (internal).
 *
 * @module
 */
import { ErrorCode, parleyError, type AnyContract } from '@parley/protocol';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import type { TopicAction } from '../hooks.js';

/**
 * Asks the `authorizeTopic` hook; anything but `true` rejects with -32003 Forbidden. Also
 * rejects with -32009 when the session closed while the hook ran.
 *
 * @example
 * ```ts
 * await authorizeTopic(core, connection, 'room:1', 'subscribe');
 * ```
 */
export async function authorizeTopic(
  core: ServerCore<AnyContract>,
  connection: Connection,
  topic: string | null,
  action: TopicAction,
): Promise<void> {
  const allowed = await core.options.authorizeTopic(connection.context, topic, action);
  if (allowed !== true) throw parleyError(ErrorCode.Forbidden);
  if (!connection.isOpen) throw parleyError(ErrorCode.SessionState);
}
