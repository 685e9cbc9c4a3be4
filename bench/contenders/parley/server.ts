/**
 * The Parley contenders' server (`parley`, `parley-novalidate`, `parley-parse-only`): one
 * `@parley/server` with the bench contract, whatever client the contender pairs it with.
 *
 * The room is a topic; broadcast = `rpc.broadcast`, private = `rpc.private` to `{ userId }`,
 * echo = the contract method `bench.echo`. A client's id is its userId, sent as hello
 * credentials `{ id }`. Settings are the defaults (heartbeat on), like the other contenders,
 * except the flood guards the scenarios exceed on purpose (one sender's back-to-back burst,
 * closed-loop RPC, 10,000 sockets from one address), which the other contenders do not have:
 * the message rate limiter keeps running, with limits out of reach, so its per-message cost is
 * still measured; the connection count is unbounded.
 */
import { createServer } from 'node:http';
import { defineContract } from '@parley/protocol';
import { createParleyServer } from '@parley/server';
import * as v from 'valibot';
import type { BenchServer, ServerOptions } from '../../src/contender.js';
import { listenOn } from '../listen.js';

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

/** Starts the bench's Parley server on `options.host`:`options.port`. */
export async function startParleyServer(options: ServerOptions): Promise<BenchServer> {
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
  const port = await listenOn(http, options);
  return {
    port,
    url: `ws://${options.host}:${port}${PATH}`,
    connectionCount: () => parley.connections.count,
    close: async () => {
      await parley.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
