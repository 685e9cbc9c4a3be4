/**
 * The server's shared state and the life of each socket: accept, session open, close. The
 * public facade (server.ts), the inbound path (inbound/) and the built-ins all work on one
 * `ServerCore`.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  encodeNotification,
  Method,
  type AnyContract,
  type DecodeOptions,
  type Negotiation,
} from '@parley/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Adapter } from './delivery/adapter.js';
import { Connection } from './session/connection.js';
import { closeNotice } from './session/close-notice.js';
import { TypedEmitter } from './emitter.js';
import { GuardRuntime } from './guards/guard-runtime.js';
import { redactUrl } from './guards/credentials.js';
import type { Identity } from './hooks.js';
import { LocalHub } from './delivery/hub.js';
import { newConnectionId } from './util/ids.js';
import type { ResolvedOptions } from './options.js';
import { MeteredOutbox, SendTally } from './transport/metered-outbox.js';
import { FlushScheduler, Outbox, type OutboxLimits } from './transport/outbox.js';
import type { Publisher } from './delivery/publish.js';
import { requestInfo, type RequestInfo } from './transport/request-info.js';
import { CLOCK_ORIGIN } from './util/clock.js';
import { SessionRegistry } from './session/session-registry.js';
import type { ConnectionInfo, ErrorContext, ParleyServer, ServerEvents } from './types.js';
import type { Admission } from './transport/upgrade-gate.js';
import { connectionOf, linkSocket, listen, socketListeners, type SocketListeners } from './transport/socket-events.js';

/** A registered handler, types erased (internal). */
export type AnyHandler = (params: unknown, ctx: never) => unknown;

/** Receives every text or binary message of a socket (inbound/receive.ts; internal). */
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
  /** What deliveries carry (timestamps, the sending connection). */
  readonly delivery: ResolvedOptions<C>['delivery'];
  readonly hub: LocalHub;
  readonly events: TypedEmitter<ServerEvents>;
  readonly handlers = new Map<string, AnyHandler>();
  /** Every accepted socket, session open or not, until its close event. */
  readonly sockets = new Set<Connection>();
  readonly scheduler: FlushScheduler;
  /** How inbound frames are decoded: as a server, within the configured limits (one object for every frame). */
  readonly decodeOptions: DecodeOptions;
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
    this.delivery = options.delivery;
    this.adapter = options.adapter;
    this.events = new TypedEmitter<ServerEvents>(options.logger);
    this.scheduler = new FlushScheduler(options.logger);
    const limits = { maxMessageBytes: options.maxMessageBytes, maxBatchLength: options.maxBatchLength, maxDepth: options.maxDepth };
    this.decodeOptions = { role: 'server', limits };
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
    const connection = new Connection(newConnectionId(), ws, this.requestInfo(request), ws.protocol, this.makeOutbox, this.closing);
    linkSocket(ws, connection);
    this.sockets.add(connection);
    listen(ws, this.listeners);
    // From now on the connection's close releases the ticket (guard.closed).
    if (admission.releaseOnClose) request.socket.removeListener('close', admission.releaseOnClose);
    this.guard.attach(connection, admission, request);
    if (!negotiation.ok) {
      this.guard.metrics.error(negotiation.error.code);
      connection.send(encodeNotification(Method.Error, negotiation.error));
      connection.close(negotiation.closeCode);
      return;
    }
    connection.handshakeTimer = setTimeout(this.handshakeExpired, this.options.handshakeTimeoutMs, connection);
    connection.handshakeTimer.unref();
  }

  /** What is kept of the upgrade request (header values shared between connections where equal). */
  private requestInfo(request: IncomingMessage): RequestInfo {
    const { guards } = this.options;
    return requestInfo(request, { trustProxy: guards.trustProxy, redactUrl: this.redact, shareValues: true });
  }

  private readonly redact = (url: string): string => redactUrl(url, this.options.guards.redactParams);

  private readonly handshakeExpired = (connection: Connection): void => {
    if (!connection.isOpen) this.closeWithNotice(connection, CloseCode.HandshakeTimeout);
  };

  /** One set of socket listeners for every socket (see transport/socket-events.ts). */
  private readonly listeners: SocketListeners = socketListeners({
    message: (connection, data, isBinary) => {
      try {
        this.sink(this, connection, data, isBinary);
      } catch (error) {
        // A bug in the routing path must cost this message, never the process.
        this.report(error, { where: 'handler', connectionId: connection.connectionId }, 'message routing failed');
      }
    },
    error: (connection, error) => {
      this.guard.socketError(error);
      this.options.logger.debug({ err: error, connectionId: connection.connectionId }, 'parley: socket error');
    },
    close: (connection, code, reason) => this.finalize(connection, code, reason.toString()),
  });

  private readonly makeOutbox = (connection: Connection): Outbox => this.outboxFor(connection.ws);

  /** Runs once per connection, when it starts closing: its session leaves the hub. */
  private readonly closing = (connection: Connection): void => this.hub.remove(connection);

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
      openedAt: CLOCK_ORIGIN + connection.openedAt,
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

  private outboxFor(ws: WebSocket): Outbox {
    const { metrics } = this.guard;
    if (!metrics.enabled) return new Outbox(ws, this.outboxLimits, this.scheduler, this.overflow);
    return new MeteredOutbox(ws, this.outboxLimits, this.scheduler, this.overflow, metrics, this.tally);
  }

  /** The outbox bounds, shared by every connection. */
  private get outboxLimits(): OutboxLimits {
    const { maxBufferedBytes, slowConsumerPolicy: policy } = this.options;
    return (this.sharedOutboxLimits ??= { maxBufferedBytes, policy });
  }

  private sharedOutboxLimits: OutboxLimits | undefined;

  /** An outbox overflowed: its connection is closed as a slow consumer. */
  private readonly overflow = (ws: WebSocket): void => {
    const connection = connectionOf(ws);
    if (!connection) return;
    this.options.logger.warn({ connectionId: connection.connectionId, userId: connection.identity.userId }, 'parley: closing a slow consumer');
    connection.close(CloseCode.SlowConsumer, undefined, false);
  };
}
