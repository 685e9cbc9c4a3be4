/**
 * A real Parley server for the client's tests: node:http on 127.0.0.1 with `@parley/server`
 * attached, the fixture contract and handlers registered. Restartable on the same port (close
 * it, start a new one) to exercise reconnects. Everything started is closed by `stopAll()`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, ParleyError } from '@parley/protocol';
import { fixtureContract } from '@parley/protocol/vectors';
import {
  createParleyServer,
  registerFixtureHandlers,
  type Authenticate,
  type ParleyServer,
  type ParleyServerOptions,
} from '@parley/server';

/** The fixture contract the servers speak. */
export const contract = fixtureContract;
/** Its type. */
export type Contract = typeof fixtureContract;

/** Object credentials the test server understands. */
export interface TestCredentials {
  readonly userId: string;
  readonly data?: unknown;
  /** The identity expires this long after authentication. */
  readonly ttlMs?: number;
}

/**
 * Credentials convention: `'reject'` (or anything starting with `reject`) is refused with
 * -32001 (close 4401); another string names the user; `{ userId, data?, ttlMs? }` too; none
 * makes an anonymous user.
 */
export const authenticate: Authenticate = ({ credentials }) => {
  if (typeof credentials === 'string' && credentials.startsWith('reject')) throw new ParleyError(ErrorCode.Unauthorized, 'Rejected credentials');
  if (typeof credentials === 'string') return { userId: credentials };
  if (typeof credentials === 'object' && credentials !== null && typeof (credentials as { userId?: unknown }).userId === 'string') {
    const { userId, data, ttlMs } = credentials as TestCredentials;
    return { userId, ...(data === undefined ? {} : { data }), ...(ttlMs === undefined ? {} : { expiresAt: Date.now() + ttlMs }) };
  }
  return { userId: `anon-${Math.random().toString(36).slice(2, 10)}` };
};

/** One running server. */
export interface TestServer {
  readonly http: Server;
  readonly parley: ParleyServer<Contract>;
  readonly port: number;
  readonly url: string;
  /** Drains this server: goaway, then close 1012 (or `code`) for every connection. */
  stop(code?: number): Promise<void>;
}

const running = new Set<TestServer>();

/** Starts a server on `port` (0: any free port). */
export async function startServer(options: Partial<ParleyServerOptions<Contract>> = {}, port = 0): Promise<TestServer> {
  const http = createServer((_req, res) => res.end('plain http'));
  const parley = createParleyServer({ contract, authenticate, ...options, server: http });
  registerFixtureHandlers(parley);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (http.address() as AddressInfo).port;
  const server: TestServer = {
    http,
    parley,
    port: bound,
    url: `ws://127.0.0.1:${bound}${parley.path}`,
    stop: async (code?: number) => {
      if (!running.delete(server)) return;
      await parley.close({ timeoutMs: 200, ...(code === undefined ? {} : { code }) });
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  running.add(server);
  return server;
}

/** Stops every server still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}
