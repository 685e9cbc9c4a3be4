/**
 * Client options and their documented defaults.
 *
 * @module
 */
import { clientProtocols, type AnyContract } from '@parley/protocol';
import type { BackoffPolicy } from './backoff.js';
import type { QueueLimits } from './queue.js';
import type { WebSocketConstructor } from './websocket.js';

/**
 * Credentials for `rpc.hello` and `rpc.refresh`: a token string, or an object your server's
 * `authenticate` hook understands.
 *
 * @example
 * ```ts
 * const credentials: Credentials = { token: await getToken() };
 * ```
 */
export type Credentials = string | Readonly<Record<string, unknown>>;

/**
 * Reconnect policy: full-jitter backoff, `delay = random(0, min(maxMs, baseMs · 2^attempt))`.
 *
 * @example
 * ```ts
 * createParleyClient({ url, contract, reconnect: { baseMs: 1000, maxAttempts: 10 } });
 * ```
 */
export interface ReconnectOptions {
  /** Upper bound of the first delay; doubles per attempt. Default 500. */
  readonly baseMs?: number;
  /** Upper bound of any delay. Default 30000. */
  readonly maxMs?: number;
  /** A connection must stay up this long before the attempt count resets. Default 5000. */
  readonly minUptimeMs?: number;
  /** Give up (state `closed`) after this many failed attempts in a row. Default: never. */
  readonly maxAttempts?: number;
  /** Give up (state `closed`) when reconnecting for this long. Default: never. */
  readonly giveUpAfterMs?: number;
}

/**
 * Bounds of the offline queue (calls and sends made while not connected).
 *
 * @example
 * ```ts
 * createParleyClient({ url, contract, queue: { maxCount: 20, maxAgeMs: 5000 } });
 * ```
 */
export interface QueueOptions {
  /** Most queued frames. Default 100. */
  readonly maxCount?: number;
  /** Most queued UTF-8 bytes. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Longest a frame may wait. Default 30000. */
  readonly maxAgeMs?: number;
}

/**
 * Client-side heartbeat timing; by default the client uses what the server's welcome advertises.
 *
 * @example
 * ```ts
 * createParleyClient({ url, contract, heartbeat: { intervalMs: 10_000, timeoutMs: 5000 } });
 * ```
 */
export interface HeartbeatTiming {
  /** Silence (no inbound frame) after which the client pings. Default: the welcome's `heartbeat.intervalMs`. */
  readonly intervalMs?: number;
  /** Time a ping has to draw an inbound frame. Default: the welcome's `heartbeat.timeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * Options of `createParleyClient`.
 *
 * @example
 * ```ts
 * const client = createParleyClient({
 *   url: 'wss://chat.example.com/parley',
 *   contract: chat,
 *   auth: async () => ({ token: await fetchToken() }),
 * });
 * ```
 */
export interface ClientOptions<C extends AnyContract> {
  /**
   * The server's WebSocket URL (`ws:` or `wss:`), or a function called before every attempt
   * that returns one (e.g. rotating over the nodes of a cluster, for failover). Keep tokens out
   * of it: use `auth`.
   */
  readonly url: string | (() => string);
  /** The contract shared with the server. */
  readonly contract: C;
  /** Called before every (re)connect, and once more after the server refused the credentials. */
  readonly auth?: () => Credentials | Promise<Credentials>;
  /** A WebSocket implementation. Default: the global `WebSocket`, else `ws` (through `isomorphic-ws`). */
  readonly WebSocket?: WebSocketConstructor;
  /** Connect as soon as the client is created. Default `true`. */
  readonly autoConnect?: boolean;
  /** Time a call waits for its reply once sent (time in the offline queue is bounded by `queue.maxAgeMs`). Default 10000. */
  readonly callTimeoutMs?: number;
  /** Time from opening the socket to the server's welcome before the attempt counts as failed. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** Reconnect policy, or `false` to stop at the first loss. */
  readonly reconnect?: ReconnectOptions | false;
  /** Offline queue bounds, or `false` to fail calls at once while not connected. */
  readonly queue?: QueueOptions | false;
  /** Heartbeat timing overrides, or `false` for no client-side liveness check. */
  readonly heartbeat?: HeartbeatTiming | false;
  /** Validate incoming events against the contract; invalid ones are dropped and reported to `onError`. Default `true`. */
  readonly validateEvents?: boolean;
  /** Validate call results against the contract (results then have the schema's output type). Default `true`. */
  readonly validateResults?: boolean;
  /** Subprotocols to offer. Default `clientProtocols()` (`['parley.v1', 'parley']`); tests override it. */
  readonly protocols?: readonly string[];
  /** Source of randomness in [0, 1) for jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Every option resolved to its value.
 *
 * @example
 * ```ts
 * const settings: ResolvedOptions = resolveOptions({ url, contract });
 * ```
 */
export interface ResolvedOptions {
  readonly callTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnect: BackoffPolicy | false;
  readonly queue: QueueLimits | false;
  readonly heartbeat: HeartbeatTiming | false;
  readonly validateEvents: boolean;
  readonly validateResults: boolean;
  readonly protocols: readonly string[];
  readonly random: () => number;
  readonly autoConnect: boolean;
}

/**
 * The defaults, in one place.
 *
 * @example
 * ```ts
 * CLIENT_DEFAULTS.callTimeoutMs; // 10000
 * ```
 */
export const CLIENT_DEFAULTS = {
  callTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  reconnect: { baseMs: 500, maxMs: 30_000, minUptimeMs: 5000 },
  queue: { maxCount: 100, maxBytes: 1024 * 1024, maxAgeMs: 30_000 },
} as const;

/**
 * Fills in the defaults.
 *
 * @example
 * ```ts
 * resolveOptions({ url, contract }).reconnect; // { baseMs: 500, maxMs: 30000, minUptimeMs: 5000 }
 * ```
 */
export function resolveOptions(options: ClientOptions<AnyContract>): ResolvedOptions {
  const { reconnect, queue } = options;
  return {
    callTimeoutMs: options.callTimeoutMs ?? CLIENT_DEFAULTS.callTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs,
    reconnect: reconnect === false ? false : { ...CLIENT_DEFAULTS.reconnect, ...reconnect },
    queue: queue === false ? false : { ...CLIENT_DEFAULTS.queue, ...queue },
    heartbeat: options.heartbeat ?? {},
    validateEvents: options.validateEvents ?? true,
    validateResults: options.validateResults ?? true,
    protocols: options.protocols ?? clientProtocols(),
    random: options.random ?? Math.random,
    autoConnect: options.autoConnect ?? true,
  };
}
