/**
 * The ratio and interval a ratio claim is decided on (statistics from measure/, no copies here).
 *
 * - Both sides exact (byte counts): the exact ratio.
 * - A side whose interval is a known bracket (saturate's search bracket): the extremes combined.
 * - Otherwise pairs by trial: trial i of the target and trial i of the baseline ran in the same
 *   interleaved round, so r_i = num_i / den_i; the estimate is their geometric mean and the
 *   interval a 95% rerun interval (measure/paired.ts). An exact side pairs with every trial.
 *   Fewer than 3 pairs, or sides with different trial counts: no interval, with the reason.
 */
import type { Metric } from '../core/results.js';
import { pairedRatio, rerunInterval, MIN_TRIALS } from '../measure/paired.js';
import { statistic } from '../measure/stats.js';

/** The function that turns a metric's samples into its headline value. */
export function statisticOf(metric: Metric): (xs: number[]) => number {
  return (xs) => statistic(xs, metric.statistic);
}

export type RatioEvidence =
  | { ok: true; point: number; interval: [number, number]; kind: 'exact' | 'bracket' | 'rerun'; n: number | null; method: string }
  | { ok: false; point: number; n: number | null; why: string };

function trialValuesOf(m: Metric): number[] | null {
  if (m.trialValues && m.trialValues.length > 0) return m.trialValues;
  // A 'trial' metric has one sample per trial, in trial order.
  return m.sampleKind === 'trial' && m.samples.length > 0 ? m.samples : null;
}

/** num / den, both oriented so that > 1 means "target better". */
export function ratioEvidence(num: Metric, den: Metric): RatioEvidence {
  const point = num.value / den.value;
  if ((num.intervalNote && num.ci95) || (den.intervalNote && den.ci95)) {
    const n = num.ci95 ?? [num.value, num.value];
    const d = den.ci95 ?? [den.value, den.value];
    if (!(d[0] > 0)) return { ok: false, point, n: null, why: 'the baseline bracket reaches 0' };
    return { ok: true, point, interval: [n[0] / d[1], n[1] / d[0]], kind: 'bracket', n: null, method: [num.intervalNote, den.intervalNote].filter(Boolean).join('; ') };
  }
  if (num.sampleKind === 'exact' && den.sampleKind === 'exact') {
    return { ok: true, point, interval: [point, point], kind: 'exact', n: null, method: 'exact figures' };
  }
  const nv = num.sampleKind === 'exact' ? null : trialValuesOf(num);
  const dv = den.sampleKind === 'exact' ? null : trialValuesOf(den);
  let r: ReturnType<typeof rerunInterval> = null;
  if (num.sampleKind === 'exact' && dv)
    r = rerunInterval(
      dv.map((x) => num.value / x),
      'trials (exact numerator)',
    );
  else if (den.sampleKind === 'exact' && nv)
    r = rerunInterval(
      nv.map((x) => x / den.value),
      'trials (exact denominator)',
    );
  else if (nv && dv) {
    if (nv.length !== dv.length) {
      return { ok: false, point, n: null, why: `the sides have ${nv.length} and ${dv.length} trials: no trial pairs (pairs need the same interleaved rounds)` };
    }
    r = pairedRatio(nv, dv);
  } else {
    return { ok: false, point, n: null, why: 'no per-trial values to pair (one-shot measurement: no interval across runs)' };
  }
  if (!r) return { ok: false, point, n: null, why: 'a trial value is not positive: no log-scale interval' };
  if (!r.interval)
    return { ok: false, point: r.estimate, n: r.n, why: `n=${r.n} ${r.n === 1 ? 'trial (1 sample per side)' : 'trial pairs'}: at least ${MIN_TRIALS} are needed for an interval` };
  return { ok: true, point: r.estimate, interval: r.interval, kind: 'rerun', n: r.n, method: r.method };
}

/**
 * The rerun interval of one metric: as recorded (Metric.n set by this harness), or — for a
 * results file written before intervals came from trials — recomputed from its per-trial
 * samples. Iteration samples of one run give none.
 */
export function metricRerunInterval(m: Metric): { interval: [number, number] | null; n: number | null; method: string } {
  if (m.n !== undefined) return { interval: m.ci95, n: m.n, method: m.intervalMethod ?? 'no interval' };
  const values = trialValuesOf(m);
  if (!values) return { interval: null, n: null, method: 'no interval: iteration samples of one run (no per-trial values)' };
  const r = rerunInterval(values);
  if (!r) return { interval: null, n: values.length, method: 'no interval: a trial value is not positive' };
  return { interval: r.interval, n: r.n, method: r.method };
}
