/**
 * Number formatting for reports: units, sensible precision, and "—" for anything missing
 * (a missing figure is shown, never hidden).
 */
import type { Metric, MetricUnit } from '../core/results.js';

export const DASH = '—';

type Maybe = number | null | undefined;

function isNumber(value: Maybe): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits for small values, grouped integers for large ones. */
export function formatNumber(value: Maybe, digits = 3): string {
  if (!isNumber(value)) return DASH;
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  if (abs < 0.001) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Decimal units (1 MB = 10^6 bytes), as the seed document writes sizes ("~500 MB"). */
export function formatBytes(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${formatNumber(v)} ${units[i]}`;
}

export function formatMs(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  if (Math.abs(value) >= 10_000) return `${formatNumber(value / 1000)} s`;
  return `${formatNumber(value)} ms`;
}

/** Durations of configuration (hours, days) rather than measurements. */
export function formatDuration(ms: Maybe): string {
  if (!isNumber(ms)) return DASH;
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, unit] of units) if (Math.abs(ms) >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return formatMs(ms);
}

export function formatRate(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)} rows/s`;
}

export function formatRatio(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)}x`;
}

export function formatPercent(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)} %`;
}

export function formatCount(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}

export function formatValue(value: Maybe, unit: MetricUnit | string): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return formatMs(value);
    case 'rows/s':
      return formatRate(value);
    case 'ratio':
      return formatRatio(value);
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
    case 'bytes/row':
      return isNumber(value) ? `${formatNumber(value)} B/row` : DASH;
    default:
      return isNumber(value) ? `${formatNumber(value)} ${unit}`.trim() : DASH;
  }
}

export function formatInterval(ci: [number, number] | null | undefined, unit: MetricUnit | string): string {
  if (!ci) return DASH;
  return `${formatValue(ci[0], unit)} – ${formatValue(ci[1], unit)}`;
}

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
