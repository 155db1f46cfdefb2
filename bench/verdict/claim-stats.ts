/** The statistics a verdict needs, taken from bench/measure/stats.ts (no copies here). */
import type { Metric } from '../core/results.js';
import { bootstrapCI, bootstrapRatioCI, statistic } from '../measure/stats.js';

/** The function that turns a metric's samples into its headline value. */
export function statisticOf(metric: Metric): (xs: number[]) => number {
  return (xs) => statistic(xs, metric.statistic);
}

function positive(ci: [number, number] | null): ci is [number, number] {
  return ci !== null && ci[0] > 0 && ci[1] > 0;
}

/**
 * 95% bootstrap CI of value(num) / value(den), resampling the samples of each side. An exact
 * side (byte counts) is a constant. Null when both sides are resampled with different
 * statistics (one resampled statistic cannot serve both) or when no interval results.
 */
export function ratioInterval(num: Metric, den: Metric): [number, number] | null {
  // A side whose interval is a known bracket (not a bootstrap CI): combine the extremes.
  if ((num.intervalNote && num.ci95) || (den.intervalNote && den.ci95)) {
    const n = num.ci95 ?? [num.value, num.value];
    const d = den.ci95 ?? [den.value, den.value];
    return d[0] > 0 ? [n[0] / d[1], n[1] / d[0]] : null;
  }
  if (num.sampleKind === 'exact' && den.sampleKind === 'exact') {
    const r = num.value / den.value;
    return [r, r];
  }
  if (num.sampleKind === 'exact') {
    const ci = bootstrapCI(den.samples, statisticOf(den));
    return positive(ci) ? [num.value / ci[1], num.value / ci[0]] : null;
  }
  if (den.sampleKind === 'exact') {
    const ci = bootstrapCI(num.samples, statisticOf(num));
    return ci && den.value > 0 ? [ci[0] / den.value, ci[1] / den.value] : null;
  }
  if (num.statistic !== den.statistic) return null;
  return bootstrapRatioCI(num.samples, den.samples, statisticOf(num));
}
