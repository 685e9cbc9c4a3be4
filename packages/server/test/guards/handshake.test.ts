import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { afterEach, describe, expect, it } from 'vitest';

import { httpErrorResponse, rejectUpgrade, type RejectUpgradeOptions } from '../../src/guards/handshake.js';

let server: Server | undefined;

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

/** Starts an HTTP server whose upgrade handler runs `onUpgrade`; resolves with the port. */
async function listen(onUpgrade: (socket: Duplex) => void): Promise<number> {
  server = createServer((_req, res) => res.end('plain http'));
  server.on('upgrade', (_req, socket: Duplex) => onUpgrade(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Sends a WebSocket-style upgrade request and resolves with the HTTP response and its body. */
async function upgrade(port: number): Promise<{ res: IncomingMessage; body: string }> {
  const req = request({
    port,
    host: '127.0.0.1',
    path: '/ws',
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
  });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res) body += chunk as string;
  return { res, body };
}

describe('rejectUpgrade over a real socket', () => {
  it('answers 403 Forbidden with Connection: close and closes the socket', async () => {
    let serverSide: Duplex | undefined;
    const port = await listen((socket) => {
      serverSide = socket;
      rejectUpgrade(socket, 403);
    });
    const { res, body } = await upgrade(port);
    expect(res.statusCode).toBe(403);
    expect(res.statusMessage).toBe('Forbidden');
    expect(res.headers['connection']).toBe('close');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(body).toBe('Forbidden');
    if (!serverSide?.destroyed) await once(serverSide as Duplex, 'close');
    expect(serverSide?.destroyed).toBe(true);
  });

  it('sends extra headers and a custom message, dropping header injection attempts', async () => {
    const options: RejectUpgradeOptions = {
      message: 'Too many connections, slow down ✋',
      headers: { 'Retry-After': 2, 'X-Evil': 'a\r\nSet-Cookie: pwned=1', 'Bad Name': 'x' },
    };
    const port = await listen((socket) => rejectUpgrade(socket, 429, options));
    const { res, body } = await upgrade(port);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['x-evil']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(body).toBe('Too many connections, slow down ✋');
  });

  it('is harmless on a socket that was already destroyed', async () => {
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    const port = await listen((socket) => {
      socket.destroy();
      expect(() => rejectUpgrade(socket, 503)).not.toThrow();
      settled();
    });
    const req = request({ port, host: '127.0.0.1', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
    req.on('error', () => undefined); // the server hung up: expected
    req.end();
    await done;
  });

  it('leaves an error listener so a late socket error is not an unhandled event', async () => {
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    const port = await listen((socket) => {
      rejectUpgrade(socket, 403);
      // A fault that cannot be provoked reliably on loopback: the peer resets mid-write.
      expect(() => socket.emit('error', new Error('ECONNRESET'))).not.toThrow();
      settled();
    });
    const req = request({ port, host: '127.0.0.1', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
    req.on('error', () => undefined);
    req.on('response', (res) => res.resume());
    req.end();
    await done;
  });
});

describe('httpErrorResponse', () => {
  it('counts Content-Length in bytes', () => {
    expect(httpErrorResponse(400, { message: 'é' })).toContain('Content-Length: 2\r\n\r\né');
  });

  it('falls back to 500 for a status that is not an HTTP error', () => {
    expect(httpErrorResponse(200).startsWith('HTTP/1.1 500 Internal Server Error\r\n')).toBe(true);
    expect(httpErrorResponse(Number.NaN).startsWith('HTTP/1.1 500 ')).toBe(true);
  });
});
