/**
 * Taking WebSocket upgrades: from an HTTP(S) server's `upgrade` event for Parley's own path only
 * (other paths are left to other listeners), or handed in by the application. Subprotocols are
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

/** Called for every accepted WebSocket with its request and the negotiation outcome. */
export type AcceptConnection = (ws: WebSocket, request: IncomingMessage, negotiation: Negotiation) => void;

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
 * const upgrades = new UpgradeHandler('/parley', 65536, accept);
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
   * @param accept - receives every accepted WebSocket
   */
  constructor(
    private readonly path: string,
    maxPayload: number,
    private readonly accept: AcceptConnection,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
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

  /** Accepts one upgrade (any path). After `close()`, answers 503. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    try {
      this.wss.handleUpgrade(request, socket, head, (ws, req) => {
        const negotiation = this.negotiations.get(req) ?? negotiate([]);
        this.negotiations.delete(req);
        this.accept(ws, req, negotiation);
      });
    } catch {
      // ws throws only for a socket upgraded twice (an application routing bug): drop it.
      socket.destroy();
    }
  }

  /** Stops listening to every attached server; further upgrades are refused. */
  close(): void {
    this.closed = true;
    for (const server of this.attached) server.off('upgrade', this.listener);
    this.attached.clear();
    this.wss.close();
  }
}
