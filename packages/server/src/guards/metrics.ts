/**
 * Prometheus metrics for a Parley server through `prom-client`, an optional peer dependency that
 * the application injects (see {@link PromClientLike}); without it every call is a no-op.
 *
 * @module
 */
import type {
  PromClientLike,
  PromCounterLike,
  PromGaugeLike,
  PromHistogramLike,
  PromLabels,
  PromMetricConfig,
  PromMetricLike,
  PromRegistryLike,
} from './prom-types.js';

/**
 * Options of `createMetrics` (`metrics` in the server options).
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const registry = new promClient.Registry();
 * const metrics: MetricsOptions = { client: promClient, registry };
 * ```
 */
export interface MetricsOptions {
  /** The `prom-client` module (`import * as promClient from 'prom-client'`). */
  readonly client: PromClientLike;
  /** Where to register. Default `client.register` (the global registry). */
  readonly registry?: PromRegistryLike;
  /** Prefix of every metric name. Default `'parley_'`. */
  readonly prefix?: string;
  /** Buckets of the handler-latency histogram, in seconds. Default 1 ms … 10 s. */
  readonly latencyBuckets?: readonly number[];
  /** Buckets of the send-buffer histogram, in bytes. Default 0 … 4 MiB. */
  readonly bufferBuckets?: readonly number[];
  /** Most distinct values per label (method, code, reason); later ones count as `__other__`. Default 256. */
  readonly maxLabelValues?: number;
}

/**
 * What a server records. Every method is cheap and never throws.
 *
 * @example
 * ```ts
 * metrics.messagesSent(recipients.length, recipients.length * frameBytes); // one call per broadcast
 * ```
 */
export interface ParleyMetrics {
  /** `false` for the no-op implementation. */
  readonly enabled: boolean;
  /** A WebSocket connection was accepted (`connections_open` +1, `connections_opened_total` +1). */
  connectionOpened(): void;
  /** A connection closed with `code` (`connections_open` -1, `connections_closed_total{code}` +1). */
  connectionClosed(code: number): void;
  /** A hello succeeded (`sessions_opened_total` +1). */
  sessionOpened(): void;
  /** Inbound: `count` messages in `bytes` total. */
  messagesReceived(count: number, bytes: number): void;
  /** Outbound: `count` messages in `bytes` total (call once per fan-out, not per recipient). */
  messagesSent(count: number, bytes: number): void;
  /** An error reply or `rpc.error` with `code` was sent. */
  error(code: number): void;
  /** A message was refused by the rate limiter in `scope` (connection, user, ip, method, or `upgrade`). */
  rateLimited(scope: string): void;
  /** A message was refused for size or shape: `limit` names it (maxMessageBytes, maxBatchLength, maxDepth, ...). */
  sizeRejected(limit: string): void;
  /** An upgrade was refused before the WebSocket opened; `reason` is origin, connection_rate, or a connection limit name. */
  upgradeRejected(reason: string): void;
  /** A handler for `method` ran for `seconds`. */
  observeHandler(method: string, seconds: number): void;
  /** A socket's send buffer held `bytes` (sample after each flush). */
  observeSendBuffer(bytes: number): void;
}

/**
 * Default buckets of the handler-latency histogram, in seconds.
 *
 * @example
 * ```ts
 * DEFAULT_LATENCY_BUCKETS[0]; // 0.001
 * ```
 */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Default buckets of the send-buffer histogram, in bytes.
 *
 * @example
 * ```ts
 * DEFAULT_BUFFER_BUCKETS.at(-1); // 4194304
 * ```
 */
