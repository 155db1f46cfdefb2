/**
 * results.json: the single source of truth of a run. Reports, verdicts, comparisons and
 * projections are pure functions of it. Bump RESULTS_SCHEMA_VERSION on an incompatible change
 * of this shape, METHODOLOGY_VERSION when a figure is obtained differently.
 */
import type { ClaimSpec, PhaseKind, RuntimeKind, Scenario } from './scenario.js';

export const RESULTS_SCHEMA_VERSION = 1;
export const METHODOLOGY_VERSION = 1;

export type MetricUnit = 'rows/s' | 'ms' | 'bytes' | 'bytes/row' | 'ratio' | 'count' | 'percent';
export type Statistic = 'median' | 'mean' | 'p50' | 'p90' | 'p99' | 'p99.9' | 'max' | 'value';

/**
 * One measured quantity of one target in one phase. `samples` are the raw values the headline
 * `value` is computed from with `statistic`; `ci95` is a bootstrap 95% confidence interval of
 * that statistic (null with fewer than 2 samples, or for exact figures).
 */
export interface Metric {
  label: string;
  unit: MetricUnit;
  better: 'lower' | 'higher';
  statistic: Statistic;
  /** 'trial': one value per trial; 'iteration': one per query/batch; 'exact': deterministic figure. */
  sampleKind: 'trial' | 'iteration' | 'exact';
  samples: number[];
  value: number;
  ci95: [number, number] | null;
  /**
   * Set when ci95 is not a bootstrap interval but another bracket known to hold the true
   * value, e.g. 'search bracket: highest sustained .. first failing rate' (saturate).
   */
  intervalNote?: string;
  /**
   * The headline statistic computed per trial, in trial order (trial i of this metric ran in
   * the same interleaved round as trial i of every other target). Paired ratios between targets
   * are formed from these; absent for one-shot and exact figures.
   */
  trialValues?: number[];
  /** Independent units behind `ci95` (trials, not iterations); 0 when no interval could be formed. */
  n?: number;
  /** How `ci95` was formed, in words (shown in reports), or why there is none ("n=2: too few trials"). */
  intervalMethod?: string;
}

/** Machine load around a phase: what explains noise in a report. */
export interface LoadSample {
  /** os.loadavg(): 1, 5, 15 minutes. */
  loadavg: [number, number, number];
  /** % of CPU time stolen by the hypervisor since the previous sample (/proc/stat), null when not visible. */
  stealPercent: number | null;
  /** % of CPU time busy (all cores) since the previous sample, null for the first sample. */
  busyPercent: number | null;
  at: string;
}

/** Latency percentiles from an HDR histogram, in ms. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  'p99.9': number;
  max: number;
  /** Base64 of the HDR histogram (compressed), so percentiles can be recomputed or merged. */
  hdr?: string;
}

export interface ThroughputPoint {
  /** Interval end, seconds since the trial started. */
  t: number;
  rowsPerSec: number;
}

/** What every phase result has, whatever its kind. */
export interface PhaseResultCommon {
  id: string;
  table?: string;
  status: 'ok' | 'failed' | 'unsupported' | 'skipped';
  /** One line, for failed/unsupported/skipped. */
  message?: string;
  startedAt: string;
  durationMs: number;
  /** Headline metrics, key unique within the phase (global key: `${phase.id}.${key}`). */
  metrics: Record<string, Metric>;
  warnings: string[];
  /**
   * Metrics this phase should have produced but could not, with the reason (e.g. "no batch was
   * scheduled after the warm-up"). Never reported as 0; a claim on one is inconclusive.
   */
  noData?: Record<string, string>;
  /** Machine load before the phase's first trial and after its last (this target). */
  load?: { before: LoadSample; after: LoadSample };
  /** Server CPU/memory samples during the phase, when the runtime can sample them. */
  resources?: { tMs: number; cpuPercent: number | null; memoryBytes: number | null }[];
}

/** Facts every kind's details carry: how the figures were obtained, in words (the report's method notes). */
export interface PhaseDetailsBase {
  method: string;
  /** Set when each trial appends its rows to the same table (the report says trials are not independent repeats). */
  trialsAppend?: true;
  /** Set on a result `merge` built from this many shards' results (bench/shard/merge.ts). */
  shards?: number;
}

/**
 * What each phase kind records beside its metrics, keyed by kind: `details` (phase-specific
 * facts: storage per table, the search bracket, how it was measured) and `trial` (one record
 * per trial or step). Each phase folder adds its entry by declaration merging
 * (bench/phases/<kind>/result.ts), as bench/core/scenario.ts PhaseSpecs does for specs.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PhaseOutputs {}

type OutputsOf<K extends PhaseKind> = K extends keyof PhaseOutputs ? PhaseOutputs[K] : { details: PhaseDetailsBase; trial: never };

/**
 * The result of one phase of kind K (distributes over a union of kinds: PhaseResultOf<PhaseKind>
 * is the discriminated union `PhaseResult`). `details` is absent when the phase did not run to
 * its end (unsupported, skipped).
 */
export type PhaseResultOf<K extends PhaseKind> = K extends PhaseKind
  ? PhaseResultCommon & {
      kind: K;
      /** Phase-specific per-trial records (ingest: rows, seconds, lag, dropped, intervals...). */
      trials: OutputsOf<K>['trial'][];
      details?: OutputsOf<K>['details'];
    }
  : never;

/** A phase result of any kind; narrow on `kind` (or with isPhaseOf) to read its details and trials. */
export type PhaseResult = PhaseResultOf<PhaseKind>;

