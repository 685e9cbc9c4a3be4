/**
 * Starting a real server for tests: an HTTP server on a loopback port with Parley attached and
 * the fixture handlers registered; everything started is closed by `closeAll()`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, ParleyError } from '@parley/protocol';
import { fixtureContract } from '@parley/protocol/vectors';
import {
  createParleyServer,
  registerFixtureHandlers,
  type Authenticate,
  type FixtureContract,
  type ParleyServer,
  type ParleyServerOptions,
} from '../../src/index.js';
import { TestClient, type ConnectOptions } from './client.js';

/**
 * The conformance convention: credentials "conformance-reject" are refused (-32001, close 4401),
 * "conformance" is the user `conformance-user`; another string or `{ userId }` names the user;
 * no credentials is an anonymous user per connection.
 */
export const testAuthenticate: Authenticate = ({ credentials }) => {
  if (credentials === 'conformance-reject') throw new ParleyError(ErrorCode.Unauthorized, 'Rejected credentials');
  if (typeof credentials === 'string') return { userId: credentials === 'conformance' ? 'conformance-user' : credentials };
  if (typeof credentials === 'object' && credentials !== null && typeof (credentials as { userId?: unknown }).userId === 'string') {
    return { userId: (credentials as { userId: string }).userId };
  }
  return { userId: `u-${Math.random().toString(36).slice(2, 10)}` };
};

export interface Harness {
  readonly http: Server;
  readonly parley: ParleyServer<FixtureContract>;
  readonly url: string;
  readonly port: number;
  connect(options?: ConnectOptions): Promise<TestClient>;
}

const servers: Array<{ http: Server; parley: ParleyServer<any> }> = [];
const clients: TestClient[] = [];

/** Starts node:http + Parley (fixture contract and handlers) on 127.0.0.1, port 0. */
export async function startServer(options: Partial<ParleyServerOptions<FixtureContract>> = {}): Promise<Harness> {
  const http = createServer((_req, res) => res.end('plain http'));
  const parley = createParleyServer({ contract: fixtureContract, authenticate: testAuthenticate, ...options, server: http });
  registerFixtureHandlers(parley);
  servers.push({ http, parley });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}${parley.path}`;
  return { http, parley, url, port, connect: (o) => connect(url, o) };
}

/** Connects a test client that `closeAll` will close. */
export async function connect(url: string, options?: ConnectOptions): Promise<TestClient> {
  const client = await TestClient.connect(url, options);
  clients.push(client);
  return client;
}

/** Registers a client made elsewhere for cleanup. */
export function track(client: TestClient): TestClient {
  clients.push(client);
  return client;
}

/** Closes every client and server started by these helpers. */
export async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const { http, parley } of servers.splice(0)) {
    await parley.close({ timeoutMs: 500 });
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}
