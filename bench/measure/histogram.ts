/**
 * Latency histograms: HdrHistogram (pure JS build of hdr-histogram-js) recording integer
 * microseconds with 3 significant digits (values are exact to within 0.1%). Summaries are in
 * milliseconds and carry the compressed histogram (base64) so percentiles can be recomputed
 * or histograms merged later from results.json.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from '../core/results.js';

const SIGNIFICANT_DIGITS = 3;
const US_PER_MS = 1000;

function newHdr(): Histogram {
  return build({
    useWebAssembly: false,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    lowestDiscernibleValue: 1,
    autoResize: true,
  });
}

export class LatencyHistogram {
  private readonly hdr: Histogram;
  /** Exact extremes of recorded values (ms); HDR only knows them to within its precision. */
  private minMs = Infinity;
  private maxMs = -Infinity;

  constructor(hdr: Histogram = newHdr()) {
    this.hdr = hdr;
    if (hdr.totalCount > 0) {
      this.minMs = hdr.minNonZeroValue / US_PER_MS;
      this.maxMs = hdr.maxValue / US_PER_MS;
    }
  }

  get count(): number {
    return this.hdr.totalCount;
  }

  /** Records one latency in milliseconds (negative values are recorded as 0; `count` repeats it). */
  recordMs(ms: number, count = 1): void {
    if (!Number.isFinite(ms)) throw new RangeError(`latency must be a finite number of ms, got ${ms}`);
    const value = Math.max(0, ms);
    const us = Math.round(value * US_PER_MS);
    if (count === 1) this.hdr.recordValue(us);
    else this.hdr.recordValueWithCount(us, count);
    if (value < this.minMs) this.minMs = value;
    if (value > this.maxMs) this.maxMs = value;
  }

  /** Adds every value of `other` to this histogram. */
  merge(other: LatencyHistogram): this {
    this.hdr.add(other.hdr);
    if (other.count > 0) {
      this.minMs = Math.min(this.minMs, other.minMs);
      this.maxMs = Math.max(this.maxMs, other.maxMs);
    }
    return this;
  }

  /** Latency at a percentile (0..100), ms. */
  percentileMs(percentile: number): number {
    return this.hdr.totalCount === 0 ? 0 : this.hdr.getValueAtPercentile(percentile) / US_PER_MS;
  }

  /** The compressed histogram, base64 (HdrHistogram V2 compressed encoding). */
  encode(): string {
    return encodeIntoCompressedBase64(this.hdr);
  }

  /** Percentiles in ms; all zero with count 0 when nothing was recorded. */
  summary(): LatencySummary {
    const count = this.hdr.totalCount;
    if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, 'p99.9': 0, max: 0 };
    return {
      count,
      min: this.minMs,
      mean: this.hdr.mean / US_PER_MS,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      'p99.9': this.percentileMs(99.9),
      max: this.maxMs,
      hdr: this.encode(),
    };
  }
}

/** A histogram from the `hdr` field of a LatencySummary (min/max then known to HDR precision). */
export function decodeHistogram(base64: string): LatencyHistogram {
  return new LatencyHistogram(decodeFromCompressedBase64(base64, 32, false));
}
