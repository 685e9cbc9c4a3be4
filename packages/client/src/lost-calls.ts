/**
 * Calls whose reply was lost with their connection (protocol 7.4). An idempotent call waits and
 * is written again after the reconnect with the same id: on a resumed session the server answers
 * it from its reply cache (the handler ran at most once); on a new session it runs again, which
 * an idempotent method allows. A non-idempotent call fails with `OutcomeUnknown`: the server may
 * or may not have run it, and only the application can find out.
 *
 * @module
 */
import { ParleyError } from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import * as Method from './methods.js';
import type { PendingCall } from './requests.js';
import type { Loss } from './supervisor.js';

/**
 * Whether a method may be re-sent when no contract says otherwise: every built-in except the
 * publishing ones (`rpc.broadcast`, `rpc.private`: a second run publishes a second message).
 *
 * @example
 * ```ts
 * idempotentByDefault('rpc.subscribe'); // true
 * idempotentByDefault('rpc.broadcast'); // false
 * ```
 */
export function idempotentByDefault(method: string): boolean {
  return !PUBLISHING.includes(method);
}

const PUBLISHING: readonly string[] = [Method.Broadcast, Method.Private];

/**
 * What a sent, unanswered call becomes when its connection is lost: `undefined` to keep it for a
 * re-send (idempotent, and the client reconnects), else the error to reject it with.
 *
 * @example
 * ```ts
 * requests.lost((call) => lostCallError(call, loss));
 * ```
 */
export function lostCallError(call: PendingCall, loss: Loss): ParleyError | undefined {
  if (call.idempotent) return loss.next === 'reconnecting' ? undefined : loss.error;
  return new ParleyError(ErrorCode.OutcomeUnknown, 'The connection was lost before the reply: the call may or may not have run', {
    method: call.method,
    cause: loss.error.toJSON(),
  });
}
