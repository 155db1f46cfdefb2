/**
 * Change points of one metric's history: where the level of the series shifted and stayed.
 *
 * Method (binary segmentation, as in E-Divisive / Apache Otava, with the gate's own test):
 * 1. The series is first cut wherever the run setup changes (dataset fingerprint, methodology
 *    version, runtime kind or engine version): such a cut is reported as a 'setup' change,
 *    never tested, and no segment spans it.
 * 2. Sampled metrics: in a segment of at least 2 x MIN_SEGMENT runs, the candidate split is the
 *    one maximizing Welch's t statistic between the runs' headline values before and after it;
 *    it is accepted when the compare rules on the pooled raw samples of both sides say
 *    'regression' or 'improvement' (two-sided Mann-Whitney U p < alpha AND the change of the
 *    statistic beyond the minimum effect). Accepted splits are searched again on both halves.
 * 3. Deterministic figures (bytes, bytes/row, ratios, counts): every change between consecutive
 *    runs beyond the relative tolerance. (A single timing per run counts as a sample of one.)
 */
import type { Metric } from '../core/results.js';
import { decideExact, decideSampled, type Pool } from '../compare/decide.js';
import { DEFAULT_ALPHA, DEFAULT_EXACT_TOLERANCE, effectKindOf, isDeterministic, minEffectFor } from '../compare/thresholds.js';
import type { CompareOptions, Verdict } from '../compare/types.js';

/** Fewest runs on each side of an accepted split. */
export const MIN_SEGMENT = 2;

export interface ChangePoint {
  /** Index of the first point of the new level. */
  index: number;
  kind: 'shift' | 'setup';
  /** For shifts: regression or improvement. */
  verdict: Verdict | null;
  changePct: number | null;
  pValue: number | null;
  reason: string;
}

export interface SeriesInput {
  value: number;
  samples: number[];
  /** Run setup; a change of it cuts the series. */
  signature: string;
}

export interface ChangePointOptions {
  metric: Pick<Metric, 'better' | 'statistic' | 'sampleKind' | 'unit'> & { phaseKind: string; metricKey: string; key: string };
  compare?: CompareOptions;
  minSegment?: number;
}

function welchT(left: readonly number[], right: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = (xs: readonly number[], m: number) => (xs.length > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) : 0);
  const ml = mean(left);
  const mr = mean(right);
  const se = Math.sqrt(variance(left, ml) / left.length + variance(right, mr) / right.length);
  const diff = Math.abs(ml - mr);
  return se === 0 ? (diff === 0 ? 0 : Number.POSITIVE_INFINITY) : diff / se;
}

const poolOf = (points: readonly SeriesInput[]): Pool => ({
  samples: points.flatMap((p) => p.samples),
  values: points.map((p) => p.value),
});

export function findChangePoints(points: readonly SeriesInput[], options: ChangePointOptions): ChangePoint[] {
  const { metric } = options;
  const minSeg = options.minSegment ?? MIN_SEGMENT;
  const tolerance = options.compare?.tolerance ?? DEFAULT_EXACT_TOLERANCE;
  const found: ChangePoint[] = [];

  const segments: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i === points.length || points[i].signature !== points[i - 1].signature) {
      segments.push([start, i]);
      if (i < points.length) {
        found.push({ index: i, kind: 'setup', verdict: null, changePct: null, pValue: null, reason: 'run setup changed (dataset, methodology, runtime or engine version)' });
      }
      start = i;
    }
  }

  if (isDeterministic(metric)) {
    for (const [s, e] of segments) {
      for (let i = s + 1; i < e; i++) {
        const d = decideExact(poolOf([points[i - 1]]), poolOf([points[i]]), metric.better, tolerance);
        if (d.verdict === 'regression' || d.verdict === 'improvement') {
          found.push({ index: i, kind: 'shift', verdict: d.verdict, changePct: d.changePct, pValue: null, reason: d.reason });
        }
      }
    }
    return found.sort((a, b) => a.index - b.index);
  }

  const kind = effectKindOf(metric.phaseKind, metric.key, metric);
  const rules = {
    alpha: options.compare?.alpha ?? DEFAULT_ALPHA,
    minEffect: minEffectFor(options.compare?.minEffect ?? {}, kind, metric.metricKey, metric.unit),
    tolerance,
    bootstrapIterations: 0, // the verdict needs no bootstrap; change points show the change only
    seed: options.compare?.seed ?? 1,
  };
  const split = (s: number, e: number): void => {
    if (e - s < 2 * minSeg) return;
    let best = -1;
    let bestT = -1;
    for (let k = s + minSeg; k <= e - minSeg; k++) {
      const t = welchT(
        points.slice(s, k).map((p) => p.value),
        points.slice(k, e).map((p) => p.value),
      );
      if (t > bestT) {
        bestT = t;
        best = k;
      }
    }
    if (best < 0) return;
    const d = decideSampled(poolOf(points.slice(s, best)), poolOf(points.slice(best, e)), metric, rules);
    if (d.verdict !== 'regression' && d.verdict !== 'improvement') return;
    found.push({ index: best, kind: 'shift', verdict: d.verdict, changePct: d.changePct, pValue: d.pValue, reason: d.reason });
    split(s, best);
    split(best, e);
  };
  for (const [s, e] of segments) split(s, e);
  return found.sort((a, b) => a.index - b.index);
}
