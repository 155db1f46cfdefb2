/**
 * Intervals that survive a rerun (DESIGN.md §6), from trials rather than iterations.
 *
 * Trials are the independent unit of a run: iterations inside one trial share its machine
 * state, so an interval over iterations is far narrower than the spread between runs. Every
 * interval here is formed from per-trial values, on the log scale (timings and rates are
 * positive and their noise is multiplicative), as a 95% PREDICTION interval for the estimate
 * the next run of the same scenario will produce:
 *
 *   l_i = ln(x_i)  (x_i: one value per trial, or the ratio of an interleaved trial pair)
 *   estimate = exp(mean(l))                      — the geometric mean
 *   interval = exp(mean(l) ± t(0.975, n-1) · sd(l) · sqrt(2/n))
 *
 * sqrt(2/n): the next run's mean of n trials differs from this run's by a variable with twice
 * the variance of one mean (s²/n + s²/n). A plain 95% CI of the mean (sqrt(1/n)) contains
 * another run's estimate only ~83% of the time even when it is honest. With fewer than
 * MIN_TRIALS values no interval is formed: say so rather than print [min, max].
 *
 * Ratios between two targets are formed per pair — trial i of A and trial i of B ran in the
 * same interleaved round — so drift between rounds cancels within each pair.
 */

/** Fewest trials (or pairs) an interval is formed from. */
export const MIN_TRIALS = 3;

/** Two-sided 95% quantiles of Student's t, t(0.975, df), df = 1..30. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056,
  2.052, 2.048, 2.045, 2.042,
];
/** Beyond df 30: t(0.975) at df 40, 60, 120 and the normal limit, interpolated in 1/df. */
const T975_TAIL: [number, number][] = [
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
  [Infinity, 1.96],
];

/** t(0.975, df): the 97.5% quantile of Student's t with df degrees of freedom. */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t quantile: degrees of freedom must be >= 1, got ${df}`);
  const d = Math.floor(df);
  if (d <= 30) return T975[d - 1];
  for (let i = 1; i < T975_TAIL.length; i++) {
    const [d1, t1] = T975_TAIL[i];
    if (d <= d1) {
      const [d0, t0] = T975_TAIL[i - 1];
      const w = (1 / d0 - 1 / d) / (1 / d0 - (d1 === Infinity ? 0 : 1 / d1));
      return t0 + (t1 - t0) * w;
    }
  }
  return 1.96;
}

export interface RerunInterval {
  /** Geometric mean of the values. */
  estimate: number;
  /** 95% prediction interval of the next run's estimate; null when n < MIN_TRIALS. */
  interval: [number, number] | null;
  /** 95% confidence interval of this run's (geometric) mean; null when n < MIN_TRIALS. */
  confidence: [number, number] | null;
  n: number;
  /** sd of the log values (relative spread of one trial). */
  logSd: number;
  /** How the interval was formed, or why there is none. */
  method: string;
}

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/**
 * Rerun interval of positive per-trial values (see the module comment). Null when a value is
 * not positive and finite (no log scale) or there are none.
 */
export function rerunInterval(values: readonly number[], what = 'trials'): RerunInterval | null {
  if (values.length === 0 || !values.every((v) => Number.isFinite(v) && v > 0)) return null;
  const logs = values.map(Math.log);
  const { mean, sd } = meanSd(logs);
  const n = values.length;
  const estimate = n === 1 ? values[0] : Math.exp(mean);
  if (n < MIN_TRIALS) {
    return { estimate, interval: null, confidence: null, n, logSd: sd, method: `no interval: n=${n} ${what}, at least ${MIN_TRIALS} are needed` };
  }
  const t = tQuantile975(n - 1);
  const half = t * sd * Math.sqrt(2 / n);
  const halfCi = t * sd * Math.sqrt(1 / n);
  return {
    estimate,
    interval: [Math.exp(mean - half), Math.exp(mean + half)],
    confidence: [Math.exp(mean - halfCi), Math.exp(mean + halfCi)],
    n,
    logSd: sd,
    method: `95% rerun interval from n=${n} ${what}: exp(mean(ln x) ± t(0.975, ${n - 1}) · sd(ln x) · sqrt(2/n))`,
  };
}

/**
 * Paired ratio num_i / den_i over interleaved trial pairs: the geometric mean of the pair
 * ratios and its rerun interval. Null when the sides have different lengths or a value is not
 * positive.
 */
export function pairedRatio(num: readonly number[], den: readonly number[]): (RerunInterval & { ratios: number[] }) | null {
  if (num.length !== den.length || num.length === 0) return null;
  const ratios = num.map((x, i) => x / den[i]);
  const r = rerunInterval(ratios, 'interleaved trial pairs');
  return r ? { ...r, ratios } : null;
}
