/**
 * Idle memory per connection: for each size, measure the server after a full GC with no
 * clients, with `size` idle (handshaken) clients, and again after they all closed. Reports
 * heap and RSS per connection, and the heap left over per connection after closing (≈ 0 when
 * memory goes back to its baseline). The server must count exactly `size` connections.
 */
import type { BenchConfig } from '../config.js';
import { closeClients, openClients, quietEvents } from './clients.js';
import { LossError, type LoadgenContext, type MetricSpec, type Scenario } from './types.js';
import { sleep, waitForServerConnections } from './wait.js';

const SETTLE_CLOSE_MS = 30_000;

async function measure(ctx: LoadgenContext, size: number, from: number): Promise<Record<string, number>> {
  const before = await ctx.probe(true);
  const clients = await openClients(ctx, { count: size, from, join: false, events: () => quietEvents(ctx) });
  await waitForServerConnections(ctx, size, SETTLE_CLOSE_MS);
  await sleep(ctx.config.idleMemory.settleMs);
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
    let from = warm.length;
    for (const size of ctx.config.idleMemory.sizes) {
      Object.assign(metrics, await measure(ctx, size, from));
      from += size;
    }
    return { metrics };
  },
};
