/**
 * Contender 4: Parley, `@parley/server` and `@parley/client`, bundled from the packages' source
 * by the harness. Option `validateEvents` is the client's incoming validation (the
 * `parley-novalidate` contender turns it off to isolate its cost).
 *
 * The room is a topic; broadcast = `client.broadcast(topic, event, data)` (rpc.broadcast);
 * private = `client.send({ userId }, event, data)` (rpc.private); echo = a contract method.
 * A client's id is its userId, sent as hello credentials. Server settings are the defaults
 * (heartbeat on), like the other contenders, except the flood guards the scenarios exceed on
 * purpose (one sender's back-to-back burst, closed-loop RPC, 10,000 sockets from one address),
 * which the other contenders do not have: the message rate limiter keeps running, with limits
 * out of reach, so its per-message cost is still measured; the connection count is unbounded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createParleyClient } from '@parley/client';
import { defineContract } from '@parley/protocol';
import { createParleyServer } from '@parley/server';
import * as v from 'valibot';
import WebSocket from 'ws';
import { ROOM, type BenchClient, type ContenderModule } from '../src/contender.js';

const Message = v.object({ from: v.string(), seq: v.number(), sentAt: v.number(), payload: v.string() });
const Echo = v.object({ seq: v.number(), payload: v.string() });

/** The scenario protocol as a Parley contract. */
export const benchContract = defineContract({
  methods: { 'bench.echo': { params: Echo, result: Echo } },
  events: { 'bench.broadcast': Message, 'bench.private': Message },
});

const PATH = '/parley';

/** A rate limit out of the scenarios' reach (the limiter still runs: its cost is part of the measure). */
const UNREACHED = { messagesPerSecond: 1e9, burst: 1e9, bytesPerSecond: 1e12 };

const contender: ContenderModule = {
  async startServer(options) {
    const http = createServer((_req, res) => res.writeHead(426).end());
    const parley = createParleyServer({
      server: http,
      path: PATH,
      contract: benchContract,
      rateLimit: { connection: UNREACHED, user: UNREACHED },
      connectionRate: false,
      connectionLimits: { maxConnections: Number.POSITIVE_INFINITY, maxUnauthenticated: Number.POSITIVE_INFINITY },
      authenticate: ({ credentials }) => {
        const id = (credentials as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'string') throw new TypeError('bench: credentials need an id');
        return { userId: id };
      },
    });
    parley.handle('bench.echo', (params) => params);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    return {
      port,
      url: `ws://${options.host}:${port}${PATH}`,
      connectionCount: () => parley.connections.count,
      close: async () => {
        await parley.close();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    };
  },

  async connect({ url, id, events, options }) {
    const client = createParleyClient({
      url,
      contract: benchContract,
      WebSocket,
      validateEvents: options.validateEvents ?? true,
      auth: () => ({ id }),
      autoConnect: false,
      reconnect: false,
    });
    const fail = (error: unknown): void => events.onError(error instanceof Error ? error : new Error(String(error)));
    client.on('bench.broadcast', (m) => events.onBroadcast(m));
    client.on('bench.private', (m) => events.onPrivate(m));
    client.onError(fail);
    await client.connect();
    const bench: BenchClient = {
      id,
      join: async () => {
        await client.subscribe(ROOM);
      },
      broadcast: (m) => void client.broadcast(ROOM, 'bench.broadcast', m).catch(fail),
      sendPrivate: (to, m) => void client.send({ userId: to }, 'bench.private', m).catch(fail),
      echo: (p) => client.call('bench.echo', p),
      close: () => void client.close().catch(fail),
    };
    return bench;
  },
};

export default contender;
