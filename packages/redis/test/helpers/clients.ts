/**
 * Parley clients for the multi-process tests: real `@parley/client` instances over `ws`,
 * logging in as a user, recording every `test.note` they handle.
 */
import { createParleyClient, type ClientOptions, type ParleyClient, type RecoveryInfo } from '@parley/client';
import WebSocket from 'ws';
import { clusterContract } from '../fixtures/contract.js';

/** A client of the cluster contract, with what it received. */
export interface TestClient {
  readonly userId: string;
  readonly client: ParleyClient<typeof clusterContract>;
  /** Every note handled, in order, with its stream position. */
  readonly notes: Array<{ n: number; tag: string; stream: string; epoch: string; seq: number }>;
  /** Every recovery signal. */
  readonly recoveries: RecoveryInfo[];
  /** Notes of one tag. */
  tagged(tag: string): number[];
}

/** Opens a client (and waits for its welcome). */
export async function openClient(
  url: ClientOptions<typeof clusterContract>['url'],
  userId: string,
  options: Partial<ClientOptions<typeof clusterContract>> = {},
): Promise<TestClient> {
  const client = createParleyClient({
    url,
    contract: clusterContract,
    WebSocket,
    auth: () => ({ userId }),
    autoConnect: false,
    reconnect: false,
    ...options,
  });
  const notes: TestClient['notes'] = [];
  const recoveries: RecoveryInfo[] = [];
  client.on('test.note', (note, meta) => notes.push({ ...note, stream: meta.stream, epoch: meta.epoch, seq: meta.seq }));
  client.onRecovery((info) => recoveries.push(info));
  await client.connect();
  return { userId, client, notes, recoveries, tagged: (tag) => notes.filter((n) => n.tag === tag).map((n) => n.n) };
}
