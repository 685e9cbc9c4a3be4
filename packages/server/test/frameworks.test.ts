/**
 * Parley mounted beside a normal HTTP route in each framework, for real: node:http, node:https
 * (a self-signed certificate made with openssl for the test), Express 5, Fastify 5 and Koa 3.
 * Each test calls the HTTP route, opens a Parley session and calls a fixture method; a foreign
 * WebSocket server on another path keeps working. Also: custom routing through handleUpgrade,
 * and the standalone listen().
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, get as httpGet, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureContract } from '@parley/protocol/vectors';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type ClientOptions } from 'ws';
import { createParleyServer, registerFixtureHandlers, type ParleyServer } from '../src/index.js';
import { closeAll, connect } from './helpers/server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await closeAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let tls: { key: Buffer; cert: Buffer };
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function fetchText(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    const req = url.startsWith('https:') ? httpsGet(url, { ca }, onResponse) : httpGet(url, onResponse);
    req.on('error', reject);
  });
}

function mountParley(server: Server): ParleyServer<typeof fixtureContract> {
  const parley = registerFixtureHandlers(createParleyServer({ server, contract: fixtureContract, heartbeatIntervalMs: 0 }));
  cleanups.push(() => parley.close());
  return parley;
}

/** A second WebSocket server on /other, through its own upgrade listener: it must keep working. */
function mountForeign(server: Server): void {
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws) => ws.on('message', (data: Buffer) => ws.send(`echo:${data.toString()}`)));
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/other') wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  cleanups.push(() => new Promise((resolve) => wss.close(resolve)));
}

async function exercise(port: number, scheme: 'http' | 'https' = 'http'): Promise<void> {
  const ca = scheme === 'https' ? tls.cert : undefined;
  const wsOptions: ClientOptions = ca ? { ca } : {};
  expect(await fetchText(`${scheme}://127.0.0.1:${port}/hello`, ca)).toEqual({ status: 200, body: 'hello from http' });
  const ws = scheme === 'https' ? 'wss' : 'ws';
  const client = await connect(`${ws}://127.0.0.1:${port}/parley`, { ws: wsOptions });
  expect(client.welcome.protocol).toBe('parley.v1');
  expect(await client.call('fixture.subtract', [42, 23])).toBe(19);
  const foreign = new WebSocket(`${ws}://127.0.0.1:${port}/other`, wsOptions);
  const reply = await new Promise<string>((resolve, reject) => {
    foreign.once('open', () => foreign.send('ping'));
    foreign.once('message', (data: Buffer) => resolve(data.toString()));
    foreign.once('error', reject);
  });
  foreign.terminate();
  expect(reply).toBe('echo:ping');
  expect(await fetchText(`${scheme}://127.0.0.1:${port}/hello`, ca)).toEqual({ status: 200, body: 'hello from http' });
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const closeServer = (server: Server) => () => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

describe('frameworks', () => {
  it('node:http', async () => {
    const server = createHttpServer((req, res) => res.end(req.url === '/hello' ? 'hello from http' : 'other'));
    cleanups.push(closeServer(server));
    mountParley(server);
    mountForeign(server);
    await exercise(await listen(server));
  });

  it('node:https with a self-signed certificate', async () => {
    const server = createHttpsServer(tls, (req, res) => res.end(req.url === '/hello' ? 'hello from http' : 'other'));
    cleanups.push(closeServer(server));
    mountParley(server);
    mountForeign(server);
    await exercise(await listen(server), 'https');
  });

  it('Express 5', async () => {
    const app = express();
    app.get('/hello', (_req, res) => {
      res.type('text').send('hello from http');
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(closeServer(server));
    mountParley(server);
    mountForeign(server);
    await exercise((server.address() as AddressInfo).port);
  });

  it('Fastify 5 (fastify.server)', async () => {
    const fastify = Fastify();
    fastify.get('/hello', async (_req, reply) => reply.type('text/plain').send('hello from http'));
    cleanups.push(() => fastify.close());
    mountParley(fastify.server);
    mountForeign(fastify.server);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    await exercise((fastify.server.address() as AddressInfo).port);
  });

  it('Koa 3', async () => {
    const app = new Koa();
    app.use((ctx) => {
      if (ctx.path === '/hello') ctx.body = 'hello from http';
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(closeServer(server));
    mountParley(server);
    mountForeign(server);
    await exercise((server.address() as AddressInfo).port);
  });
});

describe('other ways to mount', () => {
  it('handleUpgrade: the application routes upgrades itself (any path)', async () => {
    const server = createHttpServer((_req, res) => res.end('hello from http'));
    cleanups.push(closeServer(server));
    const parley = registerFixtureHandlers(createParleyServer({ contract: fixtureContract }));
    cleanups.push(() => parley.close());
    server.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/custom/ws')) parley.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    const port = await listen(server);
    const client = await connect(`ws://127.0.0.1:${port}/custom/ws?room=1`);
    expect(await client.call('fixture.echo', { value: 'routed' })).toBe('routed');
  });

  it('matches its path exactly: /parley?query is taken, /parley/x and /parleyx are left alone', async () => {
    const server = createHttpServer();
    cleanups.push(closeServer(server));
    mountParley(server);
    const seen: string[] = [];
    server.on('upgrade', (req, socket) => {
      if (req.url !== '/parley' && !req.url?.startsWith('/parley?')) {
        seen.push(req.url ?? '');
        socket.destroy();
      }
    });
    const port = await listen(server);
    const client = await connect(`ws://127.0.0.1:${port}/parley?token=abc`);
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    for (const path of ['/parley/x', '/parleyx']) {
      await expect(connect(`ws://127.0.0.1:${port}${path}`)).rejects.toThrow();
    }
    expect(seen).toEqual(['/parley/x', '/parleyx']);
  });

  it('listen(): a standalone server answering 426 to plain HTTP', async () => {
    const parley = registerFixtureHandlers(createParleyServer({ contract: fixtureContract }));
    cleanups.push(() => parley.close());
    const { port } = await parley.listen(0, '127.0.0.1');
    expect((await fetchText(`http://127.0.0.1:${port}/`)).status).toBe(426);
    const client = await connect(`ws://127.0.0.1:${port}/parley`);
    expect(await client.call('fixture.echo', { value: 1 })).toBe(1);
    await client.close();
    await parley.close();
    await expect(connect(`ws://127.0.0.1:${port}/parley`)).rejects.toThrow();
  });
});
