/**
 * The graceful drain of a running server (`close()`), on top of the socket-free `drain` of the
 * guards: stop accepting (upgrades get 503 `draining`, new calls -32051), send every session
 * `rpc.goaway` with a reconnect window, close the connections in batches with 1012 once their
 * own calls are answered, wait for the server's remaining calls, resolve. Past `timeoutMs` the
 * rest is terminated (internal).
 *
 * @module
 */
import { CloseCode, encodeNotification, Method, type AnyContract, type GoAwayParams } from '@parley/protocol';
import type { UpgradeHandler } from './transport/attach.js';
import type { Connection } from './session/connection.js';
import type { ServerCore } from './core.js';
import { drain, type DrainConnection, type DrainReport } from './guards/drain.js';
import type { CloseOptions } from './types.js';

function target(core: ServerCore<AnyContract>, connection: Connection, code: number): DrainConnection {
  return {
    get closed() {
      return connection.phase === 'closed';
    },
    goaway: (reason, reconnectWindowMs) => {
      if (!connection.isOpen) return;
      const params: GoAwayParams = { reason, reconnectWindowMs };
      connection.send(encodeNotification(Method.GoAway, params));
    },
    idle: () => core.guard.of(connection).inFlight.idle(),
    close: (_code, reason) =>
      new Promise<void>((resolve) => {
        if (connection.phase === 'closed') return resolve();
        connection.ws.once('close', () => resolve());
        connection.close(code, reason);
      }),
    terminate: () => connection.terminate(),
  };
}

/**
 * Drains every connection of `core`; never rejects.
 *
 * @example
 * ```ts
 * const report = await drainServer(core, upgrades, { timeoutMs: 25_000 });
 * ```
 */
export async function drainServer(core: ServerCore<AnyContract>, upgrades: UpgradeHandler, options: CloseOptions): Promise<DrainReport> {
  const { code = CloseCode.ServiceRestart, ...rest } = options;
  const settings = { ...core.options.guards.drain, ...rest };
  const { logger } = core.options;
  logger.info({ connections: core.sockets.size }, 'parley: drain started');
  const report = await drain({
    ...settings,
    connections: [...core.sockets].map((connection) => target(core, connection, code)),
    stopAccepting: () => {
      upgrades.stopAccepting();
      core.guard.draining = true;
    },
    inFlight: core.guard.inFlight,
  });
  logger.info(report, 'parley: drain finished');
  return report;
}
