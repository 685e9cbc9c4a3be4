/**
 * Fault injection: five clients behind a proxy that cuts their connections at random (seeded)
 * points while the server publishes 10,000 sequenced messages to a topic and to the clients'
 * private streams. Afterwards each client must have handed its handlers every message published
 * after it subscribed exactly once, in order, with no gap, except where it was told
 * `recovered: false`, and then the missing seqs must be exactly the window that signal names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAdapter } from '@parley/server';
import type { ParleyClient, RecoveryInfo } from '../../src/index.js';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll, type Contract } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import { seeded } from '../helpers/random.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';

const CLIENTS = 5;
const TOTAL = 10_000;
const BURST = 50;

let proxy: FlakyProxy | undefined;
afterEach(async () => {
  await closeClients();
  await proxy?.close();
  proxy = undefined;
  await stopAll();
});

type Entry = { kind: 'message'; stream: string; epoch: string; seq: number } | { kind: 'signal'; info: RecoveryInfo };
interface Position {
  epoch: string;
  seq: number;
}

/** Walks one stream's log: contiguous seqs from `start` to `end`, broken only by signals naming exactly the missing window. */
function check(entries: Entry[], stream: string, start: Position, end: Position): { problems: string[]; missed: number; signals: RecoveryInfo[] } {
  const problems: string[] = [];
  const signals: RecoveryInfo[] = [];
  let last = start.seq;
  let missed = 0;
  for (const entry of entries) {
    if (entry.kind === 'message' && entry.stream === stream) {
      if (entry.epoch !== start.epoch || entry.seq !== last + 1) problems.push(`${stream}: got ${entry.epoch}/${entry.seq} after ${last}`);
      last = entry.seq;
    } else if (entry.kind === 'signal' && entry.info.stream === stream) {
      const { info } = entry;
      signals.push(info);
      if (info.to?.epoch !== start.epoch) problems.push(`${stream}: signal to another epoch ${JSON.stringify(info)}`);
      if (info.recovered) {
        if (info.to?.seq !== last) problems.push(`${stream}: recovered up to ${info.to?.seq} but processed ${last}`);
        continue;
      }
      if (info.from?.epoch !== start.epoch || info.from.seq !== last) problems.push(`${stream}: signal from ${JSON.stringify(info.from)} after ${last}`);
      if ((info.to?.seq ?? 0) <= last) problems.push(`${stream}: empty window ${JSON.stringify(info)}`);
      missed += (info.to?.seq ?? last) - last;
      last = info.to?.seq ?? last;
    }
  }
  if (last !== end.seq) problems.push(`${stream}: ended at ${last}, published ${end.seq}`);
  return { problems, missed, signals };
}

/** The position a client is at on a stream, from what it processed or was told. */
function reached(entries: Entry[], stream: string): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.kind === 'message' && entry.stream === stream) return entry.seq;
    if (entry.kind === 'signal' && entry.info.stream === stream && entry.info.to) return entry.info.to.seq;
  }
  return 0;
}

