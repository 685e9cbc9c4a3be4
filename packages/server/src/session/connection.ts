/**
 * One WebSocket connection: its state (phase, identity, topics, pending requests, liveness) and
 * its outgoing path (framed, coalesced, bounded by the outbox).
 *
 * @module
 */
import { CLOSE_TABLE, CloseCode, encodeNotification, Method, type CloseCodeValue, type StreamPosition } from '@parley/protocol';
import type { StreamMessage } from '../delivery/adapter.js';
import { clockMs } from '../util/clock.js';
import { closeNotice } from './close-notice.js';
import type { WebSocket } from 'ws';
import { frameText, type Frame } from '../transport/frame.js';
import type { Identity, SessionContext } from '../hooks.js';
import type { ConnectionGuard } from '../guards/guard-runtime.js';
import type { Outbox } from '../transport/outbox.js';
import type { RequestInfo } from '../transport/request-info.js';

/** Where a connection is in its life (internal). */
export type ConnectionPhase = 'handshake' | 'authenticating' | 'open' | 'closing' | 'closed';

const NO_IDENTITY: Identity = Object.freeze({ userId: '' });

/** Work to run when a connection starts closing; given the connection, so one function can serve them all (internal). */
export type ClosingTask = (connection: Connection) => void;

/** What a connection keeps per subscribed topic (internal). */
export interface TopicState {
  /** Whether presence notices were asked for. */
  presence: boolean;
}

/**
 * Why a closed connection's signal aborted: one shared reason. `abort()` without one makes a new
 * `DOMException` each time, and its stack trace is most of the cost of closing.
 */
const CLOSED: unknown = new DOMException('The connection closed', 'AbortError');

/** The topics of a connection that subscribed to none (most): one shared empty map, never written. */
const NO_TOPICS: ReadonlyMap<string, TopicState> = new Map();

/**
 * The hook-facing view of a connection (internal): getters over the connection, which stays out
 * of reach (a private field). One small object with no own properties, made on first use; a
 * handler's context extends it with the call's fields.
 *
 * @example
 * ```ts
 * const ctx = new ConnectionContext(connection);
 * ctx.identity.userId;
 * ```
 */
export class ConnectionContext implements SessionContext {
  readonly #connection: Connection;

  /** @param connection - the connection this context reads */
  constructor(connection: Connection) {
    this.#connection = connection;
    // A subclass adds its own fields first, then freezes.
    if (new.target === ConnectionContext) Object.freeze(this);
  }

  get connectionId(): string {
    return this.#connection.connectionId;
  }

  get sessionId(): string {
    return this.#connection.sessionId;
  }

  get identity(): Identity {
    return this.#connection.identity;
  }

  get request(): RequestInfo {
    return this.#connection.request;
  }

  get state(): Record<string, unknown> {
    return this.#connection.state;
  }
}

/**
 * The reason text sent with a close code: the table's, or `fallback`.
 *
 * @example
 * ```ts
 * closeReason(4509); // 'slow consumer'
 * ```
 */
export function closeReason(code: number, fallback = ''): string {
  return Object.hasOwn(CLOSE_TABLE, code) ? CLOSE_TABLE[code as CloseCodeValue].reason : fallback;
}

/** A close reason cut to the 123 bytes a close frame can carry. */
function fitReason(reason: string): string {
  let text = reason.length > 123 ? reason.slice(0, 123) : reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  return text;
}

/**
 * A connection. The server owns it; hooks and handlers see its {@link SessionContext} only.
 *
 * @example
 * ```ts
 * const conn = new Connection('c1', ws, request, 'parley.v1', (c) => outboxFor(c));
 * conn.send(encodeResult(1, { ts: Date.now() }));
 * ```
 */
export class Connection {
  /** Session id, set when the session opens. */
  sessionId = '';
  /** Identity, set when the session opens (and on refresh). */
  identity: Identity = NO_IDENTITY;
  /** Phase of life. */
  phase: ConnectionPhase = 'handshake';
  private topicMap: Map<string, TopicState> | undefined;
  /** Requests (and notifications) whose handlers are still running. */
  pending = 0;
  /** Last time anything arrived (message, ping, pong), in {@link clockMs} milliseconds. */
  lastSeen = clockMs();
  /** When the socket was accepted, in {@link clockMs} milliseconds (`CLOCK_ORIGIN +` it is a `Date.now()` reading). */
  readonly openedAt = clockMs();
  // Made on first use: most connections never need them (a few hundred bytes each).
  private stateObject: Record<string, unknown> | undefined;
  private abortController: AbortController | undefined;
  private contextView: SessionContext | undefined;
  private closingTasks: ClosingTask | ClosingTask[] | undefined;
  /**
   * Streams whose deliveries are held back (while a welcome or subscribe result is prepared, so
   * that result goes out first); released with {@link Connection.release}.
   */
  held: Map<string, StreamMessage[]> | undefined;
  private heldBytes = 0;
  /** Handshake timer, cleared when the session opens or the connection closes. */
  handshakeTimer: NodeJS.Timeout | undefined;
  /** Outgoing queue. */
  readonly outbox: Outbox;
  /** Its guards' state (guards/guard-runtime.ts), set when the server accepts it. */
  guard: ConnectionGuard | undefined = undefined;

  /**
   * @param connectionId - the id assigned by the server
   * @param ws - the accepted WebSocket
   * @param request - the upgrade request
   * @param protocol - the negotiated subprotocol (`''` if none)
   * @param makeOutbox - builds the outbox; its overflow must call `close(4509)`
   * @param onClosing - called once, when the connection starts closing for any reason
   */
  constructor(
    readonly connectionId: string,
    readonly ws: WebSocket,
    readonly request: RequestInfo,
    readonly protocol: string,
    makeOutbox: (connection: Connection) => Outbox,
    private readonly onClosing: (connection: Connection) => void,
  ) {
    this.outbox = makeOutbox(this);
  }

