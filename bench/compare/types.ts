/**
 * The shape of a comparison between baseline run(s) and current run(s): what `compareResults`
 * returns and what the Markdown, JSON and history renderers read. Plain data (JSON-serializable).
 */
import type { Metric, MetricUnit, Statistic } from '../core/results.js';
import type { EffectKind } from './thresholds.js';

export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'not comparable';

/** One run that took part in a comparison. */
export interface RunRef {
  file: string;
  runId: string;
  scenario: string;
  startedAt: string;
  gitCommit?: string;
}

/** What one side (baseline or current) holds for one metric, after pooling runs. */
export interface SideSummary {
  /** The metric's statistic over the pooled samples (exact metrics: the figure). */
  value: number;
  /** Number of pooled samples (exact metrics: number of runs). */
  n: number;
  /** Number of runs the samples come from. */
  runs: number;
  /**
   * 95% CI of the statistic: the run's own (results.json) for a single run; for pooled runs a
   * bootstrap over the pooled samples on the current side, null on the baseline side.
   */
  ci95: [number, number] | null;
}

export interface MetricComparison {
  /** `${target.id} ${phase.id}.${metricKey}` — the identity of a metric across runs. */
  id: string;
  scenario: string;
  target: string;
  phase: string;
  phaseKind: string;
  metric: string;
  label: string;
  unit: MetricUnit;
  better: Metric['better'];
  statistic: Statistic;
  sampleKind: Metric['sampleKind'];
  /** Which minimum effect applies (sampled metrics); 'exact' for deterministic figures. */
  effectKind: EffectKind | 'exact';
  baseline: SideSummary | null;
  current: SideSummary | null;
  /** current / baseline of the statistic (null when not computable). */
  ratio: number | null;
  /** (ratio - 1) * 100. */
  changePct: number | null;
  /** Bootstrap 95% CI of the change, in percent. */
  changeCi95: [number, number] | null;
  /** Two-sided Mann-Whitney U p-value (sampled metrics only). */
  pValue: number | null;
  /** Minimum relative effect required for a verdict other than unchanged (fraction). */
  minEffect: number | null;
  /** Relative tolerance used for exact metrics. */
  tolerance: number | null;
  verdict: Verdict;
  /** Why the verdict is what it is, one line (e.g. "p=0.003 < 0.01 and -20.1% beyond 10%"). */
  reason: string;
  /** Set when the group did not match and allowMismatch let it through: "(mismatch: ...)". */
  mismatch?: string;
}

/** One scenario + target pair. */
export interface GroupComparison {
  scenario: string;
  target: string;
  status: 'compared' | 'refused' | 'not comparable';
  /** For refused / not comparable groups: the reason, one line. */
  reason?: string;
  /** Differences found between the runs (fingerprint, methodology, runtime, engine version). */
  mismatches: string[];
  baselineRuns: number;
  currentRuns: number;
  lines: MetricComparison[];
}

export interface CompareOptions {
  /** Significance level of the two-sided Mann-Whitney U test. Default 0.01. */
  alpha?: number;
  /**
   * Minimum relative effects (fractions), by effect kind ('throughput', 'latency', 'query',
   * 'maxRate', 'other') or by metric key `${phase.id}.${metricKey}` (most specific wins).
   * Flags override the current run's scenario `compare.minEffect`, which overrides defaults.
   */
  minEffect?: Record<string, number>;
  /** Relative tolerance for exact metrics. Default 1e-9. */
  tolerance?: number;
  /** Compare even when fingerprint/methodology/runtime/engine version differ; lines are marked. */
  allowMismatch?: boolean;
  /** Bootstrap iterations for the ratio CI. Default 2000; 0 = no bootstrap (no CIs, faster). */
  bootstrapIterations?: number;
  /** Bootstrap seed (fixed so the output is reproducible). Default 1. */
  seed?: number;
  /** File names for RunRef (parallel to the baseline / current arrays). */
  baselineFiles?: string[];
  currentFiles?: string[];
}

export interface ResolvedCompareOptions {
  alpha: number;
  minEffect: Record<string, number>;
  tolerance: number;
  allowMismatch: boolean;
  bootstrapIterations: number;
  seed: number;
}

export interface Comparison {
  createdAt: string;
  options: ResolvedCompareOptions;
  baseline: RunRef[];
  current: RunRef[];
  groups: GroupComparison[];
  counts: Record<Verdict | 'refused', number>;
  /** 'regression' when any line regressed, else 'refused' when any group was refused, else 'ok'. */
  status: 'regression' | 'refused' | 'ok';
}
