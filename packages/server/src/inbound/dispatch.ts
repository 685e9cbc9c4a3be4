/**
 * Running one JSON-RPC call (request or notification): session state, the hello rules, the
 * pending-request limit, method lookup (built-in or contract), params validation, the handler,
 * and turning its outcome into the reply text. Never throws, never rejects.
 *
 * @module
 */
import {
  CloseCode,
  encodeError,
  encodeResult,
  ErrorCode,
  getMethod,
  invalidParamsError,
  isBuiltinMethod,
  Method,
  ParleyError,
  parleyError,
  toErrorObject,
  validate,
  validateParams,
  type AnyContract,
  type ErrorObject,
  type MethodDefinition,
} from '@parley/protocol';
import { builtinFor } from '../builtins/index.js';
import { callBuiltin, callHandler } from './call-guard.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import { LazyHandlerContext } from './handler-context.js';
import { oncePerSession } from './idempotency.js';
import type { BuiltinSpec, Call } from '../builtins/spec.js';
import type { Connection } from '../session/connection.js';
import type { AnyHandler, ServerCore } from '../core.js';

type Target = { readonly builtin: BuiltinSpec } | { readonly definition: MethodDefinition; readonly handler: AnyHandler };

function findTarget(core: ServerCore<AnyContract>, method: string): Target | undefined {
  const spec = builtinFor(method);
  if (spec) return { builtin: spec };
  if (isBuiltinMethod(method)) return undefined;
  const definition = getMethod(core.contract, method);
  const handler = definition && core.handlers.get(method);
  return definition && handler ? { definition, handler } : undefined;
}

const fail = (call: Call, error: ErrorObject): string | undefined => (call.id === undefined ? undefined : encodeError(call.id, error));
const sessionState = (message?: string): ErrorObject => new ParleyError(ErrorCode.SessionState, message).toJSON();

function encodeFailure(core: ServerCore<AnyContract>, connection: Connection, call: Call, thrown: unknown): string | undefined {
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

type Reply = string | undefined;

/** The reply to a call whose work gave `result`: encoded, or the failure if the result was refused. */
function settle(core: ServerCore<AnyContract>, connection: Connection, call: Call, target: Target, result: unknown): Reply {
  try {
    let output = result;
    if (!('builtin' in target)) {
      const checked = validate(target.definition.result, result);
      if (!checked.success) throw new TypeError(`${call.method} returned an invalid result: ${JSON.stringify(checked.issues)}`);
      output = checked.output;
    }
    return call.id === undefined ? undefined : encodeResult(call.id, output);
  } catch (thrown) {
    return encodeFailure(core, connection, call, thrown);
  }
}

/** Runs the call: synchronously to the end when its handler is synchronous, else as a promise (never rejecting). */
function run(core: ServerCore<AnyContract>, connection: Connection, call: Call, target: Target): Reply | Promise<Reply> {
  let work: unknown;
  try {
    if ('builtin' in target) {
      const { builtin } = target;
      const params = validateParams(builtin.params, call.params);
      if (!params.success) {
        const close = builtin.invalidParamsClose;
        if (close !== undefined) call.after.push(() => connection.close(close));
        throw invalidParamsError(params.issues);
      }
      work = callBuiltin(core, connection, call, params.output, () => builtin.run(core, connection, params.output, call));
    } else {
      const params = validateParams(target.definition.params, call.params);
      if (!params.success) throw invalidParamsError(params.issues);
      work = callHandler(core, connection, call, target.handler, params.output, new LazyHandlerContext(core, connection, call));
    }
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
 * The hello rules (protocol 4.2, 4.4): alone, as a request, once. Returns the refusal, or
 * `undefined` to go on.
 */
function helloRefusal(connection: Connection, call: Call): { reply: string | undefined } | undefined {
  if (call.inBatch) return { reply: fail(call, sessionState('rpc.hello must be sent alone, not in a batch')) };
  if (connection.phase !== 'handshake') return { reply: fail(call, sessionState('The session is already open')) };
  if (call.id === undefined) {
    call.after.push(() => connection.closeWithNotice(CloseCode.BadRequest));
    return { reply: undefined };
  }
  return undefined;
}

/**
 * Runs one call and gives the reply text (`undefined` for a notification): synchronously for
 * calls refused at once and calls whose handler is synchronous, as a promise otherwise (the reply
 * cache keeps replies as promises). The caller queues the reply,
 * then runs `call.after`.
 *
 * @example
 * ```ts
 * const reply = dispatch(core, connection, { method: 'rpc.ping', params: undefined, id: 1, inBatch: false, after: [] });
 * ```
 */
export function dispatch(core: ServerCore<AnyContract>, connection: Connection, call: Call): string | undefined | Promise<string | undefined> {
  if (call.method === Method.Hello) {
    const refusal = helloRefusal(connection, call);
    if (refusal) return refusal.reply;
  }
  const target = findTarget(core, call.method);
  const beforeSession = target !== undefined && 'builtin' in target && target.builtin.beforeSession === true;
  if (!connection.isOpen && !beforeSession) return fail(call, sessionState());
  if (!target) return fail(call, parleyError(ErrorCode.MethodNotFound).toJSON());
  const { maxPendingRequests } = core.options;
  if (connection.pending >= maxPendingRequests) {
    return fail(call, parleyError(ErrorCode.LimitExceeded, { limit: 'maxPendingRequests', max: maxPendingRequests }).toJSON());
  }
  connection.pending++;
  const reply = oncePerSession(core, connection, call, () => run(core, connection, call, target));
  if (!isPromiseLike(reply)) {
    connection.pending--;
    return reply;
  }
  return Promise.resolve(reply).finally(() => {
    connection.pending--;
  });
}
