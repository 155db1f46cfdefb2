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

/** What every phase spec has, whatever its kind. */
export interface PhaseBase {
  /** Unique id within the scenario; default `${kind}` or `${kind}-${index}`. */
  id: string;
  kind: string;
  /** Trials of this phase (overrides scenario.trials). */
  trials: number;
}

/**
 * The normalized spec of every phase kind, keyed by kind. Each phase folder
 * (bench/phases/<kind>/spec.ts) adds its own entry by declaration merging:
 *
 *   declare module '../../core/scenario.js' { interface PhaseSpecs { storage: StoragePhase } }
 *
 * so adding a kind touches only its folder, and `PhaseSpec` stays a discriminated union.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PhaseSpecs {}

export type PhaseKind = keyof PhaseSpecs;

export type PhaseSpec = PhaseSpecs[PhaseKind];

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
  /** Ratio claim comparing different metrics: the baseline engine's value is read from this key. */
  baselineMetric?: string;
  /** Free text about the seed row this claim comes from. */
  source?: string;
  /** The seed's expected figure per engine, for display only. */
  expected?: Record<EngineName, string | number>;
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
  /**
   * Smallest relative change that counts as a difference (fraction, 0.05 = 5%), keyed by metric
   * key, effect kind or unit (see bench/compare/thresholds.ts).
   */
  minEffect: Record<string, number>;
  /** Significance level of the Mann-Whitney test. */
  alpha?: number;
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
  /** Command-line overrides applied to the file, as given (`--set`, `--trials`...; secrets masked). */
  overrides: string[];
  capacity?: CapacitySpec;
  compare?: CompareSpec;
}
