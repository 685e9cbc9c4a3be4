/**
 * Running an admitted call and turning its outcome into the reply text (internal). In order:
 *
 * 1. the call counts as pending (`maxPendingRequests`) until its reply is ready;
 * 2. the session's reply cache (protocol 7.4): a request of an application method or of a
 *    publishing built-in (`rpc.broadcast`, `rpc.private`) runs once per session and request id; a
 *    re-sent one gets the first reply, awaiting the first run if it is still going. The
 *    connection-scoped built-ins (subscribe, unsubscribe, presence, ping, refresh, hello) always
 *    run: re-running them on the new connection is what makes them right;
 * 3. params validation (`validateParams`): -32602, and an invalid `rpc.hello` is then closed 4400;
 * 4. the `authorizeMethod` hook, for application methods and the publishing built-ins: anything
 *    but `true` answers -32003 and nothing runs;
 * 5. the handler, with its context (handler-context.ts) and timed for the latency histogram when
 *    metrics are on, or the built-in;
 * 6. result validation (application methods), then the reply: the result, or the failure
 *    (a `ParleyError` as it is; anything else is reported and answered -32603 without detail).
 *
 * A synchronous handler is run and answered synchronously, with no promise made, unless the
 * `authorizeMethod` hook or metrics are on. Never throws, never rejects.
 *
 * @module
 */
import {
  encodeError,
  encodeResult,
  ErrorCode,
  invalidParamsError,
  isBuiltinMethod,
  Method,
  ParleyError,
  parleyError,
  toErrorObject,
  validateFast,
  validateParams,
  type AnyContract,
} from '@parley/protocol';
import type { BuiltinSpec, Call } from '../builtins/spec.js';
import type { AnyHandler, ServerCore } from '../core.js';
import type { Connection } from '../session/connection.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import type { MethodTarget, Reply, Target } from './admit.js';
import { LazyHandlerContext } from './handler-context.js';

type Core = ServerCore<AnyContract>;
type AuthorizeHook = NonNullable<Core['options']['guards']['authorizeMethod']>;

/**
 * Runs an admitted call and gives the reply text (`undefined` for a notification): synchronously
 * when its handler is synchronous, as a promise otherwise (the reply cache keeps replies as
 * promises). The caller queues the reply, then runs `call.after`.
 *
 * @example
 * ```ts
 * const reply = dispatch(core, connection, { method: 'rpc.ping', params: undefined, id: 1, inBatch: false, after: [] }, builtinFor('rpc.ping')!);
 * ```
 */
export function dispatch(core: Core, connection: Connection, call: Call, target: Target): Reply | Promise<Reply> {
  connection.pending++;
  const reply = runOnce(core, connection, call, target);
  if (!isPromiseLike(reply)) {
    connection.pending--;
    return reply;
  }
  return Promise.resolve(reply).finally(() => {
    connection.pending--;
  });
}

/** Whether requests of `method` are answered from the session's reply cache when re-sent: application methods and the publishing built-ins. */
const remembersReplies = (method: string): boolean => !isBuiltinMethod(method) || method === Method.Broadcast || method === Method.Private;

/** Runs the call through the session's reply cache when it uses one (a request, `id` not null, of a method that {@link remembersReplies}). */
function runOnce(core: Core, connection: Connection, call: Call, target: Target): Reply | Promise<Reply> {
  const { id } = call;
  if (id === undefined || id === null || !remembersReplies(call.method)) return run(core, connection, call, target);
  const record = core.sessions.get(connection.sessionId);
  return record ? record.replies.run(id, call.method, () => run(core, connection, call, target)) : run(core, connection, call, target);
}

/** Runs the call: synchronously to the end when its handler is synchronous, else as a promise (never rejecting). */
function run(core: Core, connection: Connection, call: Call, target: Target): Reply | Promise<Reply> {
  let work: unknown;
  try {
    work = 'handler' in target ? runHandler(core, connection, call, target) : runBuiltin(core, connection, call, target);
  } catch (thrown) {
    return encodeFailure(core, connection, call, thrown);
  }
  if (!isPromiseLike(work)) return settle(core, connection, call, target, work);
  return Promise.resolve(work).then(
    (result) => settle(core, connection, call, target, result),
    (thrown: unknown) => encodeFailure(core, connection, call, thrown),
  );
}

