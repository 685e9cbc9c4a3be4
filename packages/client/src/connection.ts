/**
 * One socket's life: open with the offered subprotocols, hello with credentials, welcome (or the
 * refusal), then frames until it closes. Reconnecting is the supervisor's business.
 *
 * @module
 */
import {
  NEGOTIATION_TOKEN,
  ParleyError,
  closeCodeForError,
  encodeRequest,
  isDeliveryMethod,
  isErrorObject,
  parleyError,
  readServerFrame,
  selectedVersion,
  type ServerItem,
} from '@parley/protocol';
import * as CloseCode from './close-codes.js';
import * as ErrorCode from './error-codes.js';
import * as Method from './methods.js';
import { readWelcome } from './guards.js';
import type { Session } from './types.js';
import { OPEN, detach, type CloseEventLike, type MessageEventLike, type WebSocketConstructor, type WebSocketLike } from './websocket.js';

/** How long `shutdown()` waits for the closing handshake before giving up on it. */
const SHUTDOWN_WAIT_MS = 1000;

/**
 * What a connection reports to its owner.
 *
 * @example
 * ```ts
 * const events: ConnectionEvents = { welcome, frame, closed };
 * ```
 */
export interface ConnectionEvents {
  /** The server's welcome arrived. */
  welcome(session: Session): void;
  /** A frame arrived after the welcome (its items; `undefined`: not JSON), or a replayed delivery before it. */
  frame(items: ServerItem[] | undefined): void;
  /** The connection ended (exactly once, unless `shutdown()` ended it). */
  closed(code: number, reason: string, error: ParleyError | undefined): void;
}

/**
 * What a connection needs.
 *
 * @example
 * ```ts
 * const setup: ConnectionSetup = { WebSocket, url, protocols: clientProtocols(), hello: {}, helloId: '1', connectTimeoutMs: 10_000, events };
 * ```
 */
export interface ConnectionSetup {
  readonly WebSocket: WebSocketConstructor;
  readonly url: string;
  readonly protocols: readonly string[];
  /** `rpc.hello` params. */
  readonly hello: Readonly<Record<string, unknown>>;
  /** The hello's request id. */
  readonly helloId: string;
  /** Time from the socket's creation to the welcome. */
  readonly connectTimeoutMs: number;
  readonly events: ConnectionEvents;
}

/**
 * One WebSocket connection through its handshake.
 *
 * @example
 * ```ts
 * const connection = new Connection({ WebSocket, url, protocols: clientProtocols(), hello: {}, helloId: '1', connectTimeoutMs: 10_000, events });
 * connection.send(encodeRequest('2', 'rpc.ping'));
 * ```
 */
export class Connection {
  readonly #socket: WebSocketLike;
  readonly #setup: ConnectionSetup;
  readonly #timer: ReturnType<typeof setTimeout>;
  #welcomed = false;
  #done = false;
  /** What every frame proves alive, once the session is open (the supervisor's heartbeat). */
  heartbeat: { touch(): void } | undefined;
  #serverError: ParleyError | undefined;

  /** Opens the socket at once; throws what the WebSocket constructor throws (a malformed URL). */
  constructor(setup: ConnectionSetup) {
    this.#setup = setup;
    const socket = new setup.WebSocket(setup.url, [...setup.protocols]);
    this.#socket = socket;
    socket.onopen = () => this.#opened();
    socket.onmessage = (event: MessageEventLike) => this.#message(event.data);
    socket.onclose = (event: CloseEventLike) => this.#finish(event.code, event.reason, this.#serverError);
    socket.onerror = () => undefined; // a close event follows every error
    this.#timer = setTimeout(() => this.abandon(CloseCode.Abnormal, 'connect timeout', undefined, true), setup.connectTimeoutMs);
  }

  /** Writes a frame; `false` when the socket is not open (the frame was not sent). */
  send(frame: string): boolean {
    if (this.#done || this.#socket.readyState !== OPEN) return false;
    try {
      this.#socket.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Ends the connection now and reports `code` as its close code, without waiting for the
   * closing handshake. `hard` drops the TCP connection where the implementation can (`ws`'s
   * `terminate`), for a peer that no longer answers.
   */
  abandon(code: number, reason: string, error?: ParleyError, hard = false): void {
    if (this.#done) return;
    detach(this.#socket);
    try {
      if (hard && this.#socket.terminate) this.#socket.terminate();
      else this.#socket.close(CloseCode.Normal, reason);
    } catch {
      // already closing
    }
    this.#finish(code, reason, error);
  }

  /** Closes normally (the client's `close()`); resolves when the socket closed, or after a short wait. No `closed` event. */
  shutdown(): Promise<void> {
    this.#done = true;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    detach(socket);
    return new Promise((resolve) => {
      const fallback = setTimeout(() => {
        try {
          socket.terminate?.();
        } catch {
          // gone already
        }
        resolve();
      }, SHUTDOWN_WAIT_MS);
      socket.onclose = () => {
        clearTimeout(fallback);
        resolve();
      };
      try {
        socket.close(CloseCode.Normal, 'client closed');
      } catch {
        clearTimeout(fallback);
        resolve();
      }
    });
  }

  #opened(): void {
    const protocol = this.#socket.protocol;
    if (!selectedVersion(protocol)) {
      // With the negotiation token selected the server explains (rpc.error -32006) and closes 4406.
      if (protocol !== NEGOTIATION_TOKEN) {
        this.abandon(CloseCode.UnsupportedVersion, 'unsupported protocol', parleyError(ErrorCode.UnsupportedVersion, { selected: protocol }));
      }
      return;
    }
    this.send(encodeRequest(this.#setup.helloId, Method.Hello, this.#setup.hello));
  }

  #message(data: unknown): void {
    if (this.#done) return;
    this.heartbeat?.touch();
    if (typeof data !== 'string') return; // binary frames are not part of the protocol
    // No size or depth limit on what the server sends: `JSON.parse` is not recursive, and the
    // client's own checks are flat (`validate` turns a stack overflow in a schema into issues).
    const items = readServerFrame(data);
    if (this.#welcomed) return this.#setup.events.frame(items);
    const item = items?.length === 1 ? items[0] : undefined;
    if (!item) return;
    if ('method' in item) {
      // A resumed session's missed messages come before the welcome (protocol 7.1).
      if (isDeliveryMethod(item.method)) return this.#setup.events.frame(items);
      if (item.method === Method.Error && isErrorObject(item.params)) this.#serverError = ParleyError.fromObject(item.params);
    } else if (item.id === this.#setup.helloId) {
      if ('error' in item) {
        const error = ParleyError.fromObject(item.error);
        return this.abandon(closeCodeForError(error.code), error.message, error);
      }
      const welcome = readWelcome(item.result);
      if (!welcome) return this.abandon(CloseCode.BadRequest, 'invalid welcome', new ParleyError(ErrorCode.InvalidRequest, 'Invalid welcome'));
      this.#welcomed = true;
      clearTimeout(this.#timer);
      this.#setup.events.welcome(welcome);
    }
  }

  #finish(code: number, reason: string, error: ParleyError | undefined): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#setup.events.closed(code, reason, error);
  }
}
