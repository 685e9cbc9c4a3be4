/**
 * Resuming by hand over a raw socket: a hello with `resume`, and what came before its welcome.
 */
import { isDelivery } from '@parley/conformance';
import type { ConnectionsView } from '../../src/index.js';
import type { ConnectOptions, Delivered, TestClient } from './client.js';

/** What these helpers need of a running server. */
export interface Reachable {
  readonly parley: { readonly connections: ConnectionsView };
  connect(options?: ConnectOptions): Promise<TestClient>;
}

/** A position as a client remembers it. */
export interface Position {
  readonly stream: string;
  readonly epoch: string;
  readonly seq: number;
}

/** The outcome of a resuming hello. */
export interface Resumed {
  readonly client: TestClient;
  /** The hello's reply (a welcome, or an error). */
  readonly reply: any;
  /** The deliveries received before the reply, in order (taken out of the inbox). */
  readonly replays: Delivered[];
}

/** Opens a connection and says hello with `resume`. */
export async function resumeHello(h: Reachable, credentials: unknown, sessionId: string, streams: Position[]): Promise<Resumed> {
  const client = await h.connect({ hello: false });
  const reply = await client.request('rpc.hello', { credentials, resume: { sessionId, streams } });
  const before = client.received.slice(0, client.received.indexOf(reply));
  const replays = before.filter(isDelivery());
  for (const frame of replays) client.inbox.splice(client.inbox.indexOf(frame), 1);
  if (reply.result) client.welcome = reply.result;
  return { client, reply, replays: replays.map((f) => client.view(f)) };
}

/** Polls until `predicate` holds (every 5 ms, up to `timeoutMs`). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Closes a client's socket abruptly and waits until the server has no session left for it. */
export async function drop(h: Reachable, client: TestClient): Promise<void> {
  const { connectionId } = client.welcome;
  await client.close();
  await until(() => h.parley.connections.get(connectionId) === undefined, 'the server to notice the close');
  // The adapter hears about the close in the background (unwatch after presence removal).
  await new Promise((resolve) => setImmediate(resolve));
}

/** The stream position a client last saw (from its deliveries, else from its welcome). */
export function lastSeen(client: TestClient, stream: string): Position {
  const seen = client.deliveries(stream).at(-1);
  if (seen?.epoch !== undefined) return { stream, epoch: seen.epoch, seq: seen.seq };
  const start = (client.welcome.streams as Position[]).find((p) => p.stream === stream);
  if (!start) throw new Error(`no position for ${stream}`);
  return start;
}
