/**
 * The slice of `prom-client` that Parley uses, described structurally. `prom-client` is an
 * optional peer dependency: Parley never imports or requires it, the application passes its own
 * module (`import * as promClient from 'prom-client'`), which fits these types, so both the ESM and
 * CommonJS builds work and the server runs without it.
 *
 * @module
 */

/**
 * Label values of one series.
 *
 * @example
 * ```ts
 * const labels: PromLabels = { code: 1000 };
 * ```
 */
export type PromLabels = Partial<Record<string, string | number>>;

/**
 * A registry (`new promClient.Registry()` or `promClient.register`).
 *
 * @example
 * ```ts
 * const registry: PromRegistryLike = new promClient.Registry();
 * ```
 */
export interface PromRegistryLike {
  /** The metric registered under `name`, if any. */
  getSingleMetric(name: string): unknown;
  /** Registers a metric made with `registers: []`. */
  registerMetric(metric: PromMetricLike): void;
}

/**
 * The configuration every metric constructor takes.
 *
 * @example
 * ```ts
 * const config: PromMetricConfig = { name: 'parley_errors_total', help: 'Errors', labelNames: ['code'] };
 * ```
 */
export interface PromMetricConfig {
  /** Metric name. */
  name: string;
  /** Help text. */
  help: string;
  /** Label names. */
  labelNames?: string[];
  /** Always `[]`: Parley registers each metric itself, in the registry it was given. */
  registers?: [];
  /** Histogram buckets (histograms only). */
  buckets?: number[];
}

/**
 * A counter.
 *
 * @example
 * ```ts
 * counter.inc({ code: -32029 });
 * ```
 */
export interface PromCounterLike {
  /** Adds `value` (default 1) to the labelled series. */
  inc(labels: PromLabels, value?: number): void;
  /** Adds `value` (default 1). */
  inc(value?: number): void;
}

/**
 * A gauge.
 *
 * @example
 * ```ts
 * gauge.inc(); gauge.dec();
 * ```
 */
export interface PromGaugeLike {
  /** Adds `value` (default 1). */
  inc(value?: number): void;
  /** Subtracts `value` (default 1). */
  dec(value?: number): void;
}

/**
 * A histogram.
 *
 * @example
 * ```ts
 * histogram.observe({ method: 'chat.send' }, 0.004);
 * ```
 */
export interface PromHistogramLike {
  /** Records one observation in the labelled series. */
  observe(labels: PromLabels, value: number): void;
  /** Records one observation. */
  observe(value: number): void;
}

/**
 * Any of the metrics Parley makes.
 *
 * @example
 * ```ts
 * registry.registerMetric(counter satisfies PromMetricLike);
 * ```
 */
export type PromMetricLike = PromCounterLike | PromGaugeLike | PromHistogramLike;

/**
 * The `prom-client` module as Parley uses it.
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const client: PromClientLike = promClient;
 * ```
 */
export interface PromClientLike {
  /** The `Counter` class. */
  Counter: new (config: PromMetricConfig) => PromCounterLike;
  /** The `Gauge` class. */
  Gauge: new (config: PromMetricConfig) => PromGaugeLike;
  /** The `Histogram` class. */
  Histogram: new (config: PromMetricConfig) => PromHistogramLike;
  /** The default global registry. */
  register: PromRegistryLike;
}
