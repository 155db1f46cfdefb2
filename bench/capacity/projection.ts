/**
 * Disk and memory projection (pure). From measured bytes per row (raw and compressed), the
 * ingest rate, the compression age, the retention and the chunk interval, projects disk use
 * day by day until steady state, per engine:
 * - a chunk (time partition) is compressed only once ALL of it is older than `compressAfter`,
 *   and dropped only once all of it is older than `retention` — so up to one extra chunk of
 *   raw data and one extra chunk of retained data exist at the peak;
 * - engines without compression keep every retained row at the raw bytes/row;
 * - aggregates (continuous aggregates, materialized views) grow with buckets x keys, not with
 *   raw rows: each adds its measured bytes per (bucket x key) times the buckets of the retained
 *   window times its keys. (Scaling them per raw row overstated TimescaleDB's disk ~2x at 10k/s:
 *   a 1-hour bucket of 20 symbols is 20 rows whether 1,000 or 36 million ticks fell into it.)
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
  /** Aggregates kept beside raw data (continuous aggregates, materialized views); none when empty/absent. */
  aggregates?: AggregateInput[];
  /** True when the engine partitions by time (hypertable chunks, shards); false for one plain table. */
  partitioned: boolean;
}

/**
 * One aggregate (or the measured set of them) for the projection: a "cell" is one bucket x one
 * key (one row of the aggregate). Rate-independent: at the projected rate every cell of the
 * window is assumed filled (true whenever at least one raw row falls into each bucket x key).
 */
export interface AggregateInput {
  name: string;
  /** Measured bytes per cell. */
  bytesPerCell: number;
  /** Cells per day of retained data: buckets per day x keys. */
  cellsPerDay: number;
  /** How bytesPerCell and cellsPerDay were obtained, in words (shown in reports). */
  derivation: string;
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
  /** Bytes of the aggregates on this day (included in `bytes`). */
  aggregateBytes: number;
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
  /** How the steady-state figure is made up, one term per line (raw, compressed, each aggregate). */
  derivation: string[];
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
    const aggregateBytes = aggregateBytesOn(d, engine.aggregates ?? [], input.retentionDays);
    const bytes = rawRows * engine.rawBytesPerRow + compressedRows * (engine.compressedBytesPerRow ?? engine.rawBytesPerRow) + aggregateBytes;
    days.push({ day: d, rawRows, compressedRows, aggregateBytes, bytes });
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
  const last = days[days.length - 1];
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
    derivation: steadyStateDerivation(engine, input, last),
  };
}

/** Aggregate cells are kept for the retention window (whole days written so far, at most retention). */
function aggregateDays(d: number, retentionDays: number): number {
  return Math.min(d, retentionDays);
}

function aggregateBytesOn(d: number, aggregates: readonly AggregateInput[], retentionDays: number): number {
  const days = aggregateDays(d, retentionDays);
  return aggregates.reduce((sum, a) => sum + a.bytesPerCell * a.cellsPerDay * days, 0);
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const bytesPer = (n: number): string => `${Number(n.toPrecision(4)).toLocaleString('en-US')} B`;
const days = (rows: number, rowsPerDay: number): string => `${Number((rows / rowsPerDay).toPrecision(4))} d`;

/** "raw: 7 d x 864,000,000 rows/d x 100 B = ..." per term of the last projected day. */
function steadyStateDerivation(engine: EngineStorageInput, input: ProjectionInput, day: ProjectionDay): string[] {
  const rowsPerDay = input.rate * DAY_S;
  const lines: string[] = [];
  const compressedPerRow = engine.compressedBytesPerRow ?? engine.rawBytesPerRow;
  lines.push(
    `raw: ${count(day.rawRows)} rows (${days(day.rawRows, rowsPerDay)} x ${count(rowsPerDay)} rows/d) x ${bytesPer(engine.rawBytesPerRow)}/row = ${count(day.rawRows * engine.rawBytesPerRow)} B`,
  );
  if (engine.compressedBytesPerRow !== null) {
    lines.push(
      `compressed: ${count(day.compressedRows)} rows (${days(day.compressedRows, rowsPerDay)}) x ${bytesPer(compressedPerRow)}/row = ${count(day.compressedRows * compressedPerRow)} B`,
    );
  }
  const aggDays = aggregateDays(day.day, input.retentionDays);
  for (const a of engine.aggregates ?? []) {
    const cells = a.cellsPerDay * aggDays;
    lines.push(
      `aggregate ${a.name}: ${count(cells)} bucket x key cells (${Number(aggDays.toPrecision(4))} d x ${count(a.cellsPerDay)} cells/d) x ${bytesPer(a.bytesPerCell)}/cell = ${count(cells * a.bytesPerCell)} B (${a.derivation})`,
    );
  }
  lines.push(`total on day ${day.day}: ${count(day.bytes)} B`);
  return lines;
}
