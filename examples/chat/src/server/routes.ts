/**
 * The chat's HTTP routes: the page, `/login`, `/metrics` and `/healthz`. WebSocket upgrades on
 * `/parley` never get here: Parley takes them from the server's `upgrade` event.
 *
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { login } from './login.js';
import type { ChatMetrics } from './metrics.js';
import { PAGE_HEADERS, type SiteFile } from './site.js';

/**
 * What the routes need.
 *
 * @example
 * ```ts
 * const routes: RoutesSetup = { site, registry, metrics, secret, tokenTtlMs: 3_600_000, draining: () => false };
 * ```
 */
export interface RoutesSetup {
  /** The page's files by URL path. */
  readonly site: ReadonlyMap<string, SiteFile>;
  /** The registry `/metrics` shows. */
  readonly registry: Registry;
  /** The chat's own counters. */
  readonly metrics: ChatMetrics;
  /** The token signing secret. */
  readonly secret: Buffer;
  /** How long a token is valid, in ms. */
  readonly tokenTtlMs: number;
  /** Whether the server is draining (`/healthz` then answers 503 so a load balancer stops sending users). */
  readonly draining: () => boolean;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers }).end(body);
}

const json = (response: ServerResponse, status: number, body: unknown): void =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'cache-control': 'no-store' });

async function route(setup: RoutesSetup, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const method = request.method ?? 'GET';
  if (path === '/login') {
    if (method !== 'POST') return send(response, 405, 'text/plain', 'Use POST\n', { allow: 'POST' });
    const reply = await login(request, { secret: setup.secret, ttlMs: setup.tokenTtlMs });
    if (reply.status === 200) setup.metrics.logins.inc();
    return json(response, reply.status, reply.body);
  }
  if (method !== 'GET' && method !== 'HEAD') return send(response, 405, 'text/plain', 'Method not allowed\n', { allow: 'GET, HEAD' });
  if (path === '/metrics') return send(response, 200, setup.registry.contentType, await setup.registry.metrics());
  if (path === '/healthz') return setup.draining() ? send(response, 503, 'text/plain', 'draining\n') : send(response, 200, 'text/plain', 'ok\n');
  const file = setup.site.get(path === '/index.html' ? '/' : path);
  if (!file) return send(response, 404, 'text/plain', 'Not found\n');
  send(response, 200, file.type, file.body, { ...PAGE_HEADERS });
}

/**
 * The request listener of the chat's HTTP server. Never throws: a failing route answers 500
 * without details.
 *
 * @example
 * ```ts
 * const http = createServer(chatRoutes({ site, registry, metrics, secret, tokenTtlMs, draining }));
 * ```
 */
export function chatRoutes(setup: RoutesSetup): RequestListener {
  return (request, response) => {
    route(setup, request, response).catch((error: unknown) => {
      console.error('chat: request failed', request.method, request.url, error);
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error\n');
      else response.destroy();
    });
  };
}
