/**
 * A WebSocket upgrade done by hand over node:http, for cases a real client refuses to finish
 * (a server that selects no subprotocol): returns the response headers and the server's frames,
 * parsed from the raw bytes (server frames are unmasked).
 */
import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

export interface RawUpgrade {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Frames received until the server closed the TCP connection (or `waitMs` passed). */
  readonly frames: RawFrame[];
}

function parseFrames(buffer: Buffer): RawFrame[] {
  const frames: RawFrame[] = [];
  let offset = 0;
  while (offset + 2 <= buffer.length) {
    const opcode = (buffer[offset] as number) & 0x0f;
    let length = (buffer[offset + 1] as number) & 0x7f;
    let header = 2;
    if (length === 126) {
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (offset + header + length > buffer.length) break;
    frames.push({ opcode, payload: buffer.subarray(offset + header, offset + header + length) });
    offset += header + length;
  }
  return frames;
}

/** Upgrades `path` on `port` offering `protocols` (none: no header) and collects what comes back. */
export function rawUpgrade(port: number, path: string, protocols: readonly string[], waitMs = 2_000): Promise<RawUpgrade> {
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
  };
  if (protocols.length > 0) headers['Sec-WebSocket-Protocol'] = protocols.join(', ');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, frames: [] });
    });
    req.on('upgrade', (res, socket, head) => {
      const chunks: Buffer[] = [head];
      const finish = (): void => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, frames: parseFrames(Buffer.concat(chunks)) });
      };
      const timer = setTimeout(finish, waitMs);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (parseFrames(Buffer.concat(chunks)).some((f) => f.opcode === 0x8)) finish();
      });
      socket.on('error', finish);
      socket.on('close', finish);
    });
    req.end();
  });
}
