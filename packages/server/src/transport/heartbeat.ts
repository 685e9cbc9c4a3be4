/**
 * The heartbeat: one shared interval timer pings every socket; one timeout per round terminates
 * the sockets that showed no life (a pong or any frame) since that round's ping.
 *
 * @module
 */
import type { Connection } from '../session/connection.js';
import type { Logger } from '../util/logger.js';
import { clockMs } from '../util/clock.js';

/**
 * Pings all sockets every `intervalMs`; `timeoutMs` after each round, terminates the silent ones
 * (no close handshake: a dead peer would never answer it). Timers are `unref`'d.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat(25_000, 20_000, () => sockets, logger);
 * heartbeat.start();
 * ```
 */
export class Heartbeat {
  private interval: NodeJS.Timeout | undefined;
  private readonly rounds = new Set<NodeJS.Timeout>();

  /**
   * @param intervalMs - time between rounds; `0` disables the heartbeat
   * @param timeoutMs - how long after a round's ping a socket must have shown life
   * @param sockets - every accepted socket, at the time of the call
   * @param logger - where terminations are logged
   */
  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly sockets: () => Iterable<Connection>,
    private readonly logger: Logger,
  ) {}

  /** Starts the rounds (idempotent). */
  start(): void {
    if (this.intervalMs <= 0 || this.interval) return;
    this.interval = setInterval(() => this.round(), this.intervalMs);
    this.interval.unref();
  }

  /** Stops the rounds and pending checks. */
  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    for (const timer of this.rounds) clearTimeout(timer);
    this.rounds.clear();
  }

  private round(): void {
    const startedAt = clockMs();
    for (const connection of this.sockets()) connection.ping();
    const timer = setTimeout(() => {
      this.rounds.delete(timer);
      this.check(startedAt);
    }, this.timeoutMs);
    timer.unref();
    this.rounds.add(timer);
  }

  private check(startedAt: number): void {
    for (const connection of [...this.sockets()]) {
      if (connection.lastSeen >= startedAt || connection.openedAt >= startedAt) continue;
      this.logger.debug({ connectionId: connection.connectionId }, 'parley: heartbeat timeout, terminating');
      connection.terminate();
    }
  }
}
