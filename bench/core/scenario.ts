/**
 * A scenario after loading: validated against scenario.schema.json, units parsed, defaults
 * filled. Everything downstream (plan, phases, reports) reads this shape only.
 * Durations are in milliseconds, rates in rows per second, sizes in bytes.
 */
import type { TableName } from './tables.js';

export type EngineName = string; // 'postgres' | 'timescaledb' | 'influxdb' | ... (one folder each)
export type RuntimeKind = 'docker' | 'native' | 'embedded' | 'external';
export type RuntimeChoice = RuntimeKind | 'auto';

/** Shape knobs for one table's generator. Every field has a default. */
export interface TableShape {
  /** Number of distinct keys (symbols, sources, narratives, alert types). */
  keys: number;
  /** Zipf exponent of key popularity (0 = uniform). */
  skew: number;
  /** Fraction of rows emitted late (out of time order), 0..1. */
  outOfOrder: number;
  /** How late a late row may be, ms. */
  maxLatenessMs: number;
  /** Bursts: fraction of time spent in bursts and the rate multiplier inside them. */
  burstFraction: number;
  burstFactor: number;
  /** Fraction of nullable value columns left null, 0..1. */
  nullFraction: number;
  /** Only for market_price_ticks: number of exchanges. */
  exchanges: number;
}

export interface DatasetSpec {
  seed: number;
  /** Anchor instant, epoch ms. History ends here; live ingest starts here. */
  anchorMs: number;
  /** How the anchor was given: 'now-day' (default), 'now-hour' or the literal ISO string. */
  anchorSource: string;
  /** Per table shape (only tables used by phases matter). */
  tables: Partial<Record<TableName, TableShape>>;
}

interface PhaseBase {
  /** Unique id within the scenario; default `${kind}` or `${kind}-${index}`. */
  id: string;
  /** Trials of this phase (overrides scenario.trials). */
  trials: number;
}

export interface PreloadPhase extends PhaseBase {
  kind: 'preload';
  table: TableName;
  rows: number;
  /** History span ending at the anchor, ms (e.g. 7d). */
  spanMs: number;
  batchSize: number;
  workers: number;
  /** 'copy' (default) or 'insert' (multi-row INSERT) for SQL engines; ignored by others. */
  method: 'copy' | 'insert';
}

export interface IngestPhase extends PhaseBase {
  kind: 'ingest';
  table: TableName;
  /** Target rate, rows/s (open loop). */
  rate: number;
  durationMs: number;
  /** Leading part of every trial excluded from statistics. */
  warmupMs: number;
  batchSize: number;
  workers: number;
  method: 'copy' | 'insert';
  /** A batch not started within this much of its scheduled time is dropped (and reported). */
  maxLagMs: number;
  /** Width of the throughput reporting interval, ms. */
  intervalMs: number;
}

export interface QueryPhase extends PhaseBase {
  kind: 'query';
  /** Named query ids (see bench/queries/catalog.ts); empty = every query whose tables were loaded. */
  queries: string[];
  warmup: number;
  iterations: number;
}

export interface StoragePhase extends PhaseBase {
  kind: 'storage';
  /** Optional engine-side full compaction before the "compacted" figure (InfluxDB). */
  compact: boolean;
}

export interface CompressPhase extends PhaseBase {
  kind: 'compress';
  /** Compress chunks older than this (seed: 7d), ms relative to the anchor. */
  olderThanMs: number;
}

export interface RetentionPhase extends PhaseBase {
  kind: 'retention';
  table: TableName;
  /** Drop data older than this (seed: 90d), ms relative to the anchor. */
  dropAfterMs: number;
}

export interface DownsamplePhase extends PhaseBase {
  kind: 'downsample';
  iterations: number;
  warmup: number;
}

/** Service-level objective a saturate step must meet to count as sustained. */
export interface SustainSlo {
  /** Achieved rate / target rate must be at least this (default 0.95). */
  minAchievedRatio: number;
  /** Batch latency p99 (from schedule) must stay under this, ms (default 1000). */
  maxP99Ms: number;
  /** Schedule lag may grow by at most this much over a step, ms (default 250). */
  maxLagGrowthMs: number;
}

export interface SaturatePhase extends PhaseBase {
  kind: 'saturate';
  table: TableName;
  startRate: number;
  maxRate: number;
  stepFactor: number;
  stepDurationMs: number;
  /** Whole search (steps + refinement) time budget, ms. */
  budgetMs: number;
  slo: SustainSlo;
  batchSize: number;
  workers: number;
}

export interface GrowthPhase extends PhaseBase {
  kind: 'growth';
  table: TableName;
  rows: number;
  steps: number;
  batchSize: number;
  workers: number;
}

export interface MixedPhase extends PhaseBase {
  kind: 'mixed';
  table: TableName;
  rate: number;
  durationMs: number;
  queries: string[];
  batchSize: number;
  workers: number;
}

/** Phases added by later issues use the same base and register their own kind. */
export interface GenericPhase extends PhaseBase {
  kind: string;
  [key: string]: unknown;
}

export type PhaseSpec =
  | PreloadPhase
  | IngestPhase
  | QueryPhase
  | StoragePhase
  | CompressPhase
  | RetentionPhase
  | DownsamplePhase
  | SaturatePhase
  | GrowthPhase
  | MixedPhase
  | GenericPhase;

/** Per-engine options from the scenario's `engines:` section. */
export interface EngineOptions {
  /** Server settings (postgresql.conf GUCs, influxd config keys) applied at start. */
  settings: Record<string, string>;
  /** Docker image override. */
  image?: string;
  /** Engine-specific knobs, e.g. timescaledb chunkInterval. Validated by the engine. */
  options: Record<string, unknown>;
}

export interface ClaimSpec {
  id: string;
  /** Human text, e.g. "7-day range query: TimescaleDB 10x faster than PostgreSQL". */
  text: string;
  /** Metric key, `${phaseId}.${metricName}` (see MetricSample). */
  metric: string;
  /** Ratio claim: `target` vs `baseline` engines, by at least `factor`. */
  target?: EngineName;
  baseline?: EngineName;
  factor?: number;
  /** Absolute claim: value of `metric` on `target` compared with `threshold`. */
  threshold?: number;
  /** 'better' means: per the metric's direction (lower latency, higher throughput). */
  direction: 'better' | 'lower' | 'higher';
  /** When refuted, the run exits 1 (CI gate). */
  gate: boolean;
  /** Free text about the seed row this claim comes from. */
  source?: string;
  [key: string]: unknown;
}

export interface Scenario {
  name: string;
  description: string;
  /** Absolute path of the file it came from (or '<inline>'). */
  file: string;
  trials: number;
  targets: EngineName[];
  runtime: RuntimeChoice;
  engines: Record<EngineName, EngineOptions>;
  dataset: DatasetSpec;
  phases: PhaseSpec[];
  claims: ClaimSpec[];
  /** Extra sections later issues add (capacity, compare...). Validated by the schema. */
  [section: string]: unknown;
}
