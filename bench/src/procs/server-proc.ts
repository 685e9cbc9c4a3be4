/**
 * Child process: runs one contender's server on loopback and answers the orchestrator's probes
 * (CPU time so far, memory after a full GC — run with --expose-gc — and the connection count).
 * Exits on `stop` or when the orchestrator goes away.
 */
import { setImmediate as tick } from 'node:timers/promises';
import type { BenchServer } from '../contender.js';
import { cpuUs } from '../cpu.js';
import { cpuMs, describeError, sendToParent, type ServerStart, type ToServer } from '../ipc.js';
import type { ServerProbe } from '../scenarios/types.js';
import { loadContender } from './load-contender.js';

const STOP_TIMEOUT_MS = 5000;

async function probe(server: BenchServer, gc: boolean, cpuUs: number): Promise<ServerProbe> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect !== undefined) {
    for (let i = 0; i < 4; i++) {
      collect();
      await tick();
    }
  }
  const mem = process.memoryUsage();
  return { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, connections: server.connectionCount(), cpuUs };
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as ServerStart;
  process.on('disconnect', () => process.exit(1));
  const loaded = await loadContender(start.spec.module);
  if (!loaded.ok) {
    await sendToParent({ type: 'unavailable', reason: loaded.reason });
    process.exit(0);
  }
  let server: BenchServer;
  try {
    server = await loaded.module.startServer({ host: start.host, port: 0, options: start.spec.options });
  } catch (error) {
    await sendToParent({ type: 'unavailable', reason: `server failed to start: ${describeError(error)}` });
    process.exit(0);
  }
  process.on('message', (raw) => {
    const message = raw as ToServer;
    if (message.type === 'probe') {
      // CPU first: the load generator marks its measured phases with these readings.
      void probe(server, message.gc, cpuUs()).then((p) => sendToParent({ type: 'probe', id: message.id, probe: p }));
    } else if (message.type === 'stop') {
      // CPU time up to the end of the scenario, as the load generator counts its own: the close
      // that follows (a graceful drain for some contenders) is not part of what was measured.
      const cpu = cpuMs();
      setTimeout(() => process.exit(0), STOP_TIMEOUT_MS).unref();
      void sendToParent({ type: 'stopping', cpuMs: cpu })
        .then(() => server.close())
        .finally(() => process.exit(0));
    }
  });
  await sendToParent({ type: 'ready', url: server.url });
}

main().catch(async (error: unknown) => {
  await sendToParent({ type: 'error', message: describeError(error) });
  process.exit(1);
});
