/**
 * Normalized shapes of the optional scenario sections bench/core/scenario.ts leaves open
 * (`capacity`, `compare`). Same rules as the core: durations in ms (names end in Ms), rates in
 * rows/s, fractions 0..1.
 */

/** `scenario.capacity` (absent when the file has no capacity section). */
export interface CapacitySpec {
  rate?: number;
  retentionMs?: number;
  compressAfterMs?: number;
  /** Bucket widths of downsampled aggregates kept beside raw data ([] = none; `true` = [1h]). */
  aggregateBucketsMs: number[];
}

/** `scenario.compare` (absent when the file has no compare section). */
export interface CompareSpec {
  /**
   * Smallest relative change that counts as a difference (fraction, 0.05 = 5%), keyed by metric
   * key, effect kind or unit (see bench/compare/thresholds.ts).
   */
  minEffect: Record<string, number>;
  /** Significance level of the Mann-Whitney test. */
  alpha?: number;
}
