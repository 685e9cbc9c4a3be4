/**
 * Framing a text message once: the WebSocket frame header and the UTF-8 payload are built a
 * single time per message and the same `Buffer`s are written to every recipient's socket.
 *
 * The header comes from `ws`'s own `Sender.frame` (public static in ws 8), so framing stays
 * exactly what `ws.send` would produce for an unmasked, uncompressed, final text frame.
 *
 * @module
 */
import type { Duplex } from 'node:stream';
import * as wsModule from 'ws';
import { WebSocket } from 'ws';

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
type FrameFunction = (data: Buffer, options: FrameOptions) => Buffer[];

type WithSender = { Sender?: { frame?: FrameFunction } };
// ESM (ws's wrapper.mjs) exports `Sender` by name; CommonJS attaches it to the WebSocket class.
const wsFrame = ((wsModule as unknown as WithSender).Sender ?? (WebSocket as unknown as WithSender).Sender)?.frame;
const TEXT_FRAME: FrameOptions = { fin: true, opcode: 0x01, mask: false, readOnly: true, rsv1: false };

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
  /** The UTF-8 payload (also what `ws.send` gets when a direct write is not safe). */
  readonly payload: Buffer;
  /** Header and payload, ready for `socket.write`; `undefined` if `ws` offers no framer. */
  readonly parts: readonly Buffer[] | undefined;
  /** Bytes on the wire. */
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
  const payload = Buffer.from(text, 'utf8');
  const parts = wsFrame ? wsFrame.call(undefined, payload, TEXT_FRAME) : undefined;
  const bytes = parts ? parts.reduce((sum, part) => sum + part.length, 0) : payload.length;
  return { payload, parts, bytes };
}

/** Whether an object has an own enumerable key, without `Object.keys`' array (called per socket per flush). */
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
 * if (socket) { socket.cork(); for (const part of frame.parts) socket.write(part); socket.uncork(); }
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
