/**
 * The shape of a built-in method implementation (internal).
 *
 * @module
 */
import type { AnyContract, AnySchema, JsonRpcId } from '@parley/protocol';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';

/** One call, as receive.ts hands it to admission, dispatch and the built-ins (inbound/; internal). */
export interface Call {
  /** The method name. */
  readonly method: string;
  /** The params as received (not validated yet). */
  readonly params: unknown;
  /** The request id; `undefined` for a notification. */
  readonly id: JsonRpcId | undefined;
  /** Whether the call came inside a batch. */
  readonly inBatch: boolean;
  /** Run, in order, right after this call's reply is queued (or would have been, for a notification). */
  readonly after: Array<() => void>;
}

/** What a built-in sees of its call (internal). */
export type BuiltinCall = Pick<Call, 'id' | 'after'>;

/** A built-in: its params schema and implementation (internal). */
export interface BuiltinSpec {
  /** Validated before `run`. */
  readonly params: AnySchema;
  /** Whether it may run before the session is open (only `rpc.hello`). */
  readonly beforeSession?: boolean;
  /** A close code to apply after the -32602 reply when params are invalid (`rpc.hello`: 4400). */
  readonly invalidParamsClose?: number;
  /** Runs with the validated params; the result is the reply's `result`. */
  run(core: ServerCore<AnyContract>, connection: Connection, params: unknown, call: BuiltinCall): unknown;
}

/**
 * Declares a built-in with typed params (internal). `P` must be the output type of `params`
 * (the protocol exports both, e.g. `SubscribeParamsSchema` and `SubscribeParams`).
 *
 * @example
 * ```ts
 * const ping = builtin<PingParams>(PingParamsSchema, () => ({ ts: Date.now() }));
 * ```
 */
export function builtin<P>(
  params: AnySchema,
  run: (core: ServerCore<AnyContract>, connection: Connection, params: P, call: BuiltinCall) => unknown,
  extra: Pick<BuiltinSpec, 'beforeSession' | 'invalidParamsClose'> = {},
): BuiltinSpec {
  return { params, run, ...extra };
}