/** Narrows a phase result to kind K, so its details and trials read typed. */
export function isPhaseOf<K extends PhaseKind>(phase: PhaseResult | undefined, kind: K): phase is PhaseResultOf<K> & PhaseResult {
  return phase?.kind === kind;
}

export interface EngineTraits {
  /** Data is partitioned by time (hypertable chunks, shards): retention drops whole partitions. */
  timePartitioned: boolean;
}

export interface TargetResult {
  /** `${engine}@${runtime}`, e.g. 'timescaledb@embedded'. */
  id: string;
  engine: string;
  engineTitle: string;
  runtime: RuntimeKind;
  /** 'native', 'embedded (WASM)', 'docker', 'external'. */
  runtimeLabel: string;
  /** Why this runtime was chosen (auto) or 'requested'. */
  reason: string;
  /**
   * ok; skipped = unavailable at planning time (no binary, daemon or image: see `hint`);
   * failed = failed while running (`failedPhase`, `error`); incomplete = interrupted.
   */
  status: 'ok' | 'failed' | 'skipped' | 'incomplete';
  error?: string;
  /** For skipped targets: how to get the engine/runtime (apt-get install ..., --url ...). */
  hint?: string;
  /** Phase id that was running when the target failed. */
  failedPhase?: string;
  engineVersion?: string;
  versions?: Record<string, string>;
  settings?: Record<string, string>;
  server?: Record<string, unknown>;
  /** Facts about the engine's design that projections need (from Engine.traits). */
  traits?: EngineTraits;
  phases: PhaseResult[];
}

export interface EnvironmentFingerprint {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  kernel: string;
  node: string;
  hostname: string;
}

export interface DatasetFingerprint {
  /** sha256 over every phase's encoded rows (time as offset from the anchor). */
  fingerprint: string;
  seed: number;
  anchor: string;
  anchorSource: string;
  /** Per phase that generates data: rows and their own fingerprint. */
  streams: { phase: string; table: string; rows: number; fingerprint: string }[];
}

export interface AnswerCheck {
  query: string;
  status: 'agree' | 'mismatch' | 'single';
  /** Tolerance used for non-exact numeric columns (relative). */
  tolerance: number;
  targets: string[];
  /** Digest of the normalized answer per target. */
  digests: Record<string, string>;
  rows: number;
  /** What the answers were compared with when not the first target's (idiomatic: `<target> (<portable id>)`). */
  reference?: string;
  /** For mismatches: a few differing rows, formatted. */
  differences?: string[];
}

export interface ClaimVerdict {
  id: string;
  text: string;
  verdict: 'confirmed' | 'refuted' | 'inconclusive';
  reason: string;
  metric: string;
  measured: number | null;
  ci95: [number, number] | null;
  gate: boolean;
  /** Independent pairs (or trials) the interval was formed from; null when none. */
  n?: number | null;
  /**
   * 'rerun': 95% prediction interval of the next run's estimate, from paired interleaved trials
   * (t on log ratios, sqrt(1 + 1/n) ... see measure/paired.ts); 'exact': deterministic figures;
   * 'bracket': a search bracket (saturate); null: no interval.
   */
  intervalKind?: 'rerun' | 'exact' | 'bracket' | null;
  /** True when decided on embedded (WASM) figures. */
  embedded?: boolean;
  /** Why an absolute figure is not representative (e.g. a threshold on an embedded target). */
  caveat?: string;
  // What the claim compared (bench/verdict/claims.ts writes all of these; verdicts built by
  // hand, in tests or by other tools, may leave them out, so readers fall back on the rest).
  /** Id of the scenario claim (a verdict id may carry an `@runtime` suffix). */
  claim?: string;
  /** 'ratio': target vs baseline engine; 'threshold': one engine's value vs a fixed bound. */
  kind?: ClaimKind;
  /** Unit of `measured`: 'x' for ratios, the metric's unit for thresholds. */
  unit?: string;
  targetId?: string | null;
  baselineId?: string | null;
  runtime?: RuntimeKind | null;
  runtimeLabel?: string | null;
  /** The baseline's metric when it differs from `metric` (ratio claims). */
  baselineMetric?: string | null;
  /** The claimed ratio (ratio claims). */
  factor?: number | null;
  /** The claimed bound (threshold claims). */
  threshold?: number | null;
  direction?: ClaimSpec['direction'];
  /** Headline values of both sides (ratio claims), for display. */
  targetValue?: number | null;
  baselineValue?: number | null;
  /** Where the claim comes from (e.g. the seed's table row). */
  source?: string | null;
}

export type ClaimKind = 'ratio' | 'threshold';

/** One interleaved round of a trial-wise phase: the order the targets ran in. */
export interface TrialRound {
  phase: string;
  /** 1-based. */
  trial: number;
  order: string[];
}

export interface Results {
  schemaVersion: number;
  methodologyVersion: number;
  tool: { name: string; version: string; gitCommit?: string };
  runId: string;
  /** complete; partial = some targets skipped (unavailable at planning); failed = a target failed while running; incomplete = interrupted. */
  status: 'complete' | 'partial' | 'incomplete' | 'failed';
  /** Why the run is incomplete (e.g. 'interrupted by SIGINT'). */
  statusReason?: string;
  startedAt: string;
  finishedAt?: string;
  command: string;
  scenario: Scenario;
  dataset: DatasetFingerprint;
  environment: EnvironmentFingerprint;
  plan: { target: string; engine: string; runtime: RuntimeKind; reason: string }[];
  targets: TargetResult[];
  /** Interleaving: per trial-wise phase and trial, the order targets ran in. */
  trialOrder?: TrialRound[];
  answers: AnswerCheck[];
  claims: ClaimVerdict[];
  warnings: string[];
}
