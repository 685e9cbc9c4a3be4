/**
 * Marking a scenario's measured phase in the load generator: at each mark the load generator
 * reads its own CPU time and asks the server process for its reading (a probe through the
 * orchestrator, so two probes per phase segment and none in between). A phase may have several
 * segments (one per latency step, one per idle-memory size): their CPU and operations add up.
 */
import { cpuUs, type PhaseCpu } from '../cpu.js';
import type { LoadgenContext } from './types.js';

interface Mark {
  readonly loadgenUs: number;
  readonly serverUs: Promise<number>;
}

interface Segment {
  readonly start: Mark;
  readonly end: Mark;
  readonly ops: number;
}

/** Sums the CPU of both processes over the measured segments of one scenario run. */
export class CpuMeter {
  readonly #ctx: LoadgenContext;
  readonly #segments: Segment[] = [];
  #open: Mark | undefined;

  /** @param ctx - the load generator's context (its probe reaches the server process) */
  constructor(ctx: LoadgenContext) {
    this.#ctx = ctx;
  }

  /** Whether a segment is running. */
  get running(): boolean {
    return this.#open !== undefined;
  }

  /**
   * Starts a segment in the middle of traffic: the load generator's reading now, the server's
   * when its process handles the request (about one IPC hop later, as at {@link stop}).
   */
  start(): void {
    this.#begin({ loadgenUs: cpuUs(), serverUs: this.#server() });
  }

  /**
   * Starts a segment before its traffic: waits for the server's reading, then takes the load
   * generator's, so the probe's round trip stays outside. Send the first operation after it resolves.
   */
  async startQuiet(): Promise<void> {
    const serverUs = await this.#server();
    this.#begin({ loadgenUs: cpuUs(), serverUs: Promise.resolve(serverUs) });
  }

  /** Ends the running segment now; `ops` operations completed in it. */
  stop(ops: number): void {
    const start = this.#open;
    if (start === undefined) throw new Error('CpuMeter.stop without start');
    this.#open = undefined;
    this.#segments.push({ start, end: { loadgenUs: cpuUs(), serverUs: this.#server() }, ops });
  }

  /** The sum over every ended segment (waits for the server's last readings). */
  async total(): Promise<PhaseCpu> {
    let ops = 0;
    let serverUs = 0;
    let loadgenUs = 0;
    for (const s of this.#segments) {
      ops += s.ops;
      loadgenUs += s.end.loadgenUs - s.start.loadgenUs;
      serverUs += (await s.end.serverUs) - (await s.start.serverUs);
    }
    return { ops, serverUs, loadgenUs };
  }

  #begin(mark: Mark): void {
    if (this.#open !== undefined) throw new Error('CpuMeter.start while a segment runs');
    this.#open = mark;
  }

  #server(): Promise<number> {
    return this.#ctx.probe(false).then((p) => p.cpuUs);
  }
}

/**
 * Meters a timed window in the middle of steady traffic: one segment from `startInMs` to
 * `endInMs` from now, whose operations are how much `count()` grew in between. Returns
 * `finish`, which clears the timers and ends the segment at once if its end has not come yet
 * (the traffic may stop first); call it, then {@link CpuMeter.total}.
 */
export function meterWindow(meter: CpuMeter, count: () => number, startInMs: number, endInMs: number): () => void {
  let atStart = 0;
  const stop = (): void => {
    if (meter.running) meter.stop(count() - atStart);
  };
  const timers = [
    setTimeout(() => {
      atStart = count();
      meter.start();
    }, startInMs),
    setTimeout(stop, endInMs),
  ];
  return () => {
    for (const timer of timers) clearTimeout(timer);
    stop();
  };
}
