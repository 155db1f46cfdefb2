/**
 * Disk and memory projection (pure). From measured bytes per row (raw and compressed), the
 * ingest rate, the compression age, the retention and the chunk interval, projects disk use
 * day by day until steady state, per engine:
 * - a chunk (time partition) is compressed only once ALL of it is older than `compressAfter`,
 *   and dropped only once all of it is older than `retention` — so up to one extra chunk of
 *   raw data and one extra chunk of retained data exist at the peak;
 * - engines without compression keep every retained row at the raw bytes/row;
 * - aggregates add their measured bytes per raw row (scaled by rows) when given.
 * Memory: TimescaleDB's guidance is that the indexes of the chunks being written should fit in
 * about 25% of RAM, so RAM needed = index bytes of one chunk interval of data / 0.25. A plain
 * PostgreSQL table has one index over all retained rows; its whole size is reported instead.
 */

export interface EngineStorageInput {
  /** Target id, e.g. 'timescaledb@embedded'. */
  target: string;
  rawBytesPerRow: number;
  /** null when the engine does not compress (its raw figure is kept for retained data). */
  compressedBytesPerRow: number | null;
  /** Index bytes per row (for the memory rule), null when unknown. */
  indexBytesPerRow: number | null;
  /** Aggregates' bytes per raw row (continuous aggregates kept), 0 when none. */
  aggregateBytesPerRow: number;
  /** True when the engine partitions by time (hypertable chunks, shards); false for one plain table. */
  partitioned: boolean;
}

export interface ProjectionInput {
  /** Rows per second. */
  rate: number;
  retentionDays: number;
  compressAfterDays: number;
  chunkDays: number;
  /** Days to project (default retention + 2 chunks + 7). */
  days?: number;
}

export interface ProjectionDay {
  day: number;
  rawRows: number;
  compressedRows: number;
  bytes: number;
}

export interface EngineProjection {
  target: string;
  days: ProjectionDay[];
  peakBytes: number;
  peakDay: number;
  steadyStateBytes: number;
  /** RAM for the indexes of data being written (chunk interval), by the 25% rule, bytes. */
  ramForIndexesBytes: number | null;
  note: string;
}

const DAY_S = 86_400;

/** Whole chunks entirely older than `ageDays` at day `d` (chunks are [k*chunk, (k+1)*chunk)). */
function rowsOlderThanInWholeChunks(d: number, ageDays: number, chunkDays: number, rowsPerDay: number): number {
  const boundary = d - ageDays; // data with time < boundary is older than ageDays
  if (boundary <= 0) return 0;
  const wholeChunks = Math.floor(boundary / chunkDays);
  return Math.min(wholeChunks * chunkDays, d) * rowsPerDay;
}

export function projectDisk(engine: EngineStorageInput, input: ProjectionInput): EngineProjection {
  const rowsPerDay = input.rate * DAY_S;
  const chunk = engine.partitioned ? input.chunkDays : 1 / 24; // plain table: DELETE by the hour
  const horizon = input.days ?? Math.ceil(input.retentionDays + 2 * input.chunkDays + 7);
  const days: ProjectionDay[] = [];
  let peakBytes = 0;
  let peakDay = 0;
  for (let d = 1; d <= horizon; d++) {
    const written = d * rowsPerDay;
    const dropped = rowsOlderThanInWholeChunks(d, input.retentionDays, chunk, rowsPerDay);
    const retained = written - dropped;
    const compressible = engine.compressedBytesPerRow === null ? 0 : rowsOlderThanInWholeChunks(d, input.compressAfterDays, input.chunkDays, rowsPerDay);
    const compressedRows = Math.max(0, compressible - dropped);
    const rawRows = retained - compressedRows;
    const bytes =
      rawRows * engine.rawBytesPerRow +
      compressedRows * (engine.compressedBytesPerRow ?? engine.rawBytesPerRow) +
      retained * engine.aggregateBytesPerRow;
    days.push({ day: d, rawRows, compressedRows, bytes });
    if (bytes > peakBytes) {
      peakBytes = bytes;
      peakDay = d;
    }
  }
  const ramForIndexesBytes =
    engine.indexBytesPerRow === null
      ? null
      : engine.partitioned
        ? (engine.indexBytesPerRow * rowsPerDay * input.chunkDays) / 0.25
        : (engine.indexBytesPerRow * rowsPerDay * input.retentionDays) / 0.25;
  return {
    target: engine.target,
    days,
    peakBytes,
    peakDay,
    steadyStateBytes: days[days.length - 1].bytes,
    ramForIndexesBytes,
    note: engine.partitioned
      ? engine.compressedBytesPerRow === null
        ? `time-partitioned: partitions of ${input.chunkDays} d dropped after ${input.retentionDays} d; no separate compression step (the measured bytes/row apply to every retained row)`
        : `time-partitioned: chunks of ${input.chunkDays} d compressed after ${input.compressAfterDays} d, dropped after ${input.retentionDays} d`
      : `one plain table: rows deleted hourly after ${input.retentionDays} d; its index covers every retained row`,
  };
}
