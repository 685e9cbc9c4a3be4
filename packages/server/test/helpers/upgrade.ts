/**
 * Upgrade requests for the guard tests: a WebSocket-style upgrade over node:http with any headers
 * (resolves with the HTTP status, headers and body, or 101), and a raw request written to a
 * `net` socket byte for byte (for inputs node:http would never send), plus servers with a custom
 * contract that `closeGuardServers()` closes.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerOptions } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import type { AnyContract } from '@parley/protocol';
import { createParleyServer, type ParleyServer, type ParleyServerOptions } from '../../src/index.js';

export interface UpgradeOutcome {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends an upgrade request for `path` with extra `headers`; a 101 is answered by closing the socket at once. */
export function httpUpgrade(port: number, path = '/parley', headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': 'parley.v1, parley',
        ...headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('upgrade', (res, socket) => {
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.end();
  });
}

/**
 * Writes `text` to a raw TCP connection and resolves with everything the server sent before it
 * closed the connection (or, for a 101, as soon as the status line arrived).
 */
export function rawRequest(port: number, text: string): Promise<{ readonly response: string; readonly status: number | undefined }> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const status = (): number | undefined => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'));
      return match ? Number(match[1]) : undefined;
    };
    const finish = (): void => {
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), status: status() });
    };
    socket.on('error', () => undefined); // a reset while we still write is an outcome too
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (status() === 101) finish();
    });
    socket.on('close', finish);
    socket.write(text);
  });
}

const servers: Array<{ http: Server; parley: ParleyServer<any> }> = [];

export interface GuardServer<C extends AnyContract> {
  readonly http: Server;
  readonly parley: ParleyServer<C>;
  readonly port: number;
  readonly url: string;
}

/** Starts node:http (with `httpOptions`) and a Parley server with any contract on 127.0.0.1. */
export async function startGuardServer<C extends AnyContract>(
  options: ParleyServerOptions<C>,
  httpOptions: ServerOptions = {},
): Promise<GuardServer<C>> {
  const http = createServer(httpOptions, (_req, res) => res.end('plain http'));
  const parley = createParleyServer<C>({ ...options, server: http });
  servers.push({ http, parley });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { http, parley, port, url: `ws://127.0.0.1:${port}${parley.path}` };
}

/** Closes every server `startGuardServer` started. */
export async function closeGuardServers(): Promise<void> {
  for (const { http, parley } of servers.splice(0)) {
    await parley.close({ timeoutMs: 500 });
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}
