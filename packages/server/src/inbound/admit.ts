/**
 * Admission: whether one call may run (internal). The checks, in order; a refusal is the reply (a
 * notification gets none):
 *
 * 1. draining: new calls get -32051, `rpc.ping` excepted;
 * 2. the method's own rate limit, if it has one: -32029 with `data: { retryAfterMs, scope }`;
 * 3. the hello rules (protocol 4.2, 4.4): `rpc.hello` alone, as a request, once (-32009; a hello
 *    notification is closed 4400);
 * 4. session state: before the session is open only `rpc.hello` runs (-32009);
 * 5. method lookup: a built-in a client may call, or a contract method (own names only) with a
 *    handler; anything else is -32601;
 * 6. `maxPendingRequests`: -32020 while the connection has that many calls running.
 *
 * An admitted call goes on to dispatch.ts. The `authorizeMethod` hook is asked there, not here:
 * it is given the validated params, and a re-sent request answered from the reply cache is not
 * asked again.
 *
 * Rate-limit refusals (of a frame, in receive.ts, or of a method, here) are noted by
 * {@link rateLimited}: counted per refused message, and the connection that keeps flooding is
 * closed once its abuse allowance is spent (`rpc.error` -32029, close 4429).
 *
 * @module
 */
import {
  CloseCode,
  encodeError,
  ErrorCode,
  getMethod,
  isBuiltinMethod,
  Method,
  ParleyError,
  parleyError,
  type AnyContract,
  type ErrorObject,
  type MethodDefinition,
} from '@parley/protocol';
import { builtinFor } from '../builtins/index.js';
import type { BuiltinSpec, Call } from '../builtins/spec.js';
import type { AnyHandler, ServerCore } from '../core.js';
import type { RateLimitVerdict } from '../guards/rate-limiter.js';
import type { Connection } from '../session/connection.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import { dispatch } from './dispatch.js';

type Core = ServerCore<AnyContract>;

/**
 * A reply text, or `undefined` when there is none (internal).
 *
 * @example
 * ```ts
 * const reply: Reply = encodeError(1, error);
 * ```
 */
export type Reply = string | undefined;

/**
 * A contract method and its handler (internal).
 *
 * @example
 * ```ts
 * const target: MethodTarget = { definition: getMethod(contract, 'chat.send')!, handler };
 * ```
 */
export interface MethodTarget {
  readonly definition: MethodDefinition;
  readonly handler: AnyHandler;
}

/**
 * What an admitted call runs: a built-in, or a contract method with its handler (internal).
 *
 * @example
 * ```ts
 * const reply = dispatch(core, connection, call, builtinFor('rpc.ping')!);
 * ```
 */
export type Target = BuiltinSpec | MethodTarget;

const SHUTTING_DOWN: ErrorObject = parleyError(ErrorCode.ShuttingDown).toJSON();
const ALLOW: RateLimitVerdict = Object.freeze({ ok: true });

const refuse = (call: Call, error: ErrorObject): Reply => (call.id === undefined ? undefined : encodeError(call.id, error));
const sessionState = (message?: string): ErrorObject => new ParleyError(ErrorCode.SessionState, message).toJSON();

/**
 * Admits one call and hands it to dispatch, or gives its refusal. Synchronous unless the method's
 * rate limit is kept in an asynchronous store or the call's handler is asynchronous.
 *
 * @example
 * ```ts
 * const reply = admit(core, connection, { method: 'rpc.ping', params: undefined, id: 1, inBatch: false, after: [] });
 * ```
 */
export function admit(core: Core, connection: Connection, call: Call): Reply | Promise<Reply> {
  if (core.guard.draining && call.method !== Method.Ping) return refuse(call, SHUTTING_DOWN);
  const verdict = core.guard.of(connection).limiter?.checkMethod(call.method) ?? ALLOW;
  if (isPromiseLike(verdict)) return Promise.resolve(verdict).then((v) => admitWithin(core, connection, call, v));
  return admitWithin(core, connection, call, verdict);
}

/** The checks after the method's rate limit (3 to 6), given its verdict; an admitted call is dispatched. */
function admitWithin(core: Core, connection: Connection, call: Call, verdict: RateLimitVerdict): Reply | Promise<Reply> {
  if (!verdict.ok) return refuse(call, rateLimited(core, connection, verdict, 1, call.after));
  if (call.method === Method.Hello) {
    if (call.inBatch) return refuse(call, sessionState('rpc.hello must be sent alone, not in a batch'));
    if (connection.phase !== 'handshake') return refuse(call, sessionState('The session is already open'));
    if (call.id === undefined) {
      call.after.push(() => connection.closeWithNotice(CloseCode.BadRequest));
      return undefined;
    }
  }
  const target = findTarget(core, call.method);
  const beforeSession = target !== undefined && !('handler' in target) && target.beforeSession === true;
  if (!connection.isOpen && !beforeSession) return refuse(call, sessionState());
  if (!target) return refuse(call, parleyError(ErrorCode.MethodNotFound).toJSON());
  const { maxPendingRequests } = core.options;
  if (connection.pending >= maxPendingRequests) {
    return refuse(call, parleyError(ErrorCode.LimitExceeded, { limit: 'maxPendingRequests', max: maxPendingRequests }).toJSON());
  }
  return dispatch(core, connection, call, target);
}

/** The built-in a client may call under `method`, else the contract's method if it has a handler. */
function findTarget(core: Core, method: string): Target | undefined {
  const builtin = builtinFor(method);
  if (builtin) return builtin;
  if (isBuiltinMethod(method)) return undefined;
  const definition = getMethod(core.contract, method);
  const handler = definition && core.handlers.get(method);
  return definition && handler ? { definition, handler } : undefined;
}

/**
 * Notes a rate-limit refusal of `messages` messages (a frame's, or one call's): counts each one
 * and, when the connection's abuse allowance is spent, closes it after the reply (`rpc.error`
 * -32029, close 4429). Returns the error to answer with.
 *
 * @example
 * ```ts
 * const error = rateLimited(core, connection, verdict, 1, call.after);
 * ```
 */
export function rateLimited(core: Core, connection: Connection, verdict: Extract<RateLimitVerdict, { ok: false }>, messages: number, after: Call['after']): ErrorObject {
  const { metrics } = core.guard;
  for (let i = 0; i < messages; i++) metrics.rateLimited(verdict.scope);
  if (verdict.close) {
    after.push(() => {
      if (connection.isClosed) return;
      const { connectionId, identity } = connection;
      core.options.logger.warn({ connectionId, userId: identity.userId, ip: connection.request.ip }, 'parley: closing a connection that keeps flooding');
      core.closeWithNotice(connection, CloseCode.RateLimited);
    });
  }
  return verdict.error.toJSON();
}
