/**
 * The checks an upgrade request passes before any WebSocket state exists, cheapest first:
 * draining (503), a malformed `Sec-WebSocket-Protocol` (400, parsed in linear time), the
 * `Origin` allowlist (403), new connections per IP (429 with `Retry-After`), then the connection
 * counters (503). A refusal is a short plain HTTP response on the raw socket, counted in the
 * metrics and logged with the URL redacted.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseProtocolHeader } from '@parley/protocol';
import type { Guards } from '../guards/guard-set.js';
import { clientIp } from '../guards/client-ip.js';
import type { ConnectionTicket } from '../guards/connection-limits.js';
import type { ConnectionRateVerdict } from '../guards/connection-rate.js';
import { rejectUpgrade } from '../guards/handshake.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import type { Logger } from '../util/logger.js';

/**
 * What an admitted upgrade carries into the connection: the client IP and its place in the
 * connection counters (released when the socket closes).
 *
 * @example
 * ```ts
 * const admission: Admission = { ip: '203.0.113.9', ticket };
 * ```
 */
export interface Admission {
  /** The client IP (see `trustProxy`). */
  readonly ip: string;
  /** The socket's hold on the connection counters. */
  readonly ticket: ConnectionTicket;
  /**
   * The socket's `close` listener that releases the ticket if the upgrade never completes; the
   * server removes it once the connection is accepted (its own close handling releases it then).
   */
  readonly releaseOnClose?: () => void;
}

/**
 * The verdict on an upgrade: admitted, or `undefined` when it was refused (and answered).
 *
 * @example
 * ```ts
 * const verdict: GateVerdict = await gate.check(request, socket);
 * if (verdict) wss.handleUpgrade(request, socket, head, (ws) => accept(ws, verdict));
 * ```
 */
export type GateVerdict = Admission | undefined;

/**
 * The upgrade checks of one server (internal).
 *
 * @example
 * ```ts
 * const gate = new UpgradeGate(guards, logger);
 * const admitted = await gate.check(request, socket);
 * ```
 */
export class UpgradeGate {
  /** Set by the drain: every upgrade is refused with 503 from now on. */
  draining = false;

  constructor(
    private readonly guards: Guards,
    private readonly logger: Logger,
  ) {}

  /** Runs the checks; refusals are answered on `socket` here. */
  check(request: IncomingMessage, socket: Duplex): GateVerdict | Promise<GateVerdict> {
    const { guards } = this;
    const ip = clientIp(request.headers, request.socket.remoteAddress, guards.trustProxy);
    if (this.draining) return this.refuse(request, socket, ip, 503, 'draining');
    const protocols = request.headers['sec-websocket-protocol'];
    if (protocols !== undefined && parseProtocolHeader(protocols) === undefined) return this.refuse(request, socket, ip, 400, 'protocol_header');
    if (!guards.checkOrigin({ origin: request.headers.origin, host: request.headers.host }).ok) {
      return this.refuse(request, socket, ip, 403, 'origin');
    }
    const key = guards.ipKey(ip);
    const rate = key === undefined || !guards.connectionRate ? undefined : guards.connectionRate.check(key);
    if (rate === undefined) return this.admit(request, socket, ip, key);
    if (!isPromiseLike(rate)) return this.afterRate(request, socket, ip, key, rate);
    return Promise.resolve(rate).then((verdict) => (socket.destroyed ? undefined : this.afterRate(request, socket, ip, key, verdict)));
  }

  private afterRate(request: IncomingMessage, socket: Duplex, ip: string, key: string | undefined, rate: ConnectionRateVerdict): GateVerdict {
    if (rate.ok) return this.admit(request, socket, ip, key);
    return this.refuse(request, socket, ip, 429, 'connection_rate', { 'Retry-After': rate.retryAfterSeconds });
  }

  private admit(request: IncomingMessage, socket: Duplex, ip: string, key: string | undefined): GateVerdict {
    if (this.draining) return this.refuse(request, socket, ip, 503, 'draining');
    const verdict = this.guards.connectionLimits.admit(key);
    if (!verdict.ok) return this.refuse(request, socket, ip, verdict.status, verdict.limit);
    const { ticket } = verdict;
    const releaseOnClose = (): void => ticket.release();
    socket.on('close', releaseOnClose);
    return { ip, ticket, releaseOnClose };
  }

  private refuse(
    request: IncomingMessage,
    socket: Duplex,
    ip: string,
    status: number,
    reason: string,
    headers?: Readonly<Record<string, string | number>>,
  ): undefined {
    this.guards.metrics.upgradeRejected(reason);
    const record = { url: request.url, ip, status, reason };
    if (reason === 'origin') this.logger.warn({ ...record, origin: request.headers.origin }, 'parley: upgrade refused');
    else this.logger.debug(record, 'parley: upgrade refused');
    rejectUpgrade(socket, status, headers ? { message: reason, headers } : { message: reason });
    return undefined;
  }
}
