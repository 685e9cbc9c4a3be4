/**
 * The chat server: one `node:http` server with the page, `/login`, `/metrics` and `/healthz`, and
 * Parley on `/parley` with the production set-up (origin allowlist, size and rate limits,
 * connection limits, metrics, token authentication, graceful drain).
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as promClient from 'prom-client';
import { createParleyServer, type Adapter, type ParleyServer } from '@parley/server';
import { chat, type ChatContract } from '../shared/contract.js';
import { roomsOnly, tokenAuthenticate } from './auth.js';
import { registerChatHandlers } from './handlers.js';
import { chatMetrics } from './metrics.js';
import { allowedOrigins } from './origins.js';
import { chatRoutes } from './routes.js';
import { loadSite } from './site.js';

/**
 * How to run the chat.
 *
 * @example
 * ```ts
 * const options: ChatAppOptions = { port: 8080, secret: randomBytes(32), webRoot: 'dist/web', adapter: new MemoryAdapter() };
 * ```
 */
export interface ChatAppOptions {
  /** Port to listen on (`0`: any free port). */
  readonly port: number;
  /** Address to listen on. Default: every interface. */
  readonly host?: string | undefined;
  /** The token signing secret (the same on every instance, and across restarts, or tokens stop working). */
  readonly secret: Buffer;
  /** The directory of the built page (`index.html`, `app.js`, `style.css`). */
  readonly webRoot: string;
  /** The Parley adapter (closed with the server). */
  readonly adapter: Adapter;
  /** Origins allowed besides the local ones (the public origin behind a proxy). */
  readonly origins?: readonly string[];
  /** How long a login token is valid. Default one hour. */
  readonly tokenTtlMs?: number;
  /** Hard limit of the drain on close, in ms. Default 10,000. */
  readonly drainTimeoutMs?: number;
}

/**
 * A running chat server.
 *
 * @example
 * ```ts
 * const app = await startChat(options);
 * console.log(app.url);
 * await app.close(); // drain, then stop
 * ```
 */
export interface ChatApp {
  /** `http://localhost:<port>/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The HTTP server. */
  readonly http: Server;
  /** The Parley server. */
  readonly parley: ParleyServer<ChatContract>;
  /** Drains Parley (goaway, closes in batches with 1012), then closes the HTTP server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The size limit of one WebSocket frame: a 2,000-character message fits, a pasted file does not.
 *
 * @example
 * ```ts
 * createParleyServer({ server: http, maxMessageBytes: MAX_MESSAGE_BYTES });
 * ```
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Starts the chat server.
 *
 * @example
 * ```ts
 * const app = await startChat({ port: 8080, secret, webRoot, adapter: new MemoryAdapter() });
 * ```
 */
export async function startChat(options: ChatAppOptions): Promise<ChatApp> {
  const site = await loadSite(options.webRoot);
  const registry = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: registry });
  const metrics = chatMetrics(promClient, registry);
  let draining = false;
  const tokenTtlMs = options.tokenTtlMs ?? 60 * 60_000;
  const http = createServer(chatRoutes({ site, registry, metrics, secret: options.secret, tokenTtlMs, draining: () => draining }));
  http.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;

  // Attached right after `listen` resolved, before any socket event can run.
  const parley = createParleyServer({
    server: http,
    path: '/parley',
    contract: chat,
    adapter: options.adapter,
    authenticate: tokenAuthenticate(options.secret),
    authorizeTopic: roomsOnly,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxTopics: 20,
    // The page's own origin only; the chat is for browsers, so a missing Origin is refused too.
    origins: { allowed: allowedOrigins(port, options.origins), allowMissing: false },
    rateLimit: {
      connection: { messagesPerSecond: 10, burst: 20 },
      methods: {
        'chat.send': { messagesPerSecond: 1, burst: 5, per: 'user' },
        'chat.direct': { messagesPerSecond: 1, burst: 5, per: 'user' },
      },
    },
    connectionLimits: { maxConnectionsPerIp: 50, maxConnectionsPerUser: 10 },
    metrics: { client: promClient, registry },
    drain: { timeoutMs: options.drainTimeoutMs ?? 10_000, batchSize: 200, batchIntervalMs: 250 },
    // Every message shows its time, live and in the history (read back from the stream log).
    delivery: { timestamps: true },
  });
  registerChatHandlers(parley, options.adapter, metrics);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    draining = true;
    await parley.close({ timeoutMs: options.drainTimeoutMs ?? 10_000 });
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url: `http://localhost:${port}/`,
    port,
    http,
    parley,
    close: () => (closing ??= close()),
  };
}
