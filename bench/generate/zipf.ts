/**
 * Skewed choice among n items: item i (0-based rank) has weight 1 / (i + 1)^skew
 * (skew 0 = uniform). A cumulative table is built once; a draw is one binary search.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  readonly size: number;

  constructor(n: number, skew: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`zipf: need at least one item, got ${n}`);
    if (!(skew >= 0)) throw new Error(`zipf: skew must be >= 0, got ${skew}`);
    this.size = n;
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, skew);
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** Rank for a uniform draw u in [0, 1). */
  pick(u: number): number {
    const x = u * this.total;
    const cum = this.cumulative;
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Probability of rank i. */
  probability(i: number): number {
    const prev = i === 0 ? 0 : this.cumulative[i - 1];
    return (this.cumulative[i] - prev) / this.total;
  }
}
