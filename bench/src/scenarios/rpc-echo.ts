/**
 * RPC echo: N clients in a closed loop (each sends its next call when the previous reply
 * arrived) for a warm-up and then a measured window; calls per second and p50/p99 round trip.
 * Every reply must match its call; a call unanswered at the end is a loss.
 * CPU per call: each process's CPU over the measured window ÷ the replies received in it.
 */
import type { BenchClient } from '../contender.js';
import { percentiles } from '../stats.js';
import { closeClients, openClients, quietEvents } from './clients.js';
import { CpuMeter, meterWindow } from './cpu-meter.js';
import { LossError, type LoadgenContext, type Scenario } from './types.js';
import { withTimeout } from './wait.js';

const DRAIN_MS = 15_000;

/** Calls made inside the measured window and their round trips; every reply received. */
interface Tally {
  calls: number;
  readonly latencies: number[];
  replies: number;
}

async function loop(ctx: LoadgenContext, client: BenchClient, window: { start: number; end: number }, tally: Tally): Promise<void> {
  for (let seq = 1; performance.now() < window.end; seq++) {
    ctx.check();
    const sentAt = performance.now();
    const reply = await client.echo({ seq, payload: ctx.payload });
    const at = performance.now();
    tally.replies++;
    if (reply.seq !== seq || reply.payload !== ctx.payload) throw new LossError(`client ${client.id}: echo ${seq} came back as ${reply.seq}`);
    if (sentAt >= window.start && at <= window.end) {
      tally.calls++;
      tally.latencies.push(at - sentAt);
    }
  }
}

export const rpcEcho: Scenario = {
  name: 'rpc-echo',
  operation: 'call',
  title: (c) => `RPC echo: ${c.rpcEcho.clients} clients in closed loop for ${c.rpcEcho.durationMs / 1000} s`,
  metrics: () => [
    { key: 'callsPerSec', label: 'calls/s', unit: '/s', better: 'higher', headline: true },
    { key: 'p50Ms', label: 'p50', unit: 'ms', better: 'lower' },
    { key: 'p99Ms', label: 'p99', unit: 'ms', better: 'lower', headline: true },
  ],
  async run(ctx) {
    const { clients: n, warmupMs, durationMs } = ctx.config.rpcEcho;
    const clients = await openClients(ctx, { count: n, join: false, events: () => quietEvents(ctx) });
    const start = performance.now() + warmupMs;
    const window = { start, end: start + durationMs };
    const tally: Tally = { calls: 0, latencies: [], replies: 0 };
    const meter = new CpuMeter(ctx);
    const finish = meterWindow(meter, () => tally.replies, warmupMs, warmupMs + durationMs);
    try {
      await withTimeout(Promise.all(clients.map((c) => loop(ctx, c, window, tally))), warmupMs + durationMs + DRAIN_MS, 'echo replies');
    } finally {
      finish();
    }
    ctx.check();
    closeClients(clients);
    const [p50Ms, p99Ms] = percentiles(tally.latencies, [50, 99]) as [number, number];
    return { metrics: { callsPerSec: (tally.calls * 1000) / durationMs, p50Ms, p99Ms }, phase: await meter.total() };
  },
};
