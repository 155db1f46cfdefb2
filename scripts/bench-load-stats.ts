/** The spread of bench:load's per-round ratios: median, min-max and a 95% t-interval of log ratios. */

/** Two-sided 95% Student t quantiles by degrees of freedom (index = df). */
const T95 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];

export interface RatioSummary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** 95% t-interval of the mean log ratio, back-transformed (a geometric-mean interval). */
  lo: number;
  hi: number;
}

export function ratioSummary(ratios: readonly number[]): RatioSummary {
  const n = ratios.length;
  if (n < 2 || ratios.some((r) => !(r > 0))) throw new Error('ratioSummary needs at least two positive ratios');
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const logs = ratios.map(Math.log);
  const m = logs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const t = T95[n - 1] ?? 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { n, median, min: sorted[0], max: sorted[n - 1], lo: Math.exp(m - half), hi: Math.exp(m + half) };
}
