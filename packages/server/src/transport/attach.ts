/**
 * Taking WebSocket upgrades: from an HTTP(S) server's `upgrade` event for Parley's own path only
 * (other paths are left to other listeners), or handed in by the application. Each request passes
 * the {@link UpgradeGate} first (drain, origin, connection rate and limits). Subprotocols are
 * negotiated with the protocol's `negotiate`; a client with no version in common still completes
 * the upgrade (with the `parley` token) so it can be told why before the 4406 close.
 *
 * @module
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { negotiate, type Negotiation } from '@parley/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import { rejectUpgrade } from '../guards/handshake.js';
import { ParleySocket } from './socket-events.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import type { Admission, GateVerdict, UpgradeGate } from './upgrade-gate.js';

/**
 * Called for every accepted WebSocket with its request, the negotiation outcome and its admission.
 *
 * @example
 * ```ts
 * const accept: AcceptConnection = (ws, request, negotiation, admission) => core.accept(ws, request, negotiation, admission);
 * ```
 */
export type AcceptConnection = (ws: WebSocket, request: IncomingMessage, negotiation: Negotiation, admission: Admission) => void;

const ignore = (): void => undefined;

/**
 * The path part of a request target (before any `?`).
 *
 * @example
 * ```ts
 * pathnameOf('/parley?token=x'); // '/parley'
 * ```
 */
export function pathnameOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Owns the `ws` server (no HTTP server of its own) and the `upgrade` listeners.
 *
 * @example
 * ```ts
 * const upgrades = new UpgradeHandler('/parley', 65536, gate, accept);
 * upgrades.attach(httpServer);
 * ```
 */
export class UpgradeHandler {
  private readonly wss: WebSocketServer;
  private readonly negotiations = new WeakMap<IncomingMessage, Negotiation>();
  private readonly attached = new Set<HttpServer | HttpsServer>();
  private closed = false;

  /**
   * @param path - the path the `upgrade` listener takes (exact match)
   * @param maxPayload - largest frame; `ws` closes with 1009 past it
   * @param gate - the checks before the upgrade
   * @param accept - receives every accepted WebSocket
   */
  constructor(
    private readonly path: string,
    maxPayload: number,
    private readonly gate: UpgradeGate,
    private readonly accept: AcceptConnection,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      WebSocket: ParleySocket,
      maxPayload,
      handleProtocols: (offered, request) => {
        const negotiation = negotiate(offered);
        this.negotiations.set(request, negotiation);
        return negotiation.protocol ?? false;
      },
    });
  }

  /** The `upgrade` listener: takes requests for `path`, ignores every other path. */
  readonly listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathnameOf(request.url) !== this.path) return;
    this.handleUpgrade(request, socket, head);
  };

  /** Listens to a server's `upgrade` events. */
  attach(server: HttpServer | HttpsServer): void {
    if (this.closed) throw new Error('parley: the server is closed');
    if (this.attached.has(server)) return;
    this.attached.add(server);
    server.on('upgrade', this.listener);
  }

  /** Accepts one upgrade (any path) that passes the gate. After `close()`, answers 503. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Before anything else: a socket that resets while it is checked must not raise an unhandled 'error'.
    socket.on('error', ignore);
    if (this.closed) {
      rejectUpgrade(socket, 503, { message: 'closed' });
      return;
    }
    let verdict: GateVerdict | Promise<GateVerdict>;
    try {
      verdict = this.gate.check(request, socket);
    } catch {
      rejectUpgrade(socket, 500);
      return;
    }
    if (!isPromiseLike(verdict)) this.upgrade(request, socket, head, verdict);
    else {
      void Promise.resolve(verdict)
        .then((v) => this.upgrade(request, socket, head, v))
        .catch(() => rejectUpgrade(socket, 500));
    }
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, admission: GateVerdict): void {
    if (!admission) return;
    if (socket.destroyed) {
      admission.ticket.release();
      return;
    }
    try {
      this.wss.handleUpgrade(request, socket, head, (ws, req) => {
        const negotiation = this.negotiations.get(req) ?? negotiate([]);
        this.negotiations.delete(req);
        this.accept(ws, req, negotiation, admission);
      });
    } catch {
      // ws throws only for a socket upgraded twice (an application routing bug): drop it.
      socket.destroy();
    }
  }

  /** Refuses every further upgrade with 503 (the drain), while staying attached. */
  stopAccepting(): void {
    this.gate.draining = true;
  }

  /** Stops listening to every attached server; further upgrades are refused. */
  close(): void {
    this.closed = true;
    for (const server of this.attached) server.off('upgrade', this.listener);
    this.attached.clear();
    this.wss.close();
  }
}
