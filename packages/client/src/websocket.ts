/**
 * The few parts of the WHATWG `WebSocket` API the client uses, so any implementation fits: the
 * browser's global, Node 22's global, `ws` on Node 20 (through `isomorphic-ws`) or one you inject.
 *
 * @module
 */

/**
 * A WebSocket as the client drives it: the browser's `WebSocket`, `ws`'s class, or anything with
 * the same shape. Handlers take `never` so every implementation's own event types fit.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const socket: WebSocketLike = new WebSocket('ws://localhost:8080', ['parley.v1', 'parley']);
 * ```
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server selected (`''` before open or when none). */
  readonly protocol: string;
  /** Called once the opening handshake completed. */
  onopen: ((event: never) => unknown) | null;
  /** Called with `{ data }` for every message; text frames carry a string. */
  onmessage: ((event: never) => unknown) | null;
  /** Called once with `{ code, reason }` when the connection closed. */
  onclose: ((event: never) => unknown) | null;
  /** Called on errors; a close always follows. */
  onerror: ((event: never) => unknown) | null;
  /** Sends a text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** `ws` only: destroys the connection at once, without a closing handshake. */
  terminate?(): void;
}

/**
 * A WebSocket constructor: `new WebSocket(url, protocols)`.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const client = createParleyClient({ url, contract, WebSocket });
 * ```
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/**
 * What the client reads from a message event.
 *
 * @example
 * ```ts
 * socket.onmessage = (event: MessageEventLike) => handle(event.data);
 * ```
 */
export interface MessageEventLike {
  /** The frame: a string for text frames. */
  readonly data: unknown;
}

/**
 * What the client reads from a close event.
 *
 * @example
 * ```ts
 * socket.onclose = (event: CloseEventLike) => lost(event.code, event.reason);
 * ```
 */
export interface CloseEventLike {
  /** The close code (1006 when the connection dropped without a close frame). */
  readonly code: number;
  /** The close reason, possibly empty. */
  readonly reason: string;
}

/**
 * `readyState` of an open socket.
 *
 * @example
 * ```ts
 * if (socket.readyState === OPEN) socket.send(frame);
 * ```
 */
export const OPEN = 1;

const noop = (): void => undefined;

/**
 * Detaches the client from a socket without leaving it handler-less: `ws` throws on an `error`
 * event nobody listens to, so the handlers become no-ops instead of `null`.
 *
 * @example
 * ```ts
 * detach(socket);
 * socket.close(1000);
 * ```
 */
export function detach(socket: WebSocketLike): void {
  socket.onopen = noop;
  socket.onmessage = noop;
  socket.onclose = noop;
  socket.onerror = noop;
}