export const DEFAULT_BUFFER_BUCKETS: readonly number[] = [0, 1024, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

const noop = (): void => undefined;

/**
 * The metrics that record nothing (the default when no `prom-client` is given).
 *
 * @example
 * ```ts
 * NOOP_METRICS.connectionOpened(); // does nothing
 * ```
 */
export const NOOP_METRICS: ParleyMetrics = Object.freeze({
  enabled: false,
  connectionOpened: noop,
  connectionClosed: noop,
  sessionOpened: noop,
  messagesReceived: noop,
  messagesSent: noop,
  error: noop,
  rateLimited: noop,
  sizeRejected: noop,
  upgradeRejected: noop,
  observeHandler: noop,
  observeSendBuffer: noop,
});

/** Caps the distinct values of one label so a client cannot grow the registry without bound. */
function labelCap(max: number): (value: string | number) => string {
  const seen = new Set<string>();
  return (value) => {
    const text = String(value);
    if (seen.has(text)) return text;
    if (seen.size >= max) return '__other__';
    seen.add(text);
    return text;
  };
}

/**
 * Makes the server's metrics. Without options (or without `client`) it returns
 * {@link NOOP_METRICS}. Metrics already registered under the same name in the registry (a second
 * server in the process) are reused, not registered twice.
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const registry = new promClient.Registry();
 * const metrics = createMetrics({ client: promClient, registry });
 * metrics.connectionOpened();
 * await registry.metrics(); // '... parley_connections_open 1 ...'
 * ```
 */
export function createMetrics(options?: MetricsOptions): ParleyMetrics {
  if (!options?.client) return NOOP_METRICS;
  const { client } = options;
  const registry = options.registry ?? client.register;
  const prefix = options.prefix ?? 'parley_';
  const cap = options.maxLabelValues ?? 256;
  const make = <T extends PromMetricLike>(Kind: new (config: PromMetricConfig) => T, config: PromMetricConfig): T => {
    const name = prefix + config.name;
    const existing = registry.getSingleMetric(name);
    if (existing) return existing as T;
    // `registers: []` keeps prom-client from also registering in its global registry.
    const metric = new Kind({ ...config, name, registers: [] });
    registry.registerMetric(metric);
    return metric;
  };
  const counter = (name: string, help: string, labelNames?: string[]): PromCounterLike =>
    make(client.Counter, labelNames ? { name, help, labelNames } : { name, help });

  const open: PromGaugeLike = make(client.Gauge, { name: 'connections_open', help: 'Open WebSocket connections.' });
  const opened = counter('connections_opened_total', 'WebSocket connections accepted.');
  const closed = counter('connections_closed_total', 'Connections closed, by close code.', ['code']);
  const sessions = counter('sessions_opened_total', 'Sessions opened (successful hello).');
  const messagesIn = counter('messages_received_total', 'JSON-RPC messages received.');
  const messagesOut = counter('messages_sent_total', 'JSON-RPC messages sent.');
  const bytesIn = counter('bytes_received_total', 'Bytes of frames received.');
  const bytesOut = counter('bytes_sent_total', 'Bytes of frames sent.');
  const errors = counter('errors_total', 'Error replies and rpc.error notices sent, by error code.', ['code']);
  const limited = counter('rate_limited_total', 'Messages refused by a rate limit, by scope.', ['scope']);
  const size = counter('size_rejections_total', 'Messages refused for size or shape, by limit.', ['limit']);
  const upgrades = counter('upgrades_rejected_total', 'Upgrades refused before the WebSocket opened, by reason.', ['reason']);
  const latency: PromHistogramLike = make(client.Histogram, {
    name: 'handler_duration_seconds',
    help: 'Handler run time, by method.',
    labelNames: ['method'],
    buckets: [...(options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS)],
  });
  const buffer: PromHistogramLike = make(client.Histogram, {
    name: 'send_buffer_bytes',
    help: 'Bytes waiting in a socket send buffer, sampled after each flush.',
    buckets: [...(options.bufferBuckets ?? DEFAULT_BUFFER_BUCKETS)],
  });
  const capped = (key: string): ((value: string | number) => PromLabels) => {
    const c = labelCap(cap);
    return (value) => ({ [key]: c(value) });
  };
  const codeLabel = capped('code');
  const errorLabel = capped('code');
  const scopeLabel = capped('scope');
  const limitLabel = capped('limit');
  const reasonLabel = capped('reason');
  const methodLabel = capped('method');
  const add = (c: PromCounterLike, n: number): void => {
    if (n > 0 && Number.isFinite(n)) c.inc(n);
  };

  return {
    enabled: true,
    connectionOpened: () => {
      open.inc();
      opened.inc();
    },
    connectionClosed: (code) => {
      open.dec();
      closed.inc(codeLabel(code));
    },
    sessionOpened: () => sessions.inc(),
    messagesReceived: (count, bytes) => {
      add(messagesIn, count);
      add(bytesIn, bytes);
    },
    messagesSent: (count, bytes) => {
      add(messagesOut, count);
      add(bytesOut, bytes);
    },
    error: (code) => errors.inc(errorLabel(code)),
    rateLimited: (scope) => limited.inc(scopeLabel(scope)),
    sizeRejected: (limit) => size.inc(limitLabel(limit)),
    upgradeRejected: (reason) => upgrades.inc(reasonLabel(reason)),
    observeHandler: (method, seconds) => {
      if (Number.isFinite(seconds) && seconds >= 0) latency.observe(methodLabel(method), seconds);
    },
    observeSendBuffer: (bytes) => {
      if (Number.isFinite(bytes) && bytes >= 0) buffer.observe(bytes);
    },
  };
}
