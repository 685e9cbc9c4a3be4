/**
 * Connection setup rate: open N connections with a fixed number of handshakes in flight
 * (each counted once its protocol handshake completed: WebSocket open, Socket.IO connect,
 * Parley hello/welcome); handshakes per second. The server must count exactly N connections.
 * CPU per handshake: each process's CPU from just before the first of the N handshakes until
 * the last completed (the warm-up round before is excluded) ÷ N.
 */
import { closeClients, openClients, quietEvents } from './clients.js';
import { CpuMeter } from './cpu-meter.js';
import type { Scenario } from './types.js';
import { waitForServerConnections } from './wait.js';

const SETTLE_MS = 30_000;

export const connectRate: Scenario = {
  name: 'connect-rate',
  operation: 'handshake',
  title: (c) => `Connection setup: ${c.connectRate.connections} handshakes, ${c.connectRate.concurrency} in flight`,
  metrics: () => [{ key: 'handshakesPerSec', label: 'handshakes/s', unit: '/s', better: 'higher', headline: true }],
  async run(ctx) {
    const { connections, concurrency } = ctx.config.connectRate;
    const warm = await openClients(ctx, { count: concurrency, join: false, concurrency, events: () => quietEvents(ctx) });
    closeClients(warm);
    await waitForServerConnections(ctx, 0, SETTLE_MS);
    const meter = new CpuMeter(ctx);
    await meter.startQuiet();
    const startedAt = performance.now();
    const clients = await openClients(ctx, { count: connections, from: concurrency, join: false, concurrency, events: () => quietEvents(ctx) });
    const elapsed = performance.now() - startedAt;
    meter.stop(connections);
    await waitForServerConnections(ctx, connections, SETTLE_MS);
    closeClients(clients);
    return { metrics: { handshakesPerSec: (connections * 1000) / elapsed }, phase: await meter.total() };
  },
};
