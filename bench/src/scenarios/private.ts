/**
 * Private messages: P pairs of clients play ping-pong by id (A sends to B, B answers A, A sends
 * the next) for a warm-up and a measured window; messages per second and p50/p99 latency.
 * After the window every pair must have received everything it was sent.
 * CPU per message: each process's CPU over the measured window ÷ the messages delivered in it.
 */
import type { BenchClient, ClientEvents } from '../contender.js';
import { percentiles } from '../stats.js';
import { closeClients, message, openClients } from './clients.js';
import { CpuMeter, meterWindow } from './cpu-meter.js';
import { LossError, type LoadgenContext, type Scenario } from './types.js';
import { waitUntil } from './wait.js';

const DRAIN_MS = 15_000;

/** Message counts and latencies shared by every pair. */
class PingPong {
  sent = 0;
  received = 0;
  measured = 0;
  readonly latencies: number[] = [];
  clients: BenchClient[] = [];

  constructor(
    private readonly ctx: LoadgenContext,
    private readonly window: { start: number; end: number },
  ) {}

  send(fromIndex: number, toIndex: number, seq: number): void {
    const from = this.clients[fromIndex] as BenchClient;
    this.sent++;
    from.sendPrivate((this.clients[toIndex] as BenchClient).id, message(this.ctx, from.id, seq));
  }

  events(i: number): ClientEvents {
    const peer = i % 2 === 0 ? i + 1 : i - 1;
    let expect = 1;
    return {
      onPrivate: (m) => {
        const at = performance.now();
        this.received++;
        if (m.seq !== expect || m.from !== this.clients[peer]?.id) {
          this.ctx.fail(new LossError(`client ${i}: got seq ${m.seq} from ${m.from}, expected ${expect} from c${peer}`));
          return;
        }
        if (m.sentAt >= this.window.start && at <= this.window.end) {
          this.measured++;
          this.latencies.push(at - m.sentAt);
        }
        // B (odd) always answers; A (even) sends the next one until the window ends.
        if (i % 2 === 1) {
          expect++;
          this.send(i, peer, m.seq);
        } else if (at < this.window.end) {
          expect++;
          this.send(i, peer, m.seq + 1);
        }
      },
      onBroadcast: () => this.ctx.fail(new Error('unexpected broadcast')),
      onError: (e) => this.ctx.fail(e),
    };
  }
}

export const privateMessages: Scenario = {
  name: 'private',
  operation: 'message',
  title: (c) => `Private messages: ${c.private.pairs} pairs in ping-pong for ${c.private.durationMs / 1000} s`,
  metrics: () => [
    { key: 'messagesPerSec', label: 'messages/s', unit: '/s', better: 'higher', headline: true },
    { key: 'p50Ms', label: 'p50', unit: 'ms', better: 'lower' },
    { key: 'p99Ms', label: 'p99', unit: 'ms', better: 'lower' },
  ],
  async run(ctx) {
    const { pairs, warmupMs, durationMs } = ctx.config.private;
    const window = { start: 0, end: Number.POSITIVE_INFINITY };
    const game = new PingPong(ctx, window);
    game.clients = await openClients(ctx, { count: pairs * 2, join: false, events: (i) => game.events(i) });
    window.start = performance.now() + warmupMs;
    window.end = window.start + durationMs;
    const meter = new CpuMeter(ctx);
    const finish = meterWindow(meter, () => game.received, warmupMs, warmupMs + durationMs);
    for (let p = 0; p < pairs; p++) game.send(2 * p, 2 * p + 1, 1);
    try {
      await waitUntil(ctx, () => performance.now() >= window.end, warmupMs + durationMs + 1000, 20);
    } finally {
      finish();
    }
    if (!(await waitUntil(ctx, () => game.received === game.sent, DRAIN_MS))) {
      throw new LossError(`${game.sent - game.received} of ${game.sent} private messages never arrived`);
    }
    closeClients(game.clients);
    const [p50Ms, p99Ms] = percentiles(game.latencies, [50, 99]) as [number, number];
    return { metrics: { messagesPerSec: (game.measured * 1000) / durationMs, p50Ms, p99Ms }, phase: await meter.total() };
  },
};
