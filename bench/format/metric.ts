/** A Metric from results.json as text: its headline value, its interval and the n behind it. */
import type { Metric } from '../core/results.js';
import { DASH } from './numbers.js';
import { formatInterval, formatValue } from './values.js';

export function formatMetric(metric: Metric | undefined): string {
  return metric ? formatValue(metric.value, metric.unit) : DASH;
}

/**
 * The independent units behind a metric's interval: `Metric.n` when recorded, else (older
 * files) the samples the bootstrap ran over; null for exact figures.
 */
export function metricN(metric: Metric): number | null {
  if (typeof metric.n === 'number') return metric.n;
  return metric.sampleKind === 'exact' ? null : metric.samples.length;
}

/** A metric's interval with its n beside it: "1.2 ms – 1.5 ms (n=10)", "no interval (n=2)", "exact". */
export function formatMetricInterval(metric: Metric | undefined): string {
  if (!metric) return DASH;
  const n = metricN(metric);
  if (metric.ci95) return `${formatInterval(metric.ci95, metric.unit)}${n !== null ? ` (n=${n})` : ''}`;
  if (metric.sampleKind === 'exact') return 'exact';
  return n !== null ? `no interval (n=${n})` : DASH;
}

export function formatMetricWithCI(metric: Metric | undefined): string {
  if (!metric) return DASH;
  const value = formatValue(metric.value, metric.unit);
  if (metric.ci95) return `${value} (${formatMetricInterval(metric)})`;
  const n = metricN(metric);
  return metric.sampleKind !== 'exact' && n !== null ? `${value} (no interval, n=${n})` : value;
}
