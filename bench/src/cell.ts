/**
 * One cell: a fresh server process and a fresh load-generator process for one contender and
 * one scenario; relays the load generator's probes to the server (they carry the server's CPU
 * readings that mark the measured phase); always ends both.
 */
import { join } from 'node:path';
import { Child } from './child.js';
import type { BenchConfig } from './config.js';
import type { ContenderSpec } from './contender.js';
import { perOpMetrics, type PhaseCpu } from './cpu.js';
import { describeError, type FromLoadgen, type FromServer, type LoadgenStart, type ServerStart, type ToLoadgen, type ToServer } from './ipc.js';
import type { Scenario } from './scenarios/types.js';

const START_TIMEOUT_MS = 30_000;
/** Extra node flags for the server process, e.g. `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof"`. */
const SERVER_NODE_ARGS = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
/** The same for the load generator (`BENCH_LOADGEN_NODE_ARGS`): the client side of a scenario is part of what it measures. */
const LOADGEN_NODE_ARGS = (process.env['BENCH_LOADGEN_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
const STOP_GRACE_MS = 5000;

/**
 * CPU time each process used over the whole cell (process start, connecting and warm-up
 * included): shows which side was busy, but is no cost per operation (that is {@link PhaseCpu}).
 */
export interface WholeCellCpu {
  readonly serverMs: number;
  readonly loadgenMs: number;
}

/** How one cell ended. `metrics` include the per-operation CPU figures of `phase`. */
export type CellOutcome =
  | {
      readonly status: 'ok';
      readonly metrics: Record<string, number>;
      readonly detail?: unknown;
      readonly phase: PhaseCpu;
      readonly wholeCellCpu: WholeCellCpu;
    }
  | { readonly status: 'error' | 'unavailable'; readonly error: string };

/** Runs one contender through one scenario in two child processes on loopback. */
export async function runCell(buildDir: string, spec: ContenderSpec, scenario: Scenario, config: BenchConfig): Promise<CellOutcome> {
  const serverStart: ServerStart = { spec, host: '127.0.0.1' };
  const server = new Child<ToServer, FromServer>(join(buildDir, 'server-proc.mjs'), ['--expose-gc', ...SERVER_NODE_ARGS], serverStart);
  let loadgen: Child<ToLoadgen, FromLoadgen> | undefined;
  try {
    const ready = await server.next(['ready', 'unavailable', 'error'], START_TIMEOUT_MS, 'server start');
    if (ready.type === 'unavailable') return { status: 'unavailable', error: ready.reason };
    if (ready.type === 'error') return { status: 'error', error: `server: ${ready.message}` };

    const start: LoadgenStart = { spec, url: ready.url, scenario: scenario.name, config };
    const gen = new Child<ToLoadgen, FromLoadgen>(join(buildDir, 'loadgen-proc.mjs'), LOADGEN_NODE_ARGS, start);
    loadgen = gen;
    gen.onMessage((m) => {
      if (m.type === 'probe') server.send({ type: 'probe', id: m.id, gc: m.gc });
    });
    server.onMessage((m) => {
      if (m.type === 'probe') gen.send({ type: 'probe', id: m.id, probe: m.probe });
    });
    const serverCpu = server.next(['stopping'], config.cellTimeoutMs + STOP_GRACE_MS, 'server stop').then(
      (m) => m.cpuMs,
      () => Number.NaN,
    );
    const serverDied = server.exited.then((code): never => {
      throw new Error(`server exited with code ${code} during the scenario${server.tail()}`);
    });
    const end = await Promise.race([gen.next(['result', 'error', 'unavailable'], config.cellTimeoutMs, 'load generator'), serverDied]);
    if (end.type === 'result') {
      await server.stop({ type: 'stop' }, STOP_GRACE_MS);
      const { metrics, phase, detail } = end.outcome;
      const wholeCellCpu = { serverMs: await serverCpu, loadgenMs: end.cpuMs };
      return { status: 'ok', metrics: { ...metrics, ...perOpMetrics(phase) }, detail, phase, wholeCellCpu };
    }
    if (end.type === 'unavailable') return { status: 'unavailable', error: end.reason };
    return { status: 'error', error: end.message };
  } catch (error) {
    return { status: 'error', error: describeError(error) };
  } finally {
    await Promise.all([loadgen?.stop(undefined, STOP_GRACE_MS), server.stop({ type: 'stop' }, STOP_GRACE_MS)]);
  }
}
