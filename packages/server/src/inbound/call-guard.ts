/**
 * Running an application handler behind its guard (internal): the `authorizeMethod` hook first
 * (anything but `true` answers -32003 and the handler never runs), then the handler, timed for
 * the latency histogram when metrics are on. The built-ins that publish on a client's behalf
 * (`rpc.broadcast`, `rpc.private`) go through the same hook.
 *
 * @module
 */
import { ErrorCode, parleyError, ParleyError, type AnyContract } from '@parley/protocol';
import type { Call } from '../builtins/spec.js';
import type { Connection } from '../session/connection.js';
import type { AnyHandler, ServerCore } from '../core.js';

async function authorize(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Call,
  params: unknown,
  hook: NonNullable<ServerCore<AnyContract>['options']['guards']['authorizeMethod']>,
): Promise<void> {
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

/**
 * Authorizes the call, then runs `handler` with the validated params. Gives the handler's result
 * as it returned it (a value or a promise) when there is no hook and no metrics, else a promise.
 *
 * @example
 * ```ts
 * const output = await callHandler(core, connection, call, target.handler, params.output, ctx);
 * ```
 */
export function callHandler(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Call,
  handler: AnyHandler,
  params: unknown,
  ctx: unknown,
): unknown {
  const hook = core.options.guards.authorizeMethod;
  // Without a hook or metrics, no promise of its own: a synchronous handler's result comes back as is.
  if (!hook && !core.guard.metrics.enabled) return handler(params, ctx as never);
  return guardedCall(core, connection, call, handler, params, ctx, hook);
}

async function guardedCall(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Call,
  handler: AnyHandler,
  params: unknown,
  ctx: unknown,
  hook: ServerCore<AnyContract>['options']['guards']['authorizeMethod'],
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

/**
 * Runs a built-in, first asking `authorizeMethod` when it is one that publishes on the client's
 * behalf (`rpc.broadcast`, `rpc.private`), so an application decides who may message whom.
 *
 * @example
 * ```ts
 * work = callBuiltin(core, connection, call, params.output, () => builtin.run(core, connection, params.output, call));
 * ```
 */
export function callBuiltin(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Call,
  params: unknown,
  run: () => unknown,
): unknown {
  const hook = core.options.guards.authorizeMethod;
  if (!hook || !AUTHORIZED_BUILTINS.has(call.method)) return run();
  return authorize(core, connection, call, params, hook).then(run);
}
