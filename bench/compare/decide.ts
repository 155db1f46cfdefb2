/**
 * The verdict on one metric, given the pooled baseline and current figures.
 *
 * - exact figures (storage bytes, bytes/row, ratios, row counts): compared with a relative
 *   tolerance (default 1e-9, far below one byte per row); any larger change is a regression or
 *   an improvement per the metric's direction.
 * - sampled figures: two-sided Mann-Whitney U on the raw samples (significance) AND the ratio
 *   current/baseline of the metric's statistic beyond the minimum effect (relevance). Both are
 *   needed: on hundreds of query iterations a 1% shift is significant but not a regression,
 *   and with 3 trials a 30% shift may be noise. When several baseline runs are pooled, the
 *   current figure must also lie beyond every baseline run's own figure (samples of one run
 *   share its machine state; the spread between runs is the noise a gate must tolerate).
 *   The bootstrap CI of the ratio is for display.
 */
import type { Metric, Statistic } from '../core/results.js';
import { bootstrapCI, bootstrapRatioCI, mannWhitneyU, statistic } from '../measure/stats.js';
import { MIN_SAMPLES } from './thresholds.js';
import type { SideSummary, Verdict } from './types.js';

export interface DecideRules {
  alpha: number;
  minEffect: number;
  tolerance: number;
  bootstrapIterations: number;
  seed: number;
}

export interface Decision {
  baseline: SideSummary | null;
  current: SideSummary | null;
  ratio: number | null;
  changePct: number | null;
  changeCi95: [number, number] | null;
  pValue: number | null;
  verdict: Verdict;
  reason: string;
}

/** One side of a metric, pooled over runs. */
export interface Pool {
  /** Concatenated raw samples of every run (sampled metrics). */
  samples: number[];
  /** Headline value of each run, oldest first (exact metrics use the newest). */
  values: number[];
  /** Each run's own 95% CI (from results.json), parallel to values; optional. */
  cis?: ([number, number] | null)[];
}

/**
 * The function computing a metric's headline statistic from pooled raw samples ('value', the
 * single figure of one run, becomes the median when runs are pooled).
 */
export function statisticFn(name: Statistic): (samples: readonly number[]) => number {
  const effective: Statistic = name === 'value' ? 'median' : name;
  return (samples) => statistic(samples, effective);
}

/**
 * The smallest two-sided p-value Mann-Whitney U can give for these sample sizes (complete
 * separation). When it is not below alpha, no difference can ever be significant.
 */
export function smallestPValue(n1: number, n2: number): number {
  const low = Array.from({ length: n1 }, (_, i) => i);
  const high = Array.from({ length: n2 }, (_, i) => n1 + i);
  return mannWhitneyU(low, high).pValue;
}

const finite = (xs: readonly number[]): number[] => xs.filter((x) => typeof x === 'number' && Number.isFinite(x));

