/**
 * Servers for the kit's own tests, on 127.0.0.1 port 0: a real Parley server set up as the kit
 * requires (fixture contract, fixture handlers, fixture authentication), and deliberately broken
 * servers the kit must fail. `stopAll()` closes everything started.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureAuthenticate, fixtureContract } from '@parley/protocol/vectors';
import { createParleyServer, registerFixtureHandlers, type ParleyServer } from '@parley/server';
import { WebSocketServer } from 'ws';

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

const running = new Set<Running>();

async function listen(http: Server): Promise<number> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function closeHttp(http: Server): Promise<void> {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

function track(server: Running): Running {
  running.add(server);
  return server;
}

/** A Parley server set up as docs/conformance.md says; `handlers: false` leaves the fixture methods unimplemented. */
export async function startParley({ handlers = true } = {}): Promise<Running> {
  const http = createServer((_req, res) => res.end('plain http'));
  const parley: ParleyServer<typeof fixtureContract> = createParleyServer({
    server: http,
    contract: fixtureContract,
    authenticate: ({ credentials }) => fixtureAuthenticate(credentials),
    // As docs/conformance.md says: rate limits off, since the kit sends bursts and opens
    // hundreds of connections from one address in a few seconds.
    rateLimit: false,
    connectionRate: false,
  });
  if (handlers) registerFixtureHandlers(parley);
  const port = await listen(http);
  return track({
    url: `ws://127.0.0.1:${port}${parley.path}`,
    async stop() {
      await parley.close({ timeoutMs: 500 });
      await closeHttp(http);
    },
  });
}

/**
 * A server that negotiates parley.v1 and answers every request with a plausible welcome-shaped
 * result under the WRONG id: a kit that matched replies loosely would pass it.
 */
export async function startWrongIdServer(): Promise<Running> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: (offered) => (offered.has('parley.v1') ? 'parley.v1' : false) });
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      let frame: any;
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      if (frame && typeof frame === 'object' && 'id' in frame) {
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: `wrong-${String(frame.id)}`, result: { ts: Date.now() } }));
      }
    });
  });
  const port = await listen(http);
  return track({
    url: `ws://127.0.0.1:${port}/parley`,
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeHttp(http);
    },
  });
}

/** A URL where nothing listens (a port that was just free). */
export async function deadUrl(): Promise<string> {
  const http = createServer();
  const port = await listen(http);
  await closeHttp(http);
  return `ws://127.0.0.1:${port}/parley`;
}

/** Stops every server started here. */
export async function stopAll(): Promise<void> {
  for (const server of [...running]) {
    running.delete(server);
    await server.stop();
  }
}
