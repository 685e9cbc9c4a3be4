/**
 * Coalesced writes for raw `ws`: the first write to a socket in an event-loop turn corks it,
 * and one `setImmediate` per turn uncorks every corked socket, so each socket gets one
 * `writev` per turn however many frames it was sent.
 */
import type { Socket } from 'node:net';
import WebSocket, * as wsModule from 'ws';

/** The `ws` internals this writer uses (ws 8: `_socket` is the net.Socket). */
interface WsInternals {
  readonly _socket: Socket | null;
}

/** ws 8 `Sender.frame` (lib/sender.js; a named export of ws's ESM wrapper, not in @types/ws). */
interface FrameOptions {
  readonly fin: boolean;
  readonly mask: boolean;
  readonly opcode: number;
  readonly readOnly: boolean;
  readonly rsv1: boolean;
}
const Sender = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender;

const corked = new Set<Socket>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Frames `data` once as a final, unmasked text frame (server → client), header and payload in one Buffer. */
export function frameText(data: string): Buffer {
  const list = Sender.frame(Buffer.from(data), {
    fin: true,
    mask: false,
    opcode: 1,
    readOnly: false,
    rsv1: false,
  });
  return list.length === 1 && list[0] !== undefined ? list[0] : Buffer.concat(list);
}

/** Writes an already framed message to `ws`, corked until the end of this event-loop turn. */
export function writeFrame(ws: WebSocket, frame: Buffer): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const socket = (ws as unknown as WsInternals)._socket;
  if (socket === null || socket.destroyed) return;
  if (!corked.has(socket)) {
    socket.cork();
    corked.add(socket);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }
  socket.write(frame);
}
