/**
 * frameText builds the WebSocket frame itself (header and payload in one Buffer): it must be
 * byte for byte what `ws` frames for a server's text message, in each length class, and a real
 * `ws` client must read it back.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import { directSocket, frameText, payloadOf } from '../../src/transport/frame.js';

type FrameOptions = { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean };
// ws's ESM entry exports its Sender (its types do not declare it).
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** What ws's own framer gives for an unmasked final text frame, as one Buffer. */
function wsFramed(text: string): Buffer {
  const parts = Sender.frame(Buffer.from(text, 'utf8'), { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false });
  return Buffer.concat(parts);
}

const texts = {
  empty: '',
  '125 bytes (7-bit length)': 'a'.repeat(125),
  '126 bytes (16-bit length)': 'b'.repeat(126),
  '65,535 bytes': 'c'.repeat(65_535),
  '65,536 bytes (64-bit length)': 'd'.repeat(65_536),
  'multi-byte UTF-8 (length in bytes, not characters)': 'é€😀'.repeat(50),
};

describe('frameText', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`frames ${name} exactly as ws does`, () => {
      const frame = frameText(text);
      expect(frame.wire.equals(wsFramed(text))).toBe(true);
      expect(frame.bytes).toBe(frame.wire.length);
      expect(payloadOf(frame).toString('utf8')).toBe(text);
    });
  }

  it('is read back by a real ws client when written straight to the socket', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const [serverSide] = (await once(wss, 'connection')) as [WebSocket];
    await once(client, 'open');
    const received: string[] = [];
    client.on('message', (data: Buffer) => received.push(data.toString('utf8')));
    const socket = directSocket(serverSide);
    expect(socket).toBeDefined();
    for (const text of Object.values(texts)) socket!.write(frameText(text).wire);
    await expect.poll(() => received.length).toBe(Object.keys(texts).length);
    expect(received).toEqual(Object.values(texts));
    client.close();
    wss.close();
    http.close();
  });
});
