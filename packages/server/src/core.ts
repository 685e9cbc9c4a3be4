/**
 * The server's shared state and the life of each socket: accept, session open, close. The
 * public facade (server.ts), the router and the built-ins all work on one `ServerCore`.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  encodeNotification,
  Method,
  type AnyContract,
  type FrameLimits,
  type Negotiation,
} from '@parley/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Adapter } from './adapter.js';
import { Connection } from './connection.js';
import { closeNotice } from './close-notice.js';
import { TypedEmitter } from './emitter.js';
import { GuardRuntime } from './guard-runtime.js';
import { redactUrl } from './guards/credentials.js';
import type { Identity } from './hooks.js';
import { LocalHub } from './hub.js';
import { messageIds, newConnectionId } from './ids.js';
import type { ResolvedOptions } from './options.js';
import { MeteredOutbox, SendTally } from './metered-outbox.js';
import { FlushScheduler, Outbox } from './outbox.js';
import type { Publisher } from './publish.js';
import { requestInfo } from './request-info.js';
import { SessionRegistry } from './session-registry.js';
import type { ConnectionInfo, ErrorContext, ParleyServer, ServerEvents } from './types.js';
import type { Admission } from './upgrade-gate.js';

/** A registered handler, types erased (internal). */
export type AnyHandler = (params: unknown, ctx: never) => unknown;

/** Receives every text or binary message of a socket (the router; internal). */
export type MessageSink = (core: ServerCore<AnyContract>, connection: Connection, data: RawData, isBinary: boolean) => void;

/**
 * Everything one server shares between its parts (internal).
 *
 * @example
 * ```ts
 * const core = new ServerCore(resolveOptions(options), onMessage);
 * ```
 */
export class ServerCore<C extends AnyContract> implements Publisher {
  readonly contract: C;
  readonly adapter: Adapter;
  readonly hub: LocalHub;
  readonly events: TypedEmitter<ServerEvents>;
  readonly handlers = new Map<string, AnyHandler>();
  /** Every accepted socket, session open or not, until its close event. */
  readonly sockets = new Set<Connection>();
  readonly scheduler: FlushScheduler;
  readonly nextMessageId = messageIds();
  readonly frameLimits: Partial<FrameLimits>;
  /** Settles when the adapter's `init` has. */
  readonly ready: Promise<void>;
  /** Sessions, live and remembered for resume. */
  readonly sessions: SessionRegistry<Connection>;
  /** The guards' running state: per-connection limits, expiry, in-flight work, metrics. */
  readonly guard: GuardRuntime;
  private readonly tally: SendTally;
  /** The public facade, for handler contexts. */
  server!: ParleyServer<C>;

  constructor(
    readonly options: ResolvedOptions<C>,
    private readonly sink: MessageSink,
  ) {
    this.contract = options.contract;
    this.adapter = options.adapter;
    this.events = new TypedEmitter<ServerEvents>(options.logger);
    this.scheduler = new FlushScheduler(options.logger);
    this.frameLimits = { maxMessageBytes: options.maxMessageBytes, maxBatchLength: options.maxBatchLength, maxDepth: options.maxDepth };
    this.sessions = new SessionRegistry(options.sessions);
    this.hub = new LocalHub(this.adapter, this.background, (c) => options.presenceData(c.identity));
    this.guard = new GuardRuntime(options.guards, options.logger, (c) => this.closeWithNotice(c, CloseCode.CredentialsExpired));
    this.tally = new SendTally(this.guard.metrics);
    this.ready = Promise.resolve()
      .then(() => this.adapter.init(this.hub))
      .catch((error: unknown) => this.report(error, { where: 'adapter' }));
  }

