/**
 * Skewed choice among n items: item i (0-based rank) has weight 1 / (i + 1)^skew
 * (skew 0 = uniform). Draws use Walker's alias method (tables built once with Vose's
 * algorithm): one uniform number, one comparison, no search.
 */
export class ZipfSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  private readonly weights: Float64Array;
  readonly size: number;

  constructor(n: number, skew: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`zipf: need at least one item, got ${n}`);
    if (!(skew >= 0)) throw new Error(`zipf: skew must be >= 0, got ${skew}`);
    this.size = n;
    const weights = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      weights[i] = 1 / Math.pow(i + 1, skew);
      total += weights[i];
    }
    for (let i = 0; i < n; i++) weights[i] /= total;
    this.weights = weights;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = Float64Array.from(weights, (w) => w * n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = n - 1; i >= 0; i--) (scaled[i] < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }

  /** Rank for a uniform draw u in [0, 1). */
  pick(u: number): number {
    const x = u * this.size;
    const i = x | 0;
    return x - i < this.prob[i] ? i : this.alias[i];
  }

  /** Probability of rank i. */
  probability(i: number): number {
    return this.weights[i];
  }
}
