/** Opening and closing many scenario clients with a bounded number of handshakes in flight. */
import type { BenchClient, BenchMessage, ClientEvents } from '../contender.js';
import type { LoadgenContext } from './types.js';
import { withTimeout } from './wait.js';

const CONNECT_TIMEOUT_MS = 30_000;

/** Client ids are `c0`, `c1`, ... (unique within a cell). */
export const clientId = (index: number): string => `c${index}`;

/** Events that only report errors (for scenarios where nothing should arrive). */
export function quietEvents(ctx: LoadgenContext): ClientEvents {
  const unexpected = (m: BenchMessage): void => ctx.fail(new Error(`unexpected message from ${m.from}`));
  return { onBroadcast: unexpected, onPrivate: unexpected, onError: (e) => ctx.fail(e) };
}

/** What {@link openClients} needs besides the context. */
export interface OpenOptions {
  readonly count: number;
  /** Index of the first client (ids continue across calls). */
  readonly from?: number;
  readonly events: (index: number) => ClientEvents;
  /** Join the room after the handshake. */
  readonly join: boolean;
  readonly concurrency?: number;
}

/** Opens `count` clients, `concurrency` handshakes at a time; rejects on the first failure. */
export async function openClients(ctx: LoadgenContext, options: OpenOptions): Promise<BenchClient[]> {
  const { count, join } = options;
  const from = options.from ?? 0;
  const clients = new Array<BenchClient>(count);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < count && !failed) {
      const i = next++;
      const id = clientId(from + i);
      try {
        const connect = ctx.module.connect({ url: ctx.url, id, events: options.events(from + i), options: ctx.spec.options });
        const client = await withTimeout(connect, CONNECT_TIMEOUT_MS, `connect ${id}`);
        if (join) await withTimeout(client.join(), CONNECT_TIMEOUT_MS, `join ${id}`);
        clients[i] = client;
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? ctx.config.connectConcurrency, count));
  await Promise.all(Array.from({ length: workers }, worker));
  return clients;
}

/** Starts closing every client (the server's count tells when they are gone). */
export function closeClients(clients: readonly BenchClient[]): void {
  for (const client of clients) client.close();
}

/** A scenario message from `from` with sequence number `seq`, stamped now. */
export function message(ctx: LoadgenContext, from: string, seq: number): BenchMessage {
  return { from, seq, sentAt: performance.now(), payload: ctx.payload };
}
