/**
 * Fan-out burst: N clients join the room, one of them broadcasts B messages back to back;
 * deliveries per second = N·B / (time from the first send until the last client has all B).
 * Every client must get every message exactly once, in order. A warm-up burst of B/10 runs first.
 * CPU per delivery: each process's CPU from just before the measured burst's first send until
 * the last client has it all, ÷ N·B.
 */
import type { BenchClient } from '../contender.js';
import { closeClients, message, openClients } from './clients.js';
import { CpuMeter } from './cpu-meter.js';
import { LossError, type LoadgenContext, type Scenario } from './types.js';
import { waitUntil } from './wait.js';

/** One burst: seqs `first` .. `first + size - 1`, how many each client has, when the last completed. */
interface Burst {
  readonly first: number;
  readonly size: number;
  readonly counts: Int32Array;
  complete: number;
  finishedAt: number;
  /** Called the moment the last client has the whole burst. */
  readonly onComplete: () => void;
}

const newBurst = (first: number, size: number, clients: number, onComplete: () => void = () => undefined): Burst => ({
  first,
  size,
  counts: new Int32Array(clients),
  complete: 0,
  finishedAt: 0,
  onComplete,
});

/** Sends the burst from client 0 and waits for every client to have all of it; returns the duration. */
async function runBurst(ctx: LoadgenContext, clients: BenchClient[], burst: Burst): Promise<number> {
  const { timeoutMs } = ctx.config.fanoutBurst;
  const sender = clients[0] as BenchClient;
  const startedAt = performance.now();
  for (let seq = burst.first; seq < burst.first + burst.size; seq++) sender.broadcast(message(ctx, sender.id, seq));
  if (!(await waitUntil(ctx, () => burst.complete === clients.length, timeoutMs))) {
    const short = burst.counts.filter((c) => c < burst.size).length;
    throw new LossError(`${short} of ${clients.length} clients did not get all ${burst.size} broadcasts within ${timeoutMs} ms`);
  }
  return burst.finishedAt - startedAt;
}

export const fanoutBurst: Scenario = {
  name: 'fanout-burst',
  operation: 'delivery',
  title: (c) => `Fan-out burst: ${c.fanoutBurst.clients} clients, one sender, ${c.fanoutBurst.broadcasts} broadcasts`,
  metrics: () => [
    { key: 'deliveriesPerSec', label: 'deliveries/s', unit: '/s', better: 'higher', headline: true },
    { key: 'durationMs', label: 'time to last delivery', unit: 'ms', better: 'lower' },
  ],
  async run(ctx) {
    const { clients: n, broadcasts } = ctx.config.fanoutBurst;
    const warmup = Math.max(1, Math.ceil(broadcasts / 10));
    let burst = newBurst(1, warmup, n);
    const clients = await openClients(ctx, {
      count: n,
      join: true,
      events: (i) => ({
        onBroadcast(m) {
          const have = burst.counts[i] as number;
          if (m.seq !== burst.first + have) {
            ctx.fail(new LossError(`client ${i} got seq ${m.seq}, expected ${burst.first + have} (lost, duplicated or reordered)`));
            return;
          }
          burst.counts[i] = have + 1;
          if (have + 1 === burst.size && ++burst.complete === n) {
            burst.finishedAt = performance.now();
            burst.onComplete();
          }
        },
        onPrivate: () => ctx.fail(new Error('unexpected private message')),
        onError: (e) => ctx.fail(e),
      }),
    });
    await runBurst(ctx, clients, burst);
    const meter = new CpuMeter(ctx);
    burst = newBurst(1 + warmup, broadcasts, n, () => meter.stop(n * broadcasts));
    await meter.startQuiet();
    const durationMs = await runBurst(ctx, clients, burst);
    closeClients(clients);
    return { metrics: { deliveriesPerSec: (n * broadcasts * 1000) / durationMs, durationMs }, phase: await meter.total() };
  },
};
