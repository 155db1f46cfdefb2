/** Rows completed per reporting interval, turned into rows/s over time. */
import type { ThroughputPoint } from '../../core/results.js';

export class IntervalCounter {
  private readonly buckets: number[] = [];

  constructor(
    private readonly originMs: number,
    private readonly widthMs: number,
  ) {}

  /** Counts `rows` completed at time `atMs` (same clock as originMs). */
  add(atMs: number, rows: number): void {
    const i = Math.max(0, Math.floor((atMs - this.originMs) / this.widthMs));
    while (this.buckets.length <= i) this.buckets.push(0);
    this.buckets[i] += rows;
  }

  /** Rows/s per interval; the last, partial interval is scaled by its real width up to `endMs`. */
  points(endMs: number): ThroughputPoint[] {
    const totalS = (endMs - this.originMs) / 1000;
    return this.buckets.map((rows, i) => {
      const start = (i * this.widthMs) / 1000;
      const end = Math.min(((i + 1) * this.widthMs) / 1000, Math.max(totalS, start + 1e-3));
      return { t: Number(end.toFixed(3)), rowsPerSec: rows / Math.max(end - start, 1e-3) };
    });
  }
}
