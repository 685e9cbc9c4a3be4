/**
 * Calls under the same flapping proxy: 1,000 calls from five clients while connections are cut
 * at random (seeded) points. Every call settles exactly once; the server counts how often each
 * handler ran per request: idempotent calls (re-sent after the resume with the same id, answered
 * from the session's reply cache) resolve with their result and ran exactly once; non-idempotent
 * ones either resolve (ran once) or reject with OutcomeUnknown (ran at most once), never twice.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineContract, ErrorCode, type ParleyError } from '@parley/protocol';
import { createParleyServer, type ParleyServer } from '@parley/server';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticate } from '../helpers/server.js';
import { client, closeClients } from '../helpers/clients.js';
import { seeded } from '../helpers/random.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';

const CLIENTS = 5;
const CALLS_PER_CLIENT = 200;
const CONCURRENCY = 16;

const work = v.object({ a: v.number(), b: v.number(), delayMs: v.number() });
const contract = defineContract({
  methods: {
    'calc.add': { params: work, result: v.number() },
    'calc.charge': { params: work, result: v.number(), idempotent: false },
  },
  events: {},
});

let proxy: FlakyProxy | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeClients();
  await proxy?.close();
  await stop?.();
  proxy = undefined;
  stop = undefined;
});

/** A server whose handlers count their runs per call (user and `a`, unique per call) and take `delayMs`. */
async function countingServer(): Promise<{ port: number; path: string; runs: Map<string, number> }> {
  const http = createServer();
  const parley: ParleyServer<typeof contract> = createParleyServer({
    server: http,
    contract,
    authenticate,
    maxPendingRequests: 256,
    rateLimit: false, // this test is about delivery, not flood protection
  });
  const runs = new Map<string, number>();
  const handler = async ({ a, b, delayMs }: v.InferOutput<typeof work>, ctx: { identity: { userId: string } }) => {
    const key = `${ctx.identity.userId}:${a}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return a + b;
  };
  parley.handle('calc.add', handler).handle('calc.charge', handler);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  stop = async () => {
    await parley.close({ timeoutMs: 200 });
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return { port: (http.address() as AddressInfo).port, path: parley.path, runs };
}

interface Outcome {
  user: string;
  index: number;
  idempotent: boolean;
  expected: number;
  settled: number;
  value?: number;
  error?: ParleyError;
}

describe('calls under random connection cuts', () => {
  it('1,000 calls settle exactly once; no handler runs twice for a request', { timeout: 60_000 }, async () => {
    const server = await countingServer();
    proxy = await startFlakyProxy(server.port, { seed: 0xfeed, minBytes: 1_500, maxBytes: 12_000, maxCuts: 300 });
    const random = seeded(0xca11);
    const outcomes: Outcome[] = [];
    const runClient = async (k: number): Promise<void> => {
      const user = `u${k}`;
      const c = client({ url: `ws://127.0.0.1:${proxy!.port}${server.path}`, contract, auth: () => user, reconnect: { baseMs: 5, maxMs: 50 }, callTimeoutMs: 50_000, queue: { maxCount: 1000 } });
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < CALLS_PER_CLIENT) {
          const index = next++;
          const idempotent = random() < 0.7;
          const params = { a: index, b: k, delayMs: Math.floor(random() * 25) };
          const outcome: Outcome = { user, index, idempotent, expected: index + k, settled: 0 };
          outcomes.push(outcome);
          try {
            outcome.value = await c.call(idempotent ? 'calc.add' : 'calc.charge', params);
          } catch (error) {
            outcome.error = error as ParleyError;
          }
          outcome.settled += 1;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, k) => runClient(k)));
    await new Promise((resolve) => setTimeout(resolve, 50)); // a late duplicate run would show up here

    expect(outcomes).toHaveLength(CLIENTS * CALLS_PER_CLIENT);
    expect(outcomes.filter((o) => o.settled !== 1)).toEqual([]);
    const idempotent = outcomes.filter((o) => o.idempotent);
    expect(idempotent.filter((o) => o.error !== undefined || o.value !== o.expected)).toEqual([]);
    const others = outcomes.filter((o) => !o.idempotent);
    expect(others.filter((o) => o.error !== undefined && o.error.code !== ErrorCode.OutcomeUnknown)).toEqual([]);
    expect(others.filter((o) => o.error === undefined && o.value !== o.expected)).toEqual([]);
    // The server's side: exactly one run per call that resolved, at most one per OutcomeUnknown.
    const runsOf = (o: Outcome): number => server.runs.get(`${o.user}:${o.index}`) ?? 0;
    expect(outcomes.filter((o) => (o.error === undefined ? runsOf(o) !== 1 : runsOf(o) > 1))).toEqual([]);
    const total = [...server.runs.values()].reduce((sum, n) => sum + n, 0);
    const unknown = others.filter((o) => o.error !== undefined).length;
    expect(proxy.cuts).toBeGreaterThanOrEqual(10);
    console.log(`[calls under cuts] cuts=${proxy.cuts} accepted=${proxy.accepted} runs=${total} outcomeUnknown=${unknown}`);
  });
});
