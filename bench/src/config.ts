/**
 * Scenario sizes: the defaults (the issue's), the `--tiny` preset `npm test` runs, and
 * `--set scenario.key=value` overrides.
 */

/** Every knob of a run. Times in milliseconds. */
export interface BenchConfig {
  rounds: number;
  /** Size of the filler in each message. */
  payloadBytes: number;
  /** Handshakes in flight while a scenario opens its clients. */
  connectConcurrency: number;
  /** Hard limit for one cell (one contender, one scenario, one round). */
  cellTimeoutMs: number;
  fanoutBurst: { clients: number; broadcasts: number; timeoutMs: number };
  fanoutLatency: {
    stepSize: number;
    maxClients: number;
    /** Sample clients that broadcast. */
    senders: number;
    /** Broadcasts per second, all senders together. */
    rate: number;
    stepMs: number;
    /** Pause after a step's new clients joined, before sampling (lets connection setup garbage settle). */
    settleMs: number;
    thresholdMs: number;
    /** How long to wait for late deliveries after a step's last broadcast. */
    drainMs: number;
  };
  rpcEcho: { clients: number; warmupMs: number; durationMs: number };
  private: { pairs: number; warmupMs: number; durationMs: number };
  idleMemory: { sizes: number[]; settleMs: number };
  connectRate: { connections: number; concurrency: number };
}

/** The sizes. */
export const DEFAULT_CONFIG: BenchConfig = {
  rounds: 3,
  payloadBytes: 64,
  connectConcurrency: 100,
  cellTimeoutMs: 300_000,
  fanoutBurst: { clients: 1000, broadcasts: 500, timeoutMs: 60_000 },
  fanoutLatency: { stepSize: 1000, maxClients: 10_000, senders: 4, rate: 10, stepMs: 2000, settleMs: 500, thresholdMs: 250, drainMs: 15_000 },
  rpcEcho: { clients: 50, warmupMs: 1000, durationMs: 5000 },
  private: { pairs: 1000, warmupMs: 1000, durationMs: 5000 },
  idleMemory: { sizes: [2000, 10_000], settleMs: 2000 },
  connectRate: { connections: 2000, concurrency: 50 },
};

/** A few clients, about a second per scenario, one round: proves the harness works. */
export const TINY_CONFIG: BenchConfig = {
  rounds: 1,
  payloadBytes: 16,
  connectConcurrency: 10,
  cellTimeoutMs: 30_000,
  fanoutBurst: { clients: 20, broadcasts: 10, timeoutMs: 10_000 },
  fanoutLatency: { stepSize: 10, maxClients: 20, senders: 2, rate: 20, stepMs: 300, settleMs: 0, thresholdMs: 250, drainMs: 5000 },
  rpcEcho: { clients: 4, warmupMs: 100, durationMs: 400 },
  private: { pairs: 5, warmupMs: 100, durationMs: 400 },
  idleMemory: { sizes: [30], settleMs: 100 },
  connectRate: { connections: 40, concurrency: 5 },
};

/** Deep copy, so overrides never touch the presets. */
export function cloneConfig(config: BenchConfig): BenchConfig {
  return structuredClone(config);
}

/**
 * Applies `path=value` (`rounds=5`, `fanoutBurst.clients=2000`, `idleMemory.sizes=2000,10000`):
 * only existing numeric (or number-list) keys; throws on anything else.
 */
export function applyOverride(config: BenchConfig, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq < 1) throw new Error(`--set expects key=value, got "${assignment}"`);
  const path = assignment.slice(0, eq).split('.');
  const raw = assignment.slice(eq + 1);
  const key = path.pop() as string;
  let target = config as unknown as Record<string, unknown>;
  for (const part of path) {
    const next = Object.hasOwn(target, part) ? target[part] : undefined;
    if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new Error(`--set: unknown key "${assignment}"`);
    target = next as Record<string, unknown>;
  }
  const current = Object.hasOwn(target, key) ? target[key] : undefined;
  const numbers = raw.split(',').map(Number);
  if (raw === '' || numbers.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`--set: "${raw}" is not a number`);
  if (Array.isArray(current)) target[key] = numbers;
  else if (typeof current === 'number' && numbers.length === 1) target[key] = numbers[0];
  else throw new Error(`--set: unknown or non-numeric key "${assignment}"`);
}