  /** Subscribed topics, with whether presence notices were asked for (changed through {@link Connection.setTopic}). */
  get topics(): ReadonlyMap<string, TopicState> {
    return this.topicMap ?? NO_TOPICS;
  }

  /** Records a subscription. */
  setTopic(topic: string, state: TopicState): void {
    (this.topicMap ??= new Map()).set(topic, state);
  }

  /** Forgets a subscription; `false` if there was none. */
  deleteTopic(topic: string): boolean {
    return this.topicMap?.delete(topic) ?? false;
  }

  /** Application storage, shared by the hooks and handlers of this connection (a null-prototype object). */
  get state(): Record<string, unknown> {
    return (this.stateObject ??= Object.create(null) as Record<string, unknown>);
  }

  /** Aborted when the connection closes, for handlers to stop early (already aborted if asked for after that). */
  get abort(): AbortController {
    if (!this.abortController) {
      this.abortController = new AbortController();
      if (this.isClosed) this.abortController.abort(CLOSED);
    }
    return this.abortController;
  }

  /** The hook-facing view of this connection. */
  get context(): SessionContext {
    return (this.contextView ??= new ConnectionContext(this));
  }

  /** Whether the session is open (hello done, not closing). */
  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Whether the connection is closing or closed. */
  get isClosed(): boolean {
    return this.phase === 'closing' || this.phase === 'closed';
  }

  /** Queues a text message (a reply or a notice; never dropped below twice the buffer limit). */
  send(text: string): boolean {
    return this.outbox.push(frameText(text), false);
  }

  /** Queues an already framed message; `droppable` for deliveries under the `drop` policy. */
  sendFrame(frame: Frame, droppable: boolean): boolean {
    return this.outbox.push(frame, droppable);
  }

  /** Holds back deliveries of `stream` until {@link Connection.release}. */
  hold(stream: string): void {
    this.held ??= new Map();
    if (!this.held.has(stream)) this.held.set(stream, []);
  }

  /**
   * Keeps a delivery of a held stream for later. Held bytes count against the buffer bound: past
   * twice `maxBufferedBytes` (with what is queued) the connection is closed as a slow consumer.
   */
  keep(held: StreamMessage[], message: StreamMessage): void {
    this.heldBytes += message.text.length;
    if (this.heldBytes + this.outbox.bufferedBytes > 2 * this.outbox.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, undefined, false);
      return;
    }
    held.push(message);
  }

  /**
   * Sends what was held for `stream` after `after`, the position the client was given, and stops
   * holding it. Skipped: messages at or below `after` (covered by it, or replayed) and those of
   * an earlier epoch (a position read from the store can be ahead of deliveries still on their
   * way). A later epoch starts with its seq-1 message, which carries the epoch (protocol 6.3).
   */
  release(stream: string, after?: StreamPosition): void {
    const messages = this.held?.get(stream);
    if (!messages) return;
    this.held?.delete(stream);
    if (this.held?.size === 0) this.held = undefined;
    let epoch = after?.epoch;
    for (const message of messages) {
      this.heldBytes -= message.text.length;
      if (after) {
        if (message.epoch !== epoch) {
          if (message.seq !== 1) continue; // an earlier epoch's (the client was told a later one)
          epoch = message.epoch;
        } else if (epoch === after.epoch && message.seq <= after.seq) continue;
      }
      this.sendFrame(frameText(message.text), message.seq !== 1);
    }
  }

  /** Sends the protocol's `rpc.error` notice for `code` (if it has one), then closes. */
  closeWithNotice(code: number, reason = closeReason(code)): void {
    const notice = closeNotice(code);
    if (notice && !this.isClosed) this.send(encodeNotification(Method.Error, notice));
    this.close(code, reason);
  }

  /**
   * Closes politely: what is queued goes out first, then the close frame. `flush: false` drops
   * the queue instead (a slow consumer).
   */
  close(code: number, reason = closeReason(code), flush = true): void {
    if (this.isClosed) return;
    if (flush) this.outbox.flush();
    this.markClosing();
    try {
      this.ws.close(code, fitReason(reason));
    } catch {
      this.ws.terminate();
    }
  }

  /** Drops the socket at once, without a close frame (a dead peer). */
  terminate(): void {
    this.markClosing();
    this.ws.terminate();
  }

  /** Moves to `closing` (once): no more sends, handlers aborted, the server cleans up. */
  markClosing(): void {
    if (this.isClosed) return;
    this.phase = 'closing';
    this.outbox.discard();
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.abortController?.abort(CLOSED);
    const tasks = this.closingTasks;
    this.closingTasks = undefined;
    if (typeof tasks === 'function') tasks(this);
    else if (tasks) for (const task of tasks) task(this);
    this.onClosing(this);
  }

  /**
   * Runs `task` when the connection starts closing, right after its signal aborts (at once if it
   * already did). For the server's own bookkeeping: unlike a listener on `abort.signal`, it
   * needs no `AbortController` (about 900 bytes per connection). `task` must not throw.
   */
  whenClosing(task: ClosingTask): void {
    if (this.isClosed) return task(this);
    const tasks = this.closingTasks;
    this.closingTasks = tasks === undefined ? task : typeof tasks === 'function' ? [tasks, task] : [...tasks, task];
  }

  /** Sends a WebSocket ping (heartbeat); never throws. */
  ping(): void {
    if (this.isClosed) return;
    try {
      this.ws.ping();
    } catch {
      // The socket is going away; its close event does the rest.
    }
  }
}
