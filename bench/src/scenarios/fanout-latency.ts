/**
 * Fan-out latency, the hashrocket websocket-shootout method: clients join in steps up to the
 * maximum; at each step a few sample clients broadcast at a steady rate and every delivery's
 * latency (send → receipt, same process clock) is recorded; report p95/p99 per step and the
 * largest step whose p95 stays under the threshold. Climbing stops at the first step over it.
 * Every client must receive every broadcast of every step.
 *
 * CPU per delivery: each process's CPU over the sampling of every step that ran (from just before
 * its first broadcast until its last delivery arrived; joining and settling excluded), ÷ the
 * deliveries of those steps (clients × broadcasts per step, summed). The steady rate leaves the
 * processes mostly idle, so this includes what N idle connections cost meanwhile (heartbeats, timers).
 */
import type { BenchClient, ClientEvents } from '../contender.js';
import type { BenchConfig } from '../config.js';
import { percentiles } from '../stats.js';
import { closeClients, message, openClients } from './clients.js';
import { CpuMeter } from './cpu-meter.js';
import { LossError, type LoadgenContext, type Scenario } from './types.js';
import { sleep, waitUntil } from './wait.js';

/** One step's figures. */
export interface LatencyStep {
  readonly clients: number;
  readonly broadcasts: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** The client counts of the steps. */
export function latencySteps(config: BenchConfig): number[] {
  const { stepSize, maxClients } = config.fanoutLatency;
  const steps: number[] = [];
  for (let n = stepSize; n < maxClients; n += stepSize) steps.push(n);
  steps.push(maxClients);
  return steps;
}

/** Per-step receive state, reset at each step. */
class Receipts {
  counts = new Int32Array(0);
  latencies: number[] = [];
  delivered = 0;

  reset(clients: number): void {
    this.counts = new Int32Array(clients);
    this.latencies = [];
    this.delivered = 0;
  }

  events(ctx: LoadgenContext, i: number): ClientEvents {
    return {
      onBroadcast: (m) => {
        this.latencies.push(performance.now() - m.sentAt);
        this.counts[i] = (this.counts[i] ?? 0) + 1;
        this.delivered++;
      },
      onPrivate: () => ctx.fail(new Error('unexpected private message')),
      onError: (e) => ctx.fail(e),
    };
  }
}

/** Broadcasts `total` messages at the configured rate from the sample clients. */
async function sendSteady(ctx: LoadgenContext, senders: BenchClient[], total: number, firstSeq: number): Promise<void> {
  const interval = 1000 / ctx.config.fanoutLatency.rate;
  const startedAt = performance.now();
  for (let k = 0; k < total; k++) {
    const wait = startedAt + k * interval - performance.now();
    if (wait > 0) await sleep(wait);
    ctx.check();
    const sender = senders[k % senders.length] as BenchClient;
    sender.broadcast(message(ctx, sender.id, firstSeq + k));
  }
}

export const fanoutLatency: Scenario = {
  name: 'fanout-latency',
  operation: 'delivery',
  title: (c) =>
    `Fan-out latency: steps of ${c.fanoutLatency.stepSize} up to ${c.fanoutLatency.maxClients} clients, ` +
    `${c.fanoutLatency.senders} senders at ${c.fanoutLatency.rate} broadcasts/s, p95 threshold ${c.fanoutLatency.thresholdMs} ms`,
  metrics: () => [
    { key: 'maxClients', label: 'largest step with p95 under threshold', unit: 'clients', better: 'higher', headline: true },
    { key: 'p95Ms', label: 'p95 at that step (first step if none)', unit: 'ms', better: 'lower' },
    { key: 'p99Ms', label: 'p99 at that step (first step if none)', unit: 'ms', better: 'lower' },
  ],
  async run(ctx) {
    const c = ctx.config.fanoutLatency;
    const total = Math.max(1, Math.round((c.rate * c.stepMs) / 1000));
    const receipts = new Receipts();
    const clients: BenchClient[] = [];
    const steps: LatencyStep[] = [];
    const meter = new CpuMeter(ctx);
    let seq = 1;
    for (const target of latencySteps(ctx.config)) {
      const more = await openClients(ctx, { count: target - clients.length, from: clients.length, join: true, events: (i) => receipts.events(ctx, i) });
      clients.push(...more);
      await sleep(c.settleMs);
      receipts.reset(clients.length);
      await meter.startQuiet();
      await sendSteady(ctx, clients.slice(0, Math.min(c.senders, clients.length)), total, seq);
      seq += total;
      const expected = total * clients.length;
      const arrived = await waitUntil(ctx, () => receipts.delivered >= expected, c.drainMs);
      meter.stop(receipts.delivered);
      const short = receipts.counts.filter((n) => n !== total).length;
      if (!arrived || short > 0) {
        throw new LossError(`step ${target}: ${short} clients did not get exactly ${total} broadcasts (${receipts.delivered}/${expected} deliveries)`);
      }
      const [p50Ms, p95Ms, p99Ms] = percentiles(receipts.latencies, [50, 95, 99]) as [number, number, number];
      steps.push({ clients: target, broadcasts: total, p50Ms, p95Ms, p99Ms });
      if (p95Ms >= c.thresholdMs) break;
    }
    closeClients(clients);
    const under = steps.filter((s) => s.p95Ms < c.thresholdMs);
    const first = steps[0];
    if (first === undefined) throw new Error('no step ran');
    const best = under.at(-1) ?? first;
    return {
      metrics: { maxClients: under.length > 0 ? best.clients : 0, p95Ms: best.p95Ms, p99Ms: best.p99Ms },
      phase: await meter.total(),
      detail: { steps },
    };
  },
};
