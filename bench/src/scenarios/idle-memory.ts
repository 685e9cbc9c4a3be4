/**
 * Idle memory per connection: for each size, measure the server after a full GC with no
 * clients, with `size` idle (handshaken) clients, and again after they all closed. Reports
 * heap and RSS per connection, and the heap left over per connection after closing (≈ 0 when
 * memory goes back to its baseline). The server must count exactly `size` connections.
 * CPU per connection: each process's CPU from the first handshake of a size until the end of its
 * idle settle time (the GCs of the memory probes excluded), summed over the sizes, ÷ the
 * connections opened: what opening a connection and holding it idle for the settle time costs.
 */
import type { BenchConfig } from '../config.js';
import { closeClients, openClients, quietEvents } from './clients.js';
import { CpuMeter } from './cpu-meter.js';
import { LossError, type LoadgenContext, type MetricSpec, type Scenario } from './types.js';
import { sleep, waitForServerConnections } from './wait.js';

const SETTLE_CLOSE_MS = 30_000;

async function measure(ctx: LoadgenContext, meter: CpuMeter, size: number, from: number): Promise<Record<string, number>> {
  const before = await ctx.probe(true);
  await meter.startQuiet();
  const clients = await openClients(ctx, { count: size, from, join: false, events: () => quietEvents(ctx) });
  await waitForServerConnections(ctx, size, SETTLE_CLOSE_MS);
  await sleep(ctx.config.idleMemory.settleMs);
  meter.stop(size);
  ctx.check();
  const loaded = await ctx.probe(true);
  // Nothing may drop while idle (a settle longer than the heartbeat interval proves the heartbeat keeps them).
  if (loaded.connections !== size) throw new LossError(`${size - loaded.connections} of ${size} idle connections were lost`);
  closeClients(clients);
  await waitForServerConnections(ctx, 0, SETTLE_CLOSE_MS);
  const after = await ctx.probe(true);
  return {
    [`heapPerConn_${size}`]: (loaded.heapUsed - before.heapUsed) / size,
    [`rssPerConn_${size}`]: (loaded.rss - before.rss) / size,
    [`heapLeftPerConn_${size}`]: (after.heapUsed - before.heapUsed) / size,
  };
}

export const idleMemory: Scenario = {
  name: 'idle-memory',
  operation: 'connection',
  title: (c) => `Idle memory per connection: ${c.idleMemory.sizes.join(' and ')} connections, server after GC`,
  metrics: (c: BenchConfig) =>
    c.idleMemory.sizes.flatMap((size, i): MetricSpec[] => [
      { key: `heapPerConn_${size}`, label: `heap/conn @${size}`, unit: 'B', better: 'lower', headline: i === c.idleMemory.sizes.length - 1 },
      { key: `rssPerConn_${size}`, label: `RSS/conn @${size}`, unit: 'B', better: 'lower' },
      { key: `heapLeftPerConn_${size}`, label: `heap left after close /conn @${size}`, unit: 'B', better: 'lower' },
    ]),
  async run(ctx) {
    // Warm-up: the first connections allocate lazily created pools and compile code.
    const warm = await openClients(ctx, { count: Math.min(100, ctx.config.idleMemory.sizes[0] ?? 100), join: false, events: () => quietEvents(ctx) });
    closeClients(warm);
    await waitForServerConnections(ctx, 0, SETTLE_CLOSE_MS);
    const metrics: Record<string, number> = {};
    const meter = new CpuMeter(ctx);
    let from = warm.length;
    for (const size of ctx.config.idleMemory.sizes) {
      Object.assign(metrics, await measure(ctx, meter, size, from));
      from += size;
    }
    return { metrics, phase: await meter.total() };
  },
};