/** +12.3% style, for reasons. */
export function formatPct(fraction: number): string {
  const pct = fraction * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(Math.abs(pct) < 1 ? 3 : 1)}%`;
}

function isWorse(change: number, better: Metric['better']): boolean {
  return better === 'lower' ? change > 0 : change < 0;
}

export function decideExact(base: Pool, cur: Pool, better: Metric['better'], tolerance: number): Decision {
  const bv = finite(base.values);
  const cv = finite(cur.values);
  const side = (values: number[]): SideSummary | null => (values.length ? { value: values[values.length - 1], n: values.length, runs: values.length, ci95: null } : null);
  const baseline = side(bv);
  const current = side(cv);
  if (!baseline || !current) {
    return {
      baseline,
      current,
      ratio: null,
      changePct: null,
      changeCi95: null,
      pValue: null,
      verdict: 'not comparable',
      reason: `no value in ${!baseline ? 'baseline' : 'current'}`,
    };
  }
  const notes: string[] = [];
  if (new Set(bv).size > 1) notes.push(`baseline runs disagree (${[...new Set(bv)].join(', ')}), newest used`);
  if (new Set(cv).size > 1) notes.push(`current runs disagree (${[...new Set(cv)].join(', ')}), newest used`);
  const b = baseline.value;
  const c = current.value;
  const scale = Math.max(Math.abs(b), Math.abs(c));
  const rel = scale === 0 ? 0 : Math.abs(c - b) / scale;
  const ratio = b !== 0 ? c / b : c === 0 ? 1 : null;
  const changePct = ratio === null ? null : (ratio - 1) * 100;
  const suffix = notes.length ? `; ${notes.join('; ')}` : '';
  if (rel <= tolerance) {
    return {
      baseline,
      current,
      ratio,
      changePct,
      changeCi95: null,
      pValue: null,
      verdict: 'unchanged',
      reason: `exact: ${rel === 0 ? 'identical' : `within tolerance ${tolerance}`}${suffix}`,
    };
  }
  const verdict: Verdict = isWorse(c - b, better) ? 'regression' : 'improvement';
  const change = ratio === null ? 'from 0' : formatPct(ratio - 1);
  return { baseline, current, ratio, changePct, changeCi95: null, pValue: null, verdict, reason: `exact figure changed ${change} (${b} -> ${c}, tolerance ${tolerance})${suffix}` };
}

export function decideSampled(base: Pool, cur: Pool, metric: Pick<Metric, 'better' | 'statistic'>, rules: DecideRules): Decision {
  const a = finite(base.samples);
  const b = finite(cur.samples);
  const stat = statisticFn(metric.statistic);
  const opts = { iterations: rules.bootstrapIterations, confidence: 0.95, seed: rules.seed };
  // A side's CI: the run's own when there is one run; a bootstrap over pooled runs only for
  // the current side (it is what CI-service outputs show), never when bootstrapping is off.
  const side = (pool: Pool, samples: number[], bootstrap: boolean): SideSummary | null => {
    if (samples.length === 0) return null;
    const runs = pool.values.length;
    const own = runs === 1 ? (pool.cis?.[0] ?? null) : null;
    const ci95 = own ?? (bootstrap && rules.bootstrapIterations > 0 && samples.length >= MIN_SAMPLES ? bootstrapCI(samples, stat, opts) : null);
    return { value: stat(samples), n: samples.length, runs, ci95 };
  };
  const baseline = side(base, a, false);
  const current = side(cur, b, true);
  const none = { changeCi95: null, pValue: null } as const;
  if (a.length < MIN_SAMPLES || b.length < MIN_SAMPLES) {
    const which = a.length < MIN_SAMPLES ? `baseline has ${a.length}` : `current has ${b.length}`;
    const ratio = baseline && current && baseline.value !== 0 ? current.value / baseline.value : null;
    return {
      baseline,
      current,
      ratio,
      changePct: ratio === null ? null : (ratio - 1) * 100,
      ...none,
      verdict: 'not comparable',
      reason: `too few samples: ${which} (need >= ${MIN_SAMPLES})`,
    };
  }
  const floor = smallestPValue(a.length, b.length);
  if (floor >= rules.alpha) return decideByBootstrap(a, b, baseline!, current!, metric, rules, stat, floor, finite(base.values));
  const bv = baseline!.value;
  const cv = current!.value;
  if (bv === 0 || !Number.isFinite(bv)) {
    const same = cv === bv;
    return {
      baseline,
      current,
      ratio: same ? 1 : null,
      changePct: same ? 0 : null,
      ...none,
      verdict: same ? 'unchanged' : 'not comparable',
      reason: same ? 'both zero' : 'baseline statistic is 0: no ratio',
    };
  }
  const ratio = cv / bv;
  const change = ratio - 1;
  const ci = rules.bootstrapIterations > 0 ? bootstrapRatioCI(b, a, stat, opts) : null;
  const changeCi95: [number, number] | null = ci ? [(ci[0] - 1) * 100, (ci[1] - 1) * 100] : null;
  const { pValue } = mannWhitneyU(a, b);
  const significant = pValue < rules.alpha;
  const large = Math.abs(change) > rules.minEffect;
  const pText = `p=${formatP(pValue)}`;
  const effText = `${formatPct(change)} vs min effect ${(rules.minEffect * 100).toFixed(0)}%`;
  let verdict: Verdict = 'unchanged';
  let reason: string;
  // Run-to-run guard: samples of one run share that run's machine state, so with several
  // pooled baseline runs the current figure must also lie beyond every baseline run's own value.
  const runValues = finite(base.values);
  const beyondRuns = runValues.length < 2 || (change > 0 ? cv > Math.max(...runValues) : cv < Math.min(...runValues));
  if (significant && large && beyondRuns) {
    verdict = isWorse(change, metric.better) ? 'regression' : 'improvement';
    reason = `${pText} < ${rules.alpha} and ${effText}${runValues.length >= 2 ? `, beyond all ${runValues.length} baseline runs` : ''}`;
  } else if (significant && large) {
    const range = `${formatNum(Math.min(...runValues))}..${formatNum(Math.max(...runValues))}`;
    reason = `${pText} and ${effText}, but within the spread of the ${runValues.length} baseline runs (${range})`;
  } else if (!significant) {
    reason = `not significant (${pText} >= ${rules.alpha}); ${effText}`;
  } else {
    reason = `significant (${pText}) but ${effText}`;
  }
  return { baseline, current, ratio, changePct: change * 100, changeCi95, pValue, verdict, reason };
}

/**
 * Too few samples for the rank test to ever reach alpha (e.g. 2 or 5 trials a side): decide on
 * the bootstrap 95% CI of the ratio instead, conservatively — a regression or improvement only
 * when the WHOLE interval lies beyond the minimum effect (and beyond every pooled baseline run),
 * unchanged only when the whole interval lies within it, otherwise not comparable.
 */
function decideByBootstrap(
  a: number[],
  b: number[],
  baseline: SideSummary,
  current: SideSummary,
  metric: Pick<Metric, 'better' | 'statistic'>,
  rules: DecideRules,
  stat: (xs: readonly number[]) => number,
  floor: number,
  runValues: number[],
): Decision {
  const ratio = baseline.value !== 0 ? current.value / baseline.value : null;
  const changePct = ratio === null ? null : (ratio - 1) * 100;
  const few = `${a.length} vs ${b.length} samples cannot reach p < ${rules.alpha} (smallest possible p ${formatP(floor)})`;
  const ci = ratio !== null && rules.bootstrapIterations > 0 ? bootstrapRatioCI(b, a, stat, { iterations: rules.bootstrapIterations, confidence: 0.95, seed: rules.seed }) : null;
  if (!ci || ratio === null) {
    return { baseline, current, ratio, changePct, changeCi95: null, pValue: null, verdict: 'not comparable', reason: `${few}: pool more baseline runs or raise trials` };
  }
  const [lo, hi] = [ci[0] - 1, ci[1] - 1];
  const changeCi95: [number, number] = [lo * 100, hi * 100];
  const effect = rules.minEffect;
  const ciText = `bootstrap 95% CI of the change ${formatPct(lo)}..${formatPct(hi)}`;
  const beyondRuns = runValues.length < 2 || (lo > 0 ? current.value > Math.max(...runValues) : current.value < Math.min(...runValues));
  let verdict: Verdict;
  let reason: string;
  if ((lo > effect || hi < -effect) && beyondRuns) {
    verdict = isWorse(lo > 0 ? lo : hi, metric.better) ? 'regression' : 'improvement';
    reason = `${few}; decided on the ${ciText}, wholly beyond the min effect ${(effect * 100).toFixed(0)}%`;
  } else if (lo >= -effect && hi <= effect) {
    verdict = 'unchanged';
    reason = `${few}; ${ciText} lies within the min effect ${(effect * 100).toFixed(0)}%`;
  } else {
    verdict = 'not comparable';
    reason = `${few}; ${ciText} straddles the min effect ${(effect * 100).toFixed(0)}%: pool more baseline runs or raise trials`;
  }
  return { baseline, current, ratio, changePct, changeCi95, pValue: null, verdict, reason };
}

const formatNum = (x: number): string => String(Number(x.toPrecision(4)));

export function formatP(p: number): string {
  if (p < 0.0001) return p.toExponential(1);
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3);
}
