/**
 * Refusing a WebSocket upgrade with a plain HTTP response on the raw socket: the status line,
 * `Connection: close`, a short text body, then the socket is ended and destroyed. Safe on a socket
 * that already errored or closed: an `'error'` listener is attached first, so a late error never
 * becomes an unhandled `'error'` event.
 *
 * @module
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Options of {@link rejectUpgrade}.
 *
 * @example
 * ```ts
 * const options: RejectUpgradeOptions = { message: 'Too many connections', headers: { 'Retry-After': '2' } };
 * ```
 */
export interface RejectUpgradeOptions {
  /** The text body. Default the status text (`Forbidden`). Never put secrets or request data here. */
  readonly message?: string;
  /** Extra headers (`Retry-After`, ...). Names and values containing CR, LF or NUL are dropped. */
  readonly headers?: Readonly<Record<string, string | number>>;
}

const UNSAFE = /[\r\n\0]/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ignore = (): void => undefined;

/**
 * The bytes of a minimal HTTP/1.1 error response for `status`.
 *
 * @example
 * ```ts
 * httpErrorResponse(403);
 * // 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n\r\nForbidden'
 * ```
 */
export function httpErrorResponse(status: number, options: RejectUpgradeOptions = {}): string {
  const code = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  const text = STATUS_CODES[code] ?? 'Error';
  const body = options.message ?? text;
  const lines = [
    `HTTP/1.1 ${code} ${text}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const v = String(value);
    if (TOKEN.test(name) && !UNSAFE.test(v)) lines.push(`${name}: ${v}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Answers an upgrade request with an HTTP error and closes the socket. Never throws; does
 * nothing harmful when the socket is already destroyed. The socket is destroyed once the response
 * is flushed, or at once when it cannot be written.
 *
 * @example
 * ```ts
 * server.on('upgrade', (req, socket) => {
 *   if (!originOk(req)) return rejectUpgrade(socket, 403);
 *   if (tooMany(req)) return rejectUpgrade(socket, 429, { headers: { 'Retry-After': 1 } });
 * });
 * ```
 */
export function rejectUpgrade(socket: Duplex, status: number, options: RejectUpgradeOptions = {}): void {
  socket.on('error', ignore);
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  try {
    socket.end(httpErrorResponse(status, options), () => socket.destroy());
  } catch {
    socket.destroy();
  }
}