async function run(options: { historySize: number; seed: number; outage: boolean }) {
  const server = await startServer({
    adapter: new MemoryAdapter({ historySize: options.historySize, historyTtlMs: 600_000, historyMaxBytes: 64 * 1024 * 1024 }),
    maxBufferedBytes: 8 * 1024 * 1024,
    rateLimit: false, // this test is about delivery, not flood protection
  });
  proxy = await startFlakyProxy(server.port, { seed: options.seed, minBytes: 4_000, maxBytes: 120_000, maxCuts: 500 });
  proxy.flapping(false);
  const url = `ws://127.0.0.1:${proxy.port}${server.parley.path}`;
  const logs: Entry[][] = [];
  const clients: ParleyClient<Contract>[] = [];
  const starts: { topic: Position; user: Position }[] = [];
  for (let k = 0; k < CLIENTS; k++) {
    const log: Entry[] = [];
    const c = client({ url, contract, auth: () => `u${k}`, reconnect: { baseMs: 5, maxMs: 50 }, callTimeoutMs: 60_000 });
    c.on('fixture.note', (_note, meta) => log.push({ kind: 'message', stream: meta.stream, epoch: meta.epoch, seq: meta.seq }));
    c.onRecovery((info) => log.push({ kind: 'signal', info }));
    const sub = await c.subscribe('flood');
    const user = c.session!.streams.find((s) => s.stream === `user:u${k}`)!;
    starts.push({ topic: { epoch: sub.epoch, seq: sub.seq }, user: { epoch: user.epoch, seq: user.seq } });
    logs.push(log);
    clients.push(c);
  }

  proxy.flapping(true);
  const random = seeded(options.seed ^ 0x5eed);
  let topicEnd: Position = starts[0]!.topic;
  const userEnds: Position[] = starts.map((s) => s.user);
  const publish = async (): Promise<void> => {
    if (random() < 0.5) {
      topicEnd = await server.parley.broadcast('flood', 'fixture.note', { text: 'topic' });
    } else {
      const k = Math.floor(random() * CLIENTS);
      userEnds[k] = await server.parley.sendToUser(`u${k}`, 'fixture.note', { text: `to u${k}` });
    }
  };
  for (let i = 0; i < TOTAL; i++) {
    if (options.outage && i === TOTAL / 2) {
      // An outage longer than the log: everyone misses more than the window holds.
      proxy.pause();
      proxy.cutAll();
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (let j = 0; j < 10 * options.historySize; j++, i++) await publish();
      proxy.resume();
    }
    await publish();
    if (i % BURST === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  proxy.flapping(false);
  await waitUntil(
    () => logs.every((log, k) => reached(log, 'topic:flood') === topicEnd.seq && reached(log, `user:u${k}`) === userEnds[k]!.seq),
    45_000,
    'every client to catch up',
  );
  return logs.map((log, k) => {
    const topic = check(log, 'topic:flood', starts[k]!.topic, topicEnd);
    const user = check(log, `user:u${k}`, starts[k]!.user, userEnds[k]!);
    const messages = log.filter((e) => e.kind === 'message').length;
    return { problems: [...topic.problems, ...user.problems], missed: topic.missed + user.missed, signals: [...topic.signals, ...user.signals], messages };
  });
}

describe('delivery under random connection cuts', () => {
  it('a log window large enough: every message exactly once, in order, no gap, no recovered:false', { timeout: 60_000 }, async () => {
    const results = await run({ historySize: 20_000, seed: 0xc0ffee, outage: false });
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results.flatMap((r) => r.signals.filter((s) => !s.recovered))).toEqual([]);
    expect(results.every((r) => r.missed === 0)).toBe(true);
    // The proxy really cut connections, and resumes replayed what they missed.
    expect(proxy!.cuts).toBeGreaterThanOrEqual(10);
    expect(results.flatMap((r) => r.signals).filter((s) => s.recovered && (s.replayed ?? 0) > 0).length).toBeGreaterThan(0);
    console.log(`[fault-injection, large window] cuts=${proxy!.cuts} accepted=${proxy!.accepted} messages=${results.map((r) => r.messages).join(',')}`);
  });

  it('a tiny log window: what could not be replayed is signalled recovered:false with exactly the missing seqs', { timeout: 60_000 }, async () => {
    const results = await run({ historySize: 20, seed: 0xbadc0de, outage: true });
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const failures = results.flatMap((r) => r.signals.filter((s) => !s.recovered));
    expect(failures.length).toBeGreaterThanOrEqual(CLIENTS); // the outage alone gives every client one
    expect(new Set(failures.map((s) => s.reason))).toEqual(new Set(['window_exceeded']));
    expect(results.every((r) => r.missed > 0)).toBe(true);
    console.log(
      `[fault-injection, tiny window] cuts=${proxy!.cuts} accepted=${proxy!.accepted} missed=${results.map((r) => r.missed).join(',')} messages=${results.map((r) => r.messages).join(',')}`,
    );
  });
});
