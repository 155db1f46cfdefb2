/**
 * generateBatches: the rows of one stream, in batches, in emission order. Memory does not
 * depend on the row count: one batch, per-key state and (with late rows) the held-back rows.
 */
import type { Row } from '../core/tables.js';
import type { TableShape } from '../core/scenario.js';
import { keyValues } from './keys.js';
import { KeyPicker } from './popularity.js';
import { rngFor, seedWords } from './prng.js';
import type { Rng } from './prng.js';
import { LateRowBuffer } from './reorder.js';
import { tableModule } from './tables/index.js';
import type { RowFactory } from './tables/index.js';
import { Timeline } from './timeline.js';
import type { BatchSource, StreamSpec } from './types.js';
import { shardRowFilter } from './shard-keys.js';

function checkShape(spec: StreamSpec): void {
  const s: TableShape = spec.shape;
  const fraction = (name: keyof TableShape) => {
    const v = s[name];
    if (!(v >= 0 && v <= 1)) throw new Error(`${spec.table}: shape.${name} must be in [0, 1], got ${v}`);
  };
  fraction('outOfOrder');
  fraction('nullFraction');
  fraction('burstFraction');
  if (!(s.skew >= 0)) throw new Error(`${spec.table}: shape.skew must be >= 0, got ${s.skew}`);
  if (!(s.burstFactor >= 1)) throw new Error(`${spec.table}: shape.burstFactor must be >= 1, got ${s.burstFactor}`);
  if (!(s.maxLatenessMs >= 0)) throw new Error(`${spec.table}: shape.maxLatenessMs must be >= 0, got ${s.maxLatenessMs}`);
}

/** Row batches of one stream; also iterable with for..of. */
export class RowBatches implements BatchSource, Iterable<Row[]> {
  private readonly timeline: Timeline;
  private readonly factory: RowFactory;
  private readonly late: LateRowBuffer = new LateRowBuffer();
  private readonly lateRng: Rng;
  private readonly lateFraction: number;
  private readonly maxLatenessUs: number;
  private pending: Row | null = null;
  private pendingTime = 0;
  /** Sharded streams: keeps the rows of this shard's keys (the whole stream is still generated). */
  private readonly keep: ((row: Row) => boolean) | null;

  constructor(
    readonly spec: StreamSpec,
    readonly batchSize: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    checkShape(spec);
    const { table, seed, stream, shape } = spec;
    this.timeline = new Timeline(
      {
        startUs: Math.round(spec.startMs * 1000),
        endUs: Math.round(spec.endMs * 1000),
        rows: spec.rows,
        burstFraction: shape.burstFraction,
        burstFactor: shape.burstFactor,
        burstKey: seedWords([seed, table, stream, 'bursts'])[0],
      },
      rngFor([seed, table, stream, 'time']),
    );
    const keys = keyValues(table, shape);
    this.factory = tableModule(table).createRowFactory({
      shape,
      keys,
      picker: new KeyPicker(table, keys.length, shape.skew, seed, rngFor([seed, table, stream, 'keys'])),
      rng: rngFor([seed, table, stream, 'values']),
      setupRng: rngFor([seed, table, 'setup']),
    });
    this.lateRng = rngFor([seed, table, stream, 'lateness']);
    this.maxLatenessUs = Math.floor(shape.maxLatenessMs * 1000);
    this.lateFraction = this.maxLatenessUs > 0 ? shape.outOfOrder : 0;
    this.keep = spec.shard ? shardRowFilter(table, shape, seed, spec.shard) : null;
  }

  /** Rows not emitted yet. */
  get remaining(): number {
    return this.timeline.remaining + this.late.size + (this.pending === null ? 0 : 1);
  }

  next(): IteratorResult<Row[], void> {
    if (this.lateFraction === 0) return this.nextInOrder();
    const batch: Row[] = [];
    const size = this.batchSize;
    const timeline = this.timeline;
    const late = this.late;
    while (batch.length < size) {
      if (this.pending === null) {
        if (timeline.remaining === 0) {
          if (late.size === 0) break;
          this.emit(batch, late.take());
          continue;
        }
        const t = timeline.next();
        const row = this.factory(t);
        if (this.lateFraction > 0 && this.lateRng.float() < this.lateFraction) {
          late.hold(t + 1 + Math.floor(this.lateRng.float() * this.maxLatenessUs), row);
          continue;
        }
        this.pending = row;
        this.pendingTime = t;
      }
      if (late.dueBefore(this.pendingTime)) {
        this.emit(batch, late.take());
        continue;
      }
      this.emit(batch, this.pending);
      this.pending = null;
    }
    if (batch.length === 0) return { done: true, value: undefined };
    return { done: false, value: batch };
  }

  private emit(batch: Row[], row: Row): void {
    if (this.keep === null || this.keep(row)) batch.push(row);
  }

  /** Fast path without late rows: emission order is time order. */
  private nextInOrder(): IteratorResult<Row[], void> {
    if (this.keep !== null) return this.nextInOrderSharded(this.keep);
    const timeline = this.timeline;
    const n = Math.min(this.batchSize, timeline.remaining);
    if (n === 0) return { done: true, value: undefined };
    const factory = this.factory;
    const batch: Row[] = new Array<Row>(n);
    for (let i = 0; i < n; i++) batch[i] = factory(timeline.next());
    return { done: false, value: batch };
  }

  private nextInOrderSharded(keep: (row: Row) => boolean): IteratorResult<Row[], void> {
    const timeline = this.timeline;
    const batch: Row[] = [];
    while (batch.length < this.batchSize && timeline.remaining > 0) {
      const row = this.factory(timeline.next());
      if (keep(row)) batch.push(row);
    }
    return batch.length === 0 ? { done: true, value: undefined } : { done: false, value: batch };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** The rows of `spec` in batches of at most `batchSize`, in emission order (late rows come late). */
export function generateBatches(spec: StreamSpec, batchSize: number): RowBatches {
  return new RowBatches(spec, batchSize);
}
