/**
 * Liveness: any inbound frame proves the connection alive; after `intervalMs` of silence the
 * client sends an `rpc.ping` request and waits `timeoutMs` for anything to arrive. Judged by the
 * wall clock (`Date.now()`), not by counting timer ticks, so throttled timers in a background tab
 * cause no false disconnect.
 *
 * @module
 */

/**
 * What the heartbeat needs.
 *
 * @example
 * ```ts
 * const options: HeartbeatOptions = { intervalMs: 25_000, timeoutMs: 20_000, ping: sendPing, dead: reconnect };
 * ```
 */
export interface HeartbeatOptions {
  /** Silence after which a ping goes out. */
  readonly intervalMs: number;
  /** Time a ping has to draw any inbound frame. */
  readonly timeoutMs: number;
  /** Sends one `rpc.ping` request. */
  readonly ping: () => void;
  /** The connection is dead: close it and reconnect. */
  readonly dead: () => void;
  /** The wall clock. */
  readonly now?: () => number;
}

/**
 * Watches one open connection.
 *
 * A check that runs much later than planned (a throttled or suspended tab, a sleeping laptop)
 * proves nothing about the server: frames may be waiting right behind the timer. It then sends a
 * fresh ping and judges only after `timeoutMs` more, so only silence measured while timers ran on
 * time counts against the connection.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat({ intervalMs: 25_000, timeoutMs: 20_000, ping: sendPing, dead: reconnect });
 * heartbeat.start();
 * socket.onmessage = () => heartbeat.touch();
 * ```
 */
export class Heartbeat {
  #lastInbound = 0;
  #pingAt: number | undefined;
  #dueAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #options: HeartbeatOptions;
  readonly #now: () => number;
  /** How late a check may run and still be trusted. */
  readonly #toleranceMs: number;

  /** @param options - timings and actions */
  constructor(options: HeartbeatOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#toleranceMs = Math.max(1000, options.timeoutMs / 2);
  }

  /** Starts watching (the connection just opened). */
  start(): void {
    this.#lastInbound = this.#now();
    this.#pingAt = undefined;
    this.#schedule(this.#options.intervalMs);
  }

  /** An inbound frame arrived. Cheap: no timer is touched. */
  touch(): void {
    this.#lastInbound = this.#now();
  }

  /** Stops watching. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    this.stop();
    this.#dueAt = this.#now() + delayMs;
    this.#timer = setTimeout(() => this.#check(), delayMs);
  }

  #ping(now: number): void {
    this.#pingAt = now;
    this.#options.ping();
    this.#schedule(this.#options.timeoutMs);
  }

  #check(): void {
    this.#timer = undefined;
    const now = this.#now();
    const { intervalMs, timeoutMs } = this.#options;
    if (this.#pingAt !== undefined && this.#lastInbound >= this.#pingAt) this.#pingAt = undefined;
    if (this.#pingAt === undefined) {
      const silentMs = now - this.#lastInbound;
      if (silentMs >= intervalMs) this.#ping(now);
      else this.#schedule(intervalMs - silentMs);
      return;
    }
    if (now - this.#dueAt > this.#toleranceMs) return this.#ping(now);
    if (now - this.#pingAt >= timeoutMs && now - this.#lastInbound >= intervalMs + timeoutMs) {
      this.#options.dead();
      return;
    }
    this.#schedule(Math.max(1, this.#pingAt + timeoutMs - now));
  }
}
