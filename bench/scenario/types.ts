/**
 * Normalized shapes of the scenario parts that bench/core/scenario.ts leaves open (the
 * capacity-planning phases and the optional `capacity` / `compare` sections). Same rules:
 * durations in ms (names end in Ms), rates in rows/s, fractions 0..1.
 */
import type { MetricUnit } from '../core/results.js';
import type { TableName } from '../core/tables.js';

export interface SaturatePhase {
  kind: 'saturate';
  id: string;
  trials: number;
  table: TableName;
  startRate?: number;
  maxRate?: number;
  stepFactor?: number;
  stepDurationMs?: number;
  budgetMs?: number;
  slo?: { minAchievedRatio?: number; maxP99Ms?: number; maxLagGrowthMs?: number };
  batchSize: number;
  workers: number;
}

export interface GrowthPhase {
  kind: 'growth';
  id: string;
  trials: number;
  table: TableName;
  rows?: number;
  steps?: number;
  batchSize: number;
  workers: number;
}

export interface MixedPhase {
  kind: 'mixed';
  id: string;
  trials: number;
  table: TableName;
  rate?: number;
  durationMs?: number;
  /** Query ids; empty = every query of the table. */
  queries: string[];
  batchSize: number;
  workers: number;
}

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
  /** Smallest relative change that counts as a difference, per metric unit (fraction, 0.05 = 5%). */
  minEffect: Partial<Record<MetricUnit, number>>;
}
