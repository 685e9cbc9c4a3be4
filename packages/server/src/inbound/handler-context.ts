/**
 * The context an application handler receives (internal): getters over the connection and the
 * call, so a handler that never reads `signal` or `state` never makes the connection's
 * AbortController or state object.
 *
 * @module
 */
import type { AnyContract, JsonRpcId } from '@parley/protocol';
import type { Call } from '../builtins/spec.js';
import { ConnectionContext, type Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import type { HandlerContext } from '../types.js';

/**
 * A {@link HandlerContext} whose connection fields are read on access (internal).
 *
 * @example
 * ```ts
 * const ctx = new LazyHandlerContext(core, connection, call);
 * ctx.signal; // the connection's AbortController is made here, not before
 * ```
 */
export class LazyHandlerContext extends ConnectionContext implements HandlerContext {
  readonly #core: ServerCore<AnyContract>;
  readonly #connection: Connection;
  readonly #call: Call;

  /**
   * @param core - the server core
   * @param connection - the calling connection
   * @param call - the call being run
   */
  constructor(core: ServerCore<AnyContract>, connection: Connection, call: Call) {
    super(connection);
    this.#core = core;
    this.#connection = connection;
    this.#call = call;
    Object.freeze(this);
  }

  get method(): string {
    return this.#call.method;
  }

  get requestId(): JsonRpcId | undefined {
    return this.#call.id;
  }

  get signal(): AbortSignal {
    return this.#connection.abort.signal;
  }

  get server(): HandlerContext['server'] {
    return this.#core.server;
  }
}
