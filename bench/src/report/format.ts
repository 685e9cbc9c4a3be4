/** Number formatting shared by the markdown table and the chart. */
import type { MetricSpec } from '../scenarios/types.js';
import type { Spread } from '../stats.js';

/** 1234567 → "1,234,567"; 12.345 → "12.3"; 0.01234 → "0.0123". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  if (abs >= 100 || Number.isInteger(x)) return Math.round(x).toLocaleString('en-US');
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** Bytes in B / kB / MB (1000-based, like the "3 kB"). */
export function formatValue(x: number, metric: MetricSpec): string {
  if (metric.unit === 'B' && Number.isFinite(x) && Math.abs(x) >= 1000) {
    return Math.abs(x) >= 1e6 ? `${formatNumber(x / 1e6)} MB` : `${formatNumber(x / 1000)} kB`;
  }
  return metric.unit === 'B' ? `${formatNumber(x)} B` : formatNumber(x);
}

/** "median [min–max]", or just the median when there was one round. */
export function formatSpread(s: Spread, metric: MetricSpec): string {
  const median = formatValue(s.median, metric);
  return s.n > 1 ? `${median} [${formatValue(s.min, metric)}–${formatValue(s.max, metric)}]` : median;
}

/** A ratio as "1.23×". */
export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×` : '–';
}
