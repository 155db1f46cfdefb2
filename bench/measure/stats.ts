/**
 * Statistics on measured samples (pure functions): percentiles, summary statistics, seeded
 * percentile-bootstrap confidence intervals, the Mann-Whitney U test, and `makeMetric`, which
 * turns raw samples into a results.json Metric with its headline value and 95% CI.
 */
import type { Metric, MetricUnit, Statistic } from '../core/results.js';
import { rerunInterval } from './paired.js';

function isSortedAsc(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] > xs[i]) return false;
  return true;
}

function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function requireSamples(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new RangeError(`${what} of no samples`);
}

/**
 * The q-quantile (0..1) by linear interpolation between closest ranks (the "type 7" rule of
 * R/NumPy): position (n-1)q. Meant for ascending input; unsorted input is sorted (a copy) first.
 */
export function quantile(sortedAsc: readonly number[], q: number): number {
  requireSamples(sortedAsc, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be within 0..1, got ${q}`);
  const xs = isSortedAsc(sortedAsc) ? sortedAsc : sortedCopy(sortedAsc);
  const position = (xs.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  if (lower === upper) return xs[lower];
  return xs[lower] + (xs[upper] - xs[lower]) * (position - lower);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function mean(xs: readonly number[]): number {
  requireSamples(xs, 'mean');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Sample standard deviation (n-1 denominator); 0 for a single sample. */
export function stddev(xs: readonly number[]): number {
  requireSamples(xs, 'stddev');
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let sum = 0;
  for (const x of xs) sum += (x - m) ** 2;
  return Math.sqrt(sum / (xs.length - 1));
}

/** stddev / mean (relative spread); NaN when the mean is 0. */
export function coefficientOfVariation(xs: readonly number[]): number {
  const m = mean(xs);
  return m === 0 ? Number.NaN : stddev(xs) / Math.abs(m);
}

/** The named statistic of `values` ('value' = the single / first value). */
export function statistic(values: readonly number[], name: Statistic): number {
  requireSamples(values, `statistic '${name}'`);
  switch (name) {
    case 'value':
      return values[0];
    case 'mean':
      return mean(values);
    case 'median':
    case 'p50':
      return quantile(values, 0.5);
    case 'p90':
      return quantile(values, 0.9);
    case 'p99':
      return quantile(values, 0.99);
    case 'p99.9':
      return quantile(values, 0.999);
    case 'max': {
      let max = -Infinity;
      for (const x of values) if (x > max) max = x;
      return max;
    }
    default:
      throw new RangeError(`unknown statistic '${String(name)}'`);
  }
}

/** mulberry32: small, fast, seeded; good enough for resampling indices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  iterations?: number;
  /** Coverage of the interval (default 0.95). */
  confidence?: number;
  /** PRNG seed: same seed and samples, same interval (default 1). */
  seed?: number;
}

function resample(xs: readonly number[], random: () => number, into: number[]): number[] {
  for (let i = 0; i < xs.length; i++) into[i] = xs[Math.floor(random() * xs.length)];
  return into;
}

function percentileInterval(estimates: number[], confidence: number): [number, number] | null {
  const finite = estimates.filter(Number.isFinite).sort((a, b) => a - b);
  // Mostly undefined estimates (e.g. ratios over zero): no interval rather than a misleading one.
  if (finite.length < estimates.length / 2 || finite.length === 0) return null;
  const alpha = (1 - confidence) / 2;
  return [quantile(finite, alpha), quantile(finite, 1 - alpha)];
}

function options(opts: BootstrapOptions | undefined): Required<BootstrapOptions> {
  const o = { iterations: 2000, confidence: 0.95, seed: 1, ...opts };
  if (!(o.confidence > 0 && o.confidence < 1)) throw new RangeError(`bootstrap: confidence must be within (0, 1), got ${o.confidence}`);
  if (!(o.iterations >= 1)) throw new RangeError(`bootstrap: iterations must be >= 1, got ${o.iterations}`);
  return o;
}

/**
 * Percentile-bootstrap confidence interval of `stat` over `samples`: `iterations` resamples
 * with replacement drawn by a seeded PRNG (reproducible); null with fewer than 2 samples.
 */
export function bootstrapCI(samples: readonly number[], stat: (xs: number[]) => number, opts?: BootstrapOptions): [number, number] | null {
  if (samples.length < 2) return null;
  const o = options(opts);
  const random = seededRandom(o.seed);
  const buffer = new Array<number>(samples.length);
  const estimates = new Array<number>(o.iterations);
  for (let i = 0; i < o.iterations; i++) estimates[i] = stat(resample(samples, random, buffer));
  return percentileInterval(estimates, o.confidence);
}

/**
 * Percentile-bootstrap CI of stat(a*) / stat(b*), resampling each side independently. A side
 * with a single sample counts as an exact figure; null when both sides have fewer than 2
 * samples (no spread to resample), when a side is empty, or when most ratios are undefined.
 */
export function bootstrapRatioCI(a: readonly number[], b: readonly number[], stat: (xs: number[]) => number, opts?: BootstrapOptions): [number, number] | null {
  if (a.length === 0 || b.length === 0 || (a.length < 2 && b.length < 2)) return null;
  const o = options(opts);
  const random = seededRandom(o.seed);
  const bufferA = new Array<number>(a.length);
  const bufferB = new Array<number>(b.length);
  const estimates = new Array<number>(o.iterations);
  for (let i = 0; i < o.iterations; i++) {
    estimates[i] = stat(resample(a, random, bufferA)) / stat(resample(b, random, bufferB));
  }
  return percentileInterval(estimates, o.confidence);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function, |relative error| < 1.2e-7 (Numerical Recipes erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Two-sided Mann-Whitney U test, normal approximation with tie correction and continuity
 * correction (as scipy.stats.mannwhitneyu(method='asymptotic')).
 * `u` is U of sample `a`: the number of pairs (a_i, b_j) with a_i > b_j, ties counting 1/2.
 * `z` is signed: positive when `a` tends to be larger than `b`.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): { u: number; z: number; pValue: number } {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU: both samples need at least one value');
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1].v === all[i].v) j++;
    const rank = (i + j + 2) / 2; // average of ranks i+1 .. j+1
    const size = j - i + 1;
    for (let k = i; k <= j; k++) if (all[k].g === 0) rankSumA += rank;
    tieTerm += size ** 3 - size;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1) || 1));
  if (variance <= 0) return { u, z: 0, pValue: 1 };
  const sigma = Math.sqrt(variance);
  const diff = u - mu;
  const corrected = Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5);
  const z = corrected / sigma;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { u, z, pValue };
}

export interface MetricArgs {
  label: string;
  unit: MetricUnit;
  better: 'lower' | 'higher';
  statistic: Statistic;
  sampleKind: Metric['sampleKind'];
  samples: number[];
  /** The statistic per trial (trial order), when the samples came from several trials. */
  trialValues?: number[];
}

/**
 * A results.json Metric: headline `value` = statistic(samples). Its interval comes from
 * trials only (measure/paired.ts: a 95% rerun interval from the per-trial values), never from
 * iterations within one trial; exact figures, 'value' statistics and single trials get none,
 * with the reason in `intervalMethod`. Throws on no samples (a phase with nothing measured
 * records it in PhaseResult.noData instead).
 */
export function makeMetric(args: MetricArgs): Metric {
  if (args.samples.length === 0) throw new RangeError(`metric '${args.label}': no samples`);
  const value = statistic(args.samples, args.statistic);
  const { trialValues: given, ...rest } = args;
  // A 'trial' metric has one sample per trial, in trial order.
  const trialValues = given ?? (args.sampleKind === 'trial' ? args.samples : undefined);
  const metric: Metric = { ...rest, samples: [...args.samples], value, ci95: null };
  if (args.sampleKind === 'exact' || args.statistic === 'value') return metric;
  if (!trialValues || trialValues.length < 2) {
    metric.n = trialValues?.length ?? 1;
    metric.intervalMethod = 'no interval: one trial (iterations of one trial share its machine state)';
    if (trialValues) metric.trialValues = [...trialValues];
    return metric;
  }
  metric.trialValues = [...trialValues];
  const r = rerunInterval(trialValues);
  metric.n = trialValues.length;
  if (!r) {
    metric.intervalMethod = 'no interval: a trial value is not positive';
    return metric;
  }
  metric.ci95 = r.interval;
  metric.intervalMethod = r.method;
  return metric;
}
