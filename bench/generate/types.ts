/**
 * Contract of the seeded streaming generators (one per seed table, see ./tables/).
 */
import type { TableShape } from '../core/scenario.js';
import type { Row, TableName } from '../core/tables.js';

export interface StreamSpec {
  table: TableName;
  seed: number;
  /** Distinguishes independent streams of the same table (e.g. 'preload', 'ingest-1'). */
  stream: string;
  shape: TableShape;
  anchorMs: number;
  /** Time span the rows' timestamps cover: [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** Number of rows to generate (timestamps strictly increasing in µs, unique). */
  rows: number;
  /**
   * Sharded load (bench/shard/): the stream is generated whole, as above, and only the rows of
   * keys this shard owns are emitted. `rows` stays the whole stream's count.
   */
  shard?: { index: number; count: number };
}

/** Rows in batches of at most `batchSize`, in emission order (late rows come late). */
export type BatchSource = Iterator<Row[], void>;
