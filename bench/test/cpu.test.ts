// CPU per operation: the load generator's phase marks (server readings through the probe) and
// the per-operation metrics. The load generator's own readings are real, so only their sign is checked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuMetricSpecs, perOpMetrics } from '../src/cpu.js';
import { CpuMeter, meterWindow } from '../src/scenarios/cpu-meter.js';
import type { LoadgenContext, ServerProbe } from '../src/scenarios/types.js';

/** A context whose server has used 1,000 µs more CPU at each probe. */
function fakeContext(): { ctx: LoadgenContext; probes: () => number } {
  let probes = 0;
  const probe = (): Promise<ServerProbe> => {
    probes++;
    return Promise.resolve({ rss: 0, heapUsed: 0, external: 0, connections: 0, cpuUs: probes * 1000 });
  };
  return { ctx: { probe } as unknown as LoadgenContext, probes: () => probes };
}

describe('CpuMeter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds up the segments, one server reading at each end', async () => {
    const { ctx, probes } = fakeContext();
    const meter = new CpuMeter(ctx);
    await meter.startQuiet();
    meter.stop(10);
    meter.start();
    meter.stop(30);
    const total = await meter.total();
    expect(probes()).toBe(4);
    expect(total.ops).toBe(40);
    expect(total.serverUs).toBe(2000);
    expect(total.loadgenUs).toBeGreaterThanOrEqual(0);
    expect(() => meter.stop(1)).toThrow(/without start/);
  });

  it('meters a timed window by how much the count grew, and finish ends it early', async () => {
    vi.useFakeTimers();
    const { ctx } = fakeContext();
    const meter = new CpuMeter(ctx);
    let count = 5;
    const finish = meterWindow(meter, () => count, 100, 1100);
    vi.advanceTimersByTime(100);
    expect(meter.running).toBe(true);
    count = 25;
    finish();
    expect(meter.running).toBe(false);
    vi.advanceTimersByTime(2000);
    expect((await meter.total()).ops).toBe(20);
  });
});

describe('per-operation metrics', () => {
  it('divides by the operations, and gives NaN for none', () => {
    expect(perOpMetrics({ ops: 4, serverUs: 10, loadgenUs: 6 })).toEqual({ serverUsPerOp: 2.5, loadgenUsPerOp: 1.5 });
    expect(Number.isNaN(perOpMetrics({ ops: 0, serverUs: 10, loadgenUs: 6 }).serverUsPerOp)).toBe(true);
    expect(cpuMetricSpecs('call').map((m) => m.label)).toEqual(['server CPU/call', 'load generator CPU/call']);
  });
});