/**
 * An application method: params, then the handler with its context. Gives the handler's result as
 * it returned it (a value or a promise) when there is no `authorizeMethod` hook and no metrics,
 * else a promise (authorized first, timed).
 */
function runHandler(core: Core, connection: Connection, call: Call, target: MethodTarget): unknown {
  const params = validateParams(target.definition.params, call.params);
  if (!params.success) throw invalidParamsError(params.issues);
  const ctx = new LazyHandlerContext(core, connection, call);
  const hook = core.options.guards.authorizeMethod;
  // Without a hook or metrics, no promise of its own: a synchronous handler's result comes back as is.
  if (!hook && !core.guard.metrics.enabled) return target.handler(params.output, ctx as never);
  return guardedCall(core, connection, call, target.handler, params.output, ctx, hook);
}

async function guardedCall(
  core: Core,
  connection: Connection,
  call: Call,
  handler: AnyHandler,
  params: unknown,
  ctx: LazyHandlerContext,
  hook: AuthorizeHook | undefined,
): Promise<unknown> {
  if (hook) await authorize(core, connection, call, params, hook);
  const { metrics } = core.guard;
  if (!metrics.enabled) return handler(params, ctx as never);
  const started = performance.now();
  try {
    return await handler(params, ctx as never);
  } finally {
    metrics.observeHandler(call.method, (performance.now() - started) / 1000);
  }
}

/** The built-ins `authorizeMethod` is asked about: those that publish on the client's behalf. */
const AUTHORIZED_BUILTINS: ReadonlySet<string> = new Set(['rpc.broadcast', 'rpc.private']);

/** A built-in: params (an invalid one may close the connection after the reply), `authorizeMethod` for the publishing ones, then its `run`. */
function runBuiltin(core: Core, connection: Connection, call: Call, builtin: BuiltinSpec): unknown {
  const params = validateParams(builtin.params, call.params);
  if (!params.success) {
    const close = builtin.invalidParamsClose;
    if (close !== undefined) call.after.push(() => connection.close(close));
    throw invalidParamsError(params.issues);
  }
  const hook = core.options.guards.authorizeMethod;
  if (!hook || !AUTHORIZED_BUILTINS.has(call.method)) return builtin.run(core, connection, params.output, call);
  return authorize(core, connection, call, params.output, hook).then(() => builtin.run(core, connection, params.output, call));
}

/** Asks the `authorizeMethod` hook: anything but `true` rejects with -32003, a hook that throws with -32603 (reported); -32009 if the session closed meanwhile. */
async function authorize(core: Core, connection: Connection, call: Call, params: unknown, hook: AuthorizeHook): Promise<void> {
  let allowed: boolean;
  try {
    allowed = await hook(connection.context, call.method, params);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    core.report(error, { where: 'authorizeMethod', connectionId: connection.connectionId, method: call.method });
    throw parleyError(ErrorCode.InternalError);
  }
  if (allowed !== true) throw parleyError(ErrorCode.Forbidden);
  if (!connection.isOpen) throw parleyError(ErrorCode.SessionState);
}

/** The reply to a call whose work gave `result`: encoded, or the failure if the result was refused. */
function settle(core: Core, connection: Connection, call: Call, target: Target, result: unknown): Reply {
  try {
    let output = result;
    if ('handler' in target) {
      const checked = validateFast(target.definition.result, result);
      if (!checked.success) throw new TypeError(`${call.method} returned an invalid result: ${JSON.stringify(checked.issues)}`);
      output = checked.output;
    }
    return call.id === undefined ? undefined : encodeResult(call.id, output);
  } catch (thrown) {
    return encodeFailure(core, connection, call, thrown);
  }
}

/** The reply to a call that failed: a `ParleyError` as it is; anything else is reported and answered -32603 without detail. */
function encodeFailure(core: Core, connection: Connection, call: Call, thrown: unknown): Reply {
  if (!(thrown instanceof ParleyError)) {
    core.report(thrown, { where: 'handler', connectionId: connection.connectionId, method: call.method }, 'handler threw');
  }
  if (call.id === undefined) return undefined;
  try {
    return encodeError(call.id, toErrorObject(thrown));
  } catch (error) {
    // The error's data cannot be encoded (a BigInt, a cycle).
    core.report(error, { where: 'encode', connectionId: connection.connectionId, method: call.method });
    return encodeError(call.id, toErrorObject(undefined));
  }
}
