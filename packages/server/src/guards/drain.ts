/**
 * The graceful drain, as logic apart from sockets (the server supplies the connections and the
 * actions): stop accepting, tell every client to go away within a reconnect window, close the
 * connections in batches with 1012 after their own handlers finish, wait for the remaining
 * in-flight work, and resolve. Past `timeoutMs` whatever is left is terminated.
 *
 * Batches (Phoenix closes 10,000 every 2 s) spread the reconnect storm over the window instead of
 * sending every client to the other instances in the same millisecond.
 *
 * @module
 */
import { CloseCode } from '@parley/protocol';

/**
 * One connection as the drain sees it.
 *
 * @example
 * ```ts
 * const target: DrainConnection = {
 *   get closed() { return ws.readyState === ws.CLOSED },
 *   goaway: (reason, reconnectWindowMs) => send(goawayNotice(reason, reconnectWindowMs)),
 *   idle: () => conn.inFlight.idle(),
 *   close: (code, reason) => new Promise((resolve) => { ws.once('close', () => resolve()); ws.close(code, reason) }),
 *   terminate: () => ws.terminate(),
 * };
 * ```
 */
export interface DrainConnection {
  /** Whether the socket is already closed (skipped then). */
  readonly closed: boolean;
  /** Sends the `rpc.goaway` notice. */
  goaway(reason: string, reconnectWindowMs: number): void;
  /** Resolves when this connection's handlers have finished (optional). */
  idle?(): Promise<void>;
  /** Starts the close handshake; resolves once the socket is closed. */
  close(code: number, reason: string): Promise<void>;
  /** Destroys the socket at once. */
  terminate(): void;
}

/**
 * Timer functions (injectable for tests; default the global ones, looked up at call time so
 * `vi.useFakeTimers()` applies).
 *
 * @example
 * ```ts
 * const timers: DrainTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 * ```
 */
export interface DrainTimers {
  /** Schedules `fn` after `ms`; returns a handle. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle from `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/**
 * Drain options (`close({ ... })` on the server, `drain` in the server options for defaults).
 *
 * @example
 * ```ts
 * const options: DrainOptions = { timeoutMs: 20_000, batchSize: 500, batchIntervalMs: 1_000 };
 * ```
 */
export interface DrainOptions {
  /** Hard limit for the whole drain; then remaining sockets are terminated. Default 25,000 (under Kubernetes' 30 s grace). */
  readonly timeoutMs?: number;
  /** Connections closed per batch. Default 1,000. */
  readonly batchSize?: number;
  /** Pause between batches. Default 1,000 ms. */
  readonly batchIntervalMs?: number;
  /** The window sent in goaway. Default the time the batches take (at least 1 s), capped at `timeoutMs`. */
  readonly reconnectWindowMs?: number;
  /** The goaway and close reason. Default `'server shutting down'`. */
  readonly reason?: string;
}

/**
 * Everything the drain acts on.
 *
 * @example
 * ```ts
 * await drain({ connections: [...server.connections()], stopAccepting: () => (accepting = false), inFlight });
 * ```
 */
export interface DrainPlan extends DrainOptions {
  /** The connections to drain (read once, at the start). */
  readonly connections: Iterable<DrainConnection>;
  /** Stops accepting upgrades (refuse with 503) and new calls (answer ShuttingDown). */
  stopAccepting(): void;
  /** Work of the whole server (handlers, jobs) to wait for after the closes. */
  readonly inFlight?: { readonly count: number; idle(): Promise<void> };
  /** Timer functions. Default the global ones. */
  readonly timers?: DrainTimers;
}

/**
 * What the drain did.
 *
 * @example
 * ```ts
 * const report: DrainReport = { connections: 3, closed: 3, terminated: 0, abandonedWork: 0, timedOut: false };
 * ```
 */
export interface DrainReport {
  /** Connections open when the drain started. */
  readonly connections: number;
  /** Connections closed cleanly (by us or by the client after goaway). */
  readonly closed: number;
  /** Connections terminated at the deadline. */
  readonly terminated: number;
  /** In-flight work still running at the deadline. */
  readonly abandonedWork: number;
  /** Whether the deadline was reached. */
  readonly timedOut: boolean;
}

/**
 * Default {@link DrainOptions}.
 *
 * @example
 * ```ts
 * DEFAULT_DRAIN.batchSize; // 1000
 * ```
 */
export const DEFAULT_DRAIN = { timeoutMs: 25_000, batchSize: 1_000, batchIntervalMs: 1_000, reason: 'server shutting down' } as const;

const globalTimers: DrainTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // a socket that errored mid-drain must not stop the drain
  }
}

/**
 * Runs the drain. Never rejects; resolves with a {@link DrainReport}.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => {
 *   void drain({ connections, stopAccepting, inFlight }).then((report) => logger.info(report, 'drained'));
 * });
 * ```
 */
export async function drain(plan: DrainPlan): Promise<DrainReport> {
  const timers = plan.timers ?? globalTimers;
  const timeoutMs = plan.timeoutMs ?? DEFAULT_DRAIN.timeoutMs;
  const batchSize = Math.max(1, Math.floor(plan.batchSize ?? DEFAULT_DRAIN.batchSize));
  const interval = Math.max(0, plan.batchIntervalMs ?? DEFAULT_DRAIN.batchIntervalMs);
  const reason = plan.reason ?? DEFAULT_DRAIN.reason;

  attempt(() => plan.stopAccepting());
  const list = [...plan.connections].filter((c) => !c.closed);
  const batches = Math.ceil(list.length / batchSize);
  const window = plan.reconnectWindowMs ?? Math.min(timeoutMs, Math.max(1_000, batches * interval));

  let timedOut = false;
  let onDeadline!: () => void;
  const deadline = new Promise<void>((resolve) => (onDeadline = resolve));
  const deadlineTimer = timers.setTimeout(() => {
    timedOut = true;
    onDeadline();
  }, timeoutMs);
  const within = async (work: Promise<unknown>): Promise<void> => {
    await Promise.race([work.catch(() => undefined), deadline]);
  };
  const pause = async (ms: number): Promise<void> => {
    let handle: unknown;
    await within(new Promise<void>((resolve) => (handle = timers.setTimeout(resolve, ms))));
    timers.clearTimeout(handle);
  };

  for (const c of list) attempt(() => c.goaway(reason, window));
  const closing: Promise<void>[] = [];
  for (let b = 0; b < batches && !timedOut; b++) {
    if (b > 0) await pause(interval);
    const batch = list.slice(b * batchSize, (b + 1) * batchSize).filter((c) => !c.closed);
    await within(Promise.all(batch.map((c) => (c.idle ? c.idle() : Promise.resolve()))));
    if (timedOut) break;
    for (const c of batch) {
      if (c.closed) continue;
      try {
        closing.push(c.close(CloseCode.ServiceRestart, reason).catch(() => undefined));
      } catch {
        // counted below as not closed
      }
    }
  }
  await within(Promise.all(closing));
  if (plan.inFlight) await within(plan.inFlight.idle());

  let terminated = 0;
  for (const c of list) {
    if (!c.closed) {
      attempt(() => c.terminate());
      terminated++;
    }
  }
  timers.clearTimeout(deadlineTimer);
  const abandonedWork = timedOut ? (plan.inFlight?.count ?? 0) : 0;
  return { connections: list.length, closed: list.length - terminated, terminated, abandonedWork, timedOut };
}
