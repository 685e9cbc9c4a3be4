/**
 * A WebSocket upgrade done by hand over node:http(s), with a crafted `Sec-WebSocket-Protocol`
 * header, for the negotiation cases a real client refuses to finish (a server that selects no
 * subprotocol, or one the client did not offer). Server frames are unmasked, so the bytes that
 * come back parse directly.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One WebSocket frame the server sent (opcode 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong).
 *
 * @example
 * ```ts
 * const close = upgrade.frames.find((f) => f.opcode === 0x8);
 * close?.payload.readUInt16BE(0); // the close code
 * ```
 */
export interface RawFrame {
  /** The frame's opcode. */
  readonly opcode: number;
  /** The unmasked payload. */
  readonly payload: Buffer;
}

/**
 * What a raw upgrade got back.
 *
 * @example
 * ```ts
 * const result: RawUpgrade = await rawUpgrade('ws://127.0.0.1:8080/parley', ['parley.v1'], 200);
 * result.headers['sec-websocket-protocol']; // 'parley.v1'
 * ```
 */
export interface RawUpgrade {
  /** The HTTP status: 101 for an upgrade. */
  readonly status: number;
  /** The response headers (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** Frames received until the server closed, sent a close frame, or `waitMs` passed. */
  readonly frames: readonly RawFrame[];
}

function parseFrames(buffer: Buffer): RawFrame[] {
  const frames: RawFrame[] = [];
  let offset = 0;
  while (offset + 2 <= buffer.length) {
    const opcode = (buffer[offset] as number) & 0x0f;
    let length = (buffer[offset + 1] as number) & 0x7f;
    let header = 2;
    if (length === 126) {
      if (offset + 4 > buffer.length) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (offset + 10 > buffer.length) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (offset + header + length > buffer.length) break;
    frames.push({ opcode, payload: buffer.subarray(offset + header, offset + header + length) });
    offset += header + length;
  }
  return frames;
}

/**
 * Upgrades `url` (ws: or wss:) offering `protocols` (none: no `Sec-WebSocket-Protocol` header)
 * and collects the server's frames for at most `waitMs`. Rejects on a network error.
 *
 * @example
 * ```ts
 * const { status, frames } = await rawUpgrade('ws://127.0.0.1:8080/parley', ['parley.v9', 'parley'], 5000);
 * ```
 */
export function rawUpgrade(url: string, protocols: readonly string[], waitMs: number): Promise<RawUpgrade> {
  const target = new URL(url);
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
  };
  if (protocols.length > 0) headers['Sec-WebSocket-Protocol'] = protocols.join(', ');
  const secure = target.protocol === 'wss:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
      path: `${target.pathname}${target.search}`,
      headers,
      timeout: Math.max(waitMs, 1_000),
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to the upgrade request within ${Math.max(waitMs, 1_000)} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, frames: [] });
    });
    req.on('upgrade', (res, socket, head) => {
      const chunks: Buffer[] = [head];
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
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
      if (parseFrames(head).some((f) => f.opcode === 0x8)) finish();
    });
    req.end();
  });
}