  /** Runs adapter work nobody waits for; failures are reported, never thrown. */
  readonly background = (what: string, work: () => unknown): void => {
    const fail = (error: unknown): void => this.report(error, { where: 'adapter' }, what);
    try {
      const result = work();
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  /** Logs an unexpected failure and emits `error`. */
  report(error: unknown, context: ErrorContext, what = 'unexpected error'): void {
    this.options.logger.error({ err: error, ...context }, `parley: ${what}`);
    this.events.emit('error', error, context);
  }

  /** Takes a new WebSocket: listeners first (an `error` listener on every socket), then the version check and the handshake timer. */
  accept(ws: WebSocket, request: IncomingMessage, negotiation: Negotiation, admission: Admission): void {
    const { logger, guards } = this.options;
    const redact = (url: string): string => redactUrl(url, guards.redactParams);
    const connection = new Connection(
      newConnectionId(),
      ws,
      requestInfo(request, { trustProxy: guards.trustProxy, redactUrl: redact }),
      ws.protocol,
      (c) => this.outboxFor(ws, c),
      (c) => this.hub.remove(c),
    );
    this.sockets.add(connection);
    ws.on('error', (error) => {
      this.guard.socketError(error);
      logger.debug({ err: error, connectionId: connection.connectionId }, 'parley: socket error');
    });
    const erased = this as unknown as ServerCore<AnyContract>;
    ws.on('message', (data, isBinary) => {
      try {
        this.sink(erased, connection, data, isBinary);
      } catch (error) {
        // A bug in the routing path must cost this message, never the process.
        this.report(error, { where: 'handler', connectionId: connection.connectionId }, 'message routing failed');
      }
    });
    const alive = (): void => {
      connection.lastSeen = Date.now();
    };
    ws.on('pong', alive);
    ws.on('ping', alive);
    ws.on('close', (code, reason) => this.finalize(connection, code, reason.toString()));
    this.guard.attach(connection, admission, request);
    if (!negotiation.ok) {
      this.guard.metrics.error(negotiation.error.code);
      connection.send(encodeNotification(Method.Error, negotiation.error));
      connection.close(negotiation.closeCode);
      return;
    }
    connection.handshakeTimer = setTimeout(() => {
      if (!connection.isOpen) this.closeWithNotice(connection, CloseCode.HandshakeTimeout);
    }, this.options.handshakeTimeoutMs);
    connection.handshakeTimer.unref();
  }

  /** Opens the session of an authenticated connection. */
  openSession(connection: Connection, identity: Identity, sessionId: string): void {
    if (connection.handshakeTimer) clearTimeout(connection.handshakeTimer);
    connection.handshakeTimer = undefined;
    connection.identity = identity;
    connection.sessionId = sessionId;
    connection.phase = 'open';
    this.guard.opened(connection);
    this.hub.add(connection);
    this.events.emit('connection', this.info(connection));
  }

  /** Closes a connection with the protocol's `rpc.error` notice for `code` first (counted in the metrics). */
  closeWithNotice(connection: Connection, code: number): void {
    const notice = connection.isClosed ? undefined : closeNotice(code);
    if (notice) this.guard.metrics.error(notice.code);
    connection.closeWithNotice(code);
  }

  /** A snapshot of a connection. */
  info(connection: Connection): ConnectionInfo {
    return {
      connectionId: connection.connectionId,
      sessionId: connection.sessionId,
      userId: connection.identity.userId,
      topics: [...connection.topics.keys()],
      remoteAddress: connection.request.remoteAddress,
      openedAt: connection.openedAt,
      bufferedBytes: connection.outbox.bufferedBytes,
      dropped: connection.outbox.dropped,
    };
  }

  private finalize(connection: Connection, code: number, reason: string): void {
    const hadSession = connection.sessionId !== '';
    const info = hadSession ? this.info(connection) : undefined;
    connection.markClosing();
    connection.phase = 'closed';
    this.sockets.delete(connection);
    this.guard.closed(connection, code);
    if (info) this.events.emit('disconnect', info, { code, reason });
  }

  private outboxFor(ws: WebSocket, connection: Connection): Outbox {
    const { maxBufferedBytes, slowConsumerPolicy: policy } = this.options;
    const overflow = (): void => {
      this.options.logger.warn({ connectionId: connection.connectionId, userId: connection.identity.userId }, 'parley: closing a slow consumer');
      connection.close(CloseCode.SlowConsumer, undefined, false);
    };
    const { metrics } = this.guard;
    if (!metrics.enabled) return new Outbox(ws, { maxBufferedBytes, policy }, this.scheduler, overflow);
    return new MeteredOutbox(ws, { maxBufferedBytes, policy }, this.scheduler, overflow, metrics, this.tally);
  }
}
