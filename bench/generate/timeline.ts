/**
 * Timestamps for one stream: exactly `rows` instants in [startUs, endUs), strictly increasing
 * and unique in microseconds, with bursts.
 *
 * The span is cut into segments (about one minute each, at least 16 and at most 1,000,000).
 * A segment is a burst with probability `burstFraction` (a stateless hash of the segment
 * index, so no per-segment table is kept), and then receives `burstFactor` times more rows
 * per µs than a normal one. The number of rows of each segment follows from the cumulative
 * weight: floor(rows * cumWeight / totalWeight), so the total is exact. Inside a segment of
 * L µs holding k rows, row i lies in its own stratum [floor(i·L/k), floor((i+1)·L/k)) at a
 * random place: instants are strictly increasing by construction and gaps vary.
 *
 * Everything is relative to the span's start, so moving the span moves every instant by the
 * same amount and nothing else changes.
 */
import { hashUnit } from './prng.js';
import type { Rng } from './prng.js';

const TARGET_SEGMENT_US = 60_000_000;
const MIN_SEGMENTS = 16;
const MAX_SEGMENTS = 1_000_000;

export interface TimelineOptions {
  startUs: number;
  endUs: number;
  rows: number;
  burstFraction: number;
  burstFactor: number;
  /** Key of the stateless burst hash. */
  burstKey: number;
}

export class Timeline {
  private readonly startUs: number;
  private readonly spanUs: number;
  private readonly rows: number;
  private readonly segments: number;
  private readonly burstFraction: number;
  private readonly burstFactor: number;
  private readonly burstKey: number;
  private readonly totalWeight: number;
  private readonly rng: Rng;

  /** Current segment: index, start offset, length, rows, rows emitted in it. */
  private seg = -1;
  private segStart = 0;
  private segLen = 0;
  private segRows = 0;
  private segIndex = 0;
  private segGap = 0;
  private base = 0;
  private cumWeight = 0;
  private rowsBefore = 0;
  private emitted = 0;

  constructor(options: TimelineOptions, rng: Rng) {
    const { startUs, endUs, rows } = options;
    if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
    if (!Number.isSafeInteger(startUs) || !Number.isSafeInteger(endUs)) throw new Error('time span must be whole microseconds');
    const spanUs = endUs - startUs;
    if (rows > 0 && spanUs < rows) {
      throw new Error(`cannot place ${rows} unique µs timestamps in a span of ${Math.max(spanUs, 0)} µs`);
    }
    this.startUs = startUs;
    this.spanUs = spanUs;
    this.rows = rows;
    this.rng = rng;
    this.burstKey = options.burstKey | 0;
    this.segments = rows === 0 ? 0 : Math.max(Math.min(MIN_SEGMENTS, spanUs), Math.min(MAX_SEGMENTS, Math.ceil(spanUs / TARGET_SEGMENT_US)));
    const bursty = options.burstFraction > 0 && options.burstFactor > 1;
    this.burstFraction = bursty ? Math.min(1, options.burstFraction) : 0;
    this.burstFactor = bursty ? options.burstFactor : 1;
    this.totalWeight = this.sumWeights();
    if (bursty && !this.fits()) {
      // Too dense for bursts: the burst segments would need more instants than they have.
      this.burstFraction = 0;
      this.burstFactor = 1;
      this.totalWeight = this.sumWeights();
    }
    if (!this.fits()) throw new Error(`cannot place ${rows} unique µs timestamps in a span of ${spanUs} µs`);
  }

  get remaining(): number {
    return this.rows - this.emitted;
  }

  /** Next instant (epoch µs). Call exactly `rows` times. */
  next(): number {
    while (this.segIndex >= this.segRows) this.nextSegment();
    this.segIndex++;
    const nextBase = this.segIndex === this.segRows ? this.segLen : Math.floor(this.segIndex * this.segGap);
    const base = this.base;
    this.base = nextBase;
    this.emitted++;
    return this.startUs + this.segStart + base + Math.floor(this.rng.float() * (nextBase - base));
  }

  private boundary(j: number): number {
    return j >= this.segments ? this.spanUs : Math.floor((j * this.spanUs) / this.segments);
  }

  private weight(j: number, len: number): number {
    return this.burstFraction > 0 && hashUnit(this.burstKey, j) < this.burstFraction ? len * this.burstFactor : len;
  }

  private sumWeights(): number {
    let cum = 0;
    for (let j = 0; j < this.segments; j++) cum += this.weight(j, this.boundary(j + 1) - this.boundary(j));
    return cum;
  }

  /** True when no segment receives more rows than it has microseconds. */
  private fits(): boolean {
    let cum = 0;
    let before = 0;
    for (let j = 0; j < this.segments; j++) {
      const len = this.boundary(j + 1) - this.boundary(j);
      cum += this.weight(j, len);
      const upTo = this.rowsUpTo(j, cum);
      if (upTo - before > len) return false;
      before = upTo;
    }
    return true;
  }

  /** Rows in segments 0..j, given their cumulative weight. */
  private rowsUpTo(j: number, cum: number): number {
    return j === this.segments - 1 ? this.rows : Math.min(this.rows, Math.floor(this.rows * (cum / this.totalWeight)));
  }

  private nextSegment(): void {
    const j = ++this.seg;
    if (j >= this.segments) throw new Error('timeline exhausted: more instants requested than rows');
    this.segStart = this.boundary(j);
    this.segLen = this.boundary(j + 1) - this.segStart;
    this.cumWeight += this.weight(j, this.segLen);
    const upTo = this.rowsUpTo(j, this.cumWeight);
    this.segRows = upTo - this.rowsBefore;
    this.rowsBefore = upTo;
    this.segIndex = 0;
    this.segGap = this.segRows > 0 ? this.segLen / this.segRows : 0;
    this.base = 0;
  }
}
