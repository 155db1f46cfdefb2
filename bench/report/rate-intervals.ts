/**
 * Which reporting intervals of a trial a rate chart may plot. The write loops
 * (bench/phases/write/intervals.ts) end every trial with a partial interval scaled by its real
 * width: a 9 ms tail with a few batches reads as 115k rows/s beside ~10k/s intervals and
 * flattens the chart. An interval shorter than 90% of the nominal width is such a tail (or a
 * head cut short) and is left out; the nominal width is the phase's `intervalMs`, else the
 * median distance between interval ends.
 */
import type { ThroughputPoint } from '../core/results.js';
import { median } from '../measure/stats.js';

/** An interval shorter than this share of the nominal width is partial. */
export const PARTIAL_SHARE = 0.9;

export interface RatePoint {
  /** Interval end, seconds since the trial started. */
  x: number;
  rowsPerSec: number;
  /** Interval length, seconds. */
  seconds: number;
  partial: boolean;
}

/** Every point with its length and whether it is partial; `nominalMs` when the phase states it. */
export function classifyIntervals(points: readonly ThroughputPoint[], nominalMs: number | null): RatePoint[] {
  const lengths = points.map((p, i) => p.t - (i === 0 ? 0 : points[i - 1].t));
  const nominal = nominalMs !== null && nominalMs > 0 ? nominalMs / 1000 : lengths.length > 0 ? median(lengths) : null;
  return points.map((p, i) => ({
    x: p.t,
    rowsPerSec: p.rowsPerSec,
    seconds: lengths[i],
    partial: nominal !== null && lengths[i] < PARTIAL_SHARE * nominal - 1e-9,
  }));
}

/** The points a rate chart plots: whole intervals only. */
export function rateChartPoints(points: readonly ThroughputPoint[], nominalMs: number | null): { x: number; y: number }[] {
  return classifyIntervals(points, nominalMs)
    .filter((p) => !p.partial)
    .map((p) => ({ x: p.x, y: p.rowsPerSec }));
}
