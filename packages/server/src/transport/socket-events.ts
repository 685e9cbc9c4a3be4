/**
 * The `ws` listeners of every socket of a server: made once per server, not once per socket
 * (a socket's own closures and their contexts were most of its idle cost). `ws` calls each with
 * `this` set to the socket, and the socket finds its connection in a field.
 *
 * @module
 */
import { WebSocket, type RawData } from 'ws';
import type { Connection } from '../session/connection.js';
import { clockMs } from '../util/clock.js';

/**
 * The `ws` socket class of the server: a `WebSocket` that knows its connection, so listeners
 * shared by every socket can find it.
 *
 * @example
 * ```ts
 * new WebSocketServer({ noServer: true, WebSocket: ParleySocket });
 * ```
 */
export class ParleySocket extends WebSocket {
  /** The connection of this socket, set when the server accepts it. */
  connection: Connection | undefined = undefined;
}

/**
 * The connection of a socket (`undefined` before the server accepted it).
 *
 * @example
 * ```ts
 * ws.on('pong', function (this: WebSocket) { connectionOf(this)?.lastSeen = clockMs(); });
 * ```
 */
export function connectionOf(ws: WebSocket): Connection | undefined {
  return (ws as Partial<ParleySocket>).connection;
}

/** Links a socket to its connection (any `WebSocket`; a {@link ParleySocket} keeps it in-object). */
export function linkSocket(ws: WebSocket, connection: Connection): void {
  (ws as ParleySocket).connection = connection;
}

/**
 * What the server does on each socket event.
 *
 * @example
 * ```ts
 * const listeners = socketListeners({ message: (c, data, isBinary) => route(c, data, isBinary), ... });
 * ```
 */
export interface SocketHandlers {
  /** A text or binary message. */
  message(connection: Connection, data: RawData, isBinary: boolean): void;
  /** A socket error. */
  error(connection: Connection, error: Error): void;
  /** The socket closed. */
  close(connection: Connection, code: number, reason: Buffer): void;
}

/**
 * The listeners, each a plain function that reads `this` (the socket).
 *
 * @example
 * ```ts
 * const l = socketListeners(handlers);
 * ws.on('message', l.message).on('close', l.close);
 * ```
 */
export interface SocketListeners {
  readonly message: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  readonly error: (this: WebSocket, error: Error) => void;
  readonly alive: (this: WebSocket) => void;
  readonly close: (this: WebSocket, code: number, reason: Buffer) => void;
}

/**
 * Makes the shared listeners of one server, and attaches them with {@link SocketListeners}.
 *
 * @example
 * ```ts
 * const listeners = socketListeners(handlers);
 * listen(ws, listeners);
 * ```
 */
export function socketListeners(handlers: SocketHandlers): SocketListeners {
  return {
    message(data, isBinary) {
      const connection = connectionOf(this);
      if (connection) handlers.message(connection, data, isBinary);
    },
    error(error) {
      const connection = connectionOf(this);
      if (connection) handlers.error(connection, error);
    },
    alive() {
      const connection = connectionOf(this);
      if (connection) connection.lastSeen = clockMs();
    },
    close(code, reason) {
      const connection = connectionOf(this);
      if (connection) handlers.close(connection, code, reason);
    },
  };
}

/**
 * Puts the shared listeners on a socket (an `error` listener first).
 *
 * @example
 * ```ts
 * listen(ws, listeners);
 * ```
 */
export function listen(ws: WebSocket, listeners: SocketListeners): void {
  ws.on('error', listeners.error);
  ws.on('message', listeners.message);
  ws.on('pong', listeners.alive);
  ws.on('ping', listeners.alive);
  ws.on('close', listeners.close);
}
