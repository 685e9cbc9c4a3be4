/**
 * Framing a text message once: the WebSocket frame (header and UTF-8 payload, RFC 6455 §5.2) is
 * built in one `Buffer` a single time per message, and that same `Buffer` is written to every
 * recipient's socket: one write, one iovec per message and recipient.
 *
 * The frame is what `ws.send` produces for a server's text message without compression: FIN
 * set, opcode 1, no mask, the length in 7, 7+16 or 7+64 bits.
 *
 * @module
 */
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/**
 * One framed text message.
 *
 * @example
 * ```ts
 * const frame = frameText('{"jsonrpc":"2.0","method":"chat.message","params":["all",7,"alice",{"text":"hi"}]}');
 * frame.bytes; // header + payload length
 * ```
 */
export interface Frame {
  /** The whole frame, header then payload, ready for `socket.write`. */
  readonly wire: Buffer;
  /** Length of the header at the start of `wire` (2, 4 or 10). */
  readonly headerLength: number;
  /** Bytes on the wire (`wire.length`). */
  readonly bytes: number;
}

/**
 * Frames a text message once.
 *
 * @example
 * ```ts
 * const frame = frameText(message.text);
 * for (const outbox of recipients) outbox.push(frame, true);
 * ```
 */
export function frameText(text: string): Frame {
  const length = Buffer.byteLength(text, 'utf8');
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerLength + length);
  wire[0] = 0x81; // FIN, text
  if (headerLength === 2) wire[1] = length;
  else if (headerLength === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    wire.writeUInt32BE(length >>> 0, 6);
  }
  wire.write(text, headerLength, 'utf8');
  return { wire, headerLength, bytes: wire.length };
}

/**
 * The payload of a frame, without its header (a view, not a copy): what `ws.send` gets when a
 * direct write is not safe.
 *
 * @example
 * ```ts
 * ws.send(payloadOf(frame), { binary: false });
 * ```
 */
export function payloadOf(frame: Frame): Buffer {
  return frame.wire.subarray(frame.headerLength);
}

function hasKeys(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

interface WsInternals {
  _socket?: Duplex | null;
  _sender?: { _state?: number; _queue?: unknown[] } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * The raw socket under a `ws` WebSocket when writing frames to it directly is safe: the
 * WebSocket is OPEN, `ws`'s sender is idle with an empty queue (so nothing it holds back could be
 * overtaken), no extension (permessage-deflate) is active, and the socket is writable. Otherwise
 * `undefined`, and the caller falls back to `ws.send`.
 *
 * @example
 * ```ts
 * const socket = directSocket(ws);
 * if (socket) socket.write(frame.wire);
 * ```
 */
export function directSocket(ws: WebSocket): Duplex | undefined {
  if (ws.readyState !== WebSocket.OPEN) return undefined;
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  if (!socket || !sender || sender._state !== 0 || (sender._queue?.length ?? 1) !== 0) return undefined;
  if (internals._extensions && hasKeys(internals._extensions)) return undefined;
  if (socket.destroyed || !socket.writable) return undefined;
  return socket;
}
