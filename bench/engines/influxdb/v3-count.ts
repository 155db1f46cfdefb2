/**
 * Exact row counts on InfluxDB 3 despite its query file limit. A COUNT over all time reads every
 * Parquet file of the table, and 7 days of 10-minute gen1 files (~1008) exceed the default limit
 * of 432: the harness's own row check after a load would fail where a user's dashboard query
 * would not. So: one COUNT first; when the server refuses it for the file limit, the time range
 * holding Parquet files (system.parquet_files min_time/max_time) is counted in windows, halved
 * until each window is under the limit, plus the ranges before and after it (rows there are only
 * in the WAL buffer: no file is read). The sum is exact: windows are half-open and disjoint.
 */
import type { TableName } from '../../core/tables.js';
import { TABLES } from '../../core/tables.js';
import { ident, timeMs } from './influxql.js';
import { queryFileLimit } from './errors.js';
import { NEVER_NULL_FIELD } from './queries.js';
import { sqlString } from './v3-requests.js';

export interface CountWindow {
  /** Inclusive lower bound, epoch ms (null: unbounded). */
  fromMs: number | null;
  /** Exclusive upper bound, epoch ms (null: unbounded). */
  toMs: number | null;
}

export function windowCountStatement(table: TableName, w: CountWindow): string {
  const conds = [w.fromMs !== null ? `time >= ${timeMs(w.fromMs)}` : null, w.toMs !== null ? `time < ${timeMs(w.toMs)}` : null].filter(Boolean);
  const where = conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
  return `SELECT COUNT(${ident(NEVER_NULL_FIELD[table])}) AS "n" FROM ${ident(TABLES[table].measurement)}${where}`;
}

/** The time span of a table's Parquet files, in ns (min of min_time, max of max_time). */
export function parquetSpanStatement(table: TableName): string {
  return `SELECT MIN(min_time) AS "lo", MAX(max_time) AS "hi" FROM system.parquet_files WHERE table_name = ${sqlString(TABLES[table].measurement)}`;
}

export interface CountDeps {
  /** COUNT of the window (throws the server's error, e.g. the file limit). */
  count(statement: string): Promise<number>;
  /** [lo, hi] ns of the table's Parquet files, or null when it has none. */
  span(): Promise<{ loNs: number; hiNs: number } | null>;
}

/** Smallest window split before giving up (one minute: a minute of data is a few files). */
const MIN_WINDOW_MS = 60_000;

function isFileLimit(err: unknown): boolean {
  return queryFileLimit(err instanceof Error ? err.message : String(err)) !== null;
}

async function countSplitting(table: TableName, deps: CountDeps, w: { fromMs: number; toMs: number }): Promise<number> {
  try {
    return await deps.count(windowCountStatement(table, w));
  } catch (err) {
    if (!isFileLimit(err) || w.toMs - w.fromMs <= MIN_WINDOW_MS) throw err;
    const mid = w.fromMs + Math.floor((w.toMs - w.fromMs) / 2);
    return (await countSplitting(table, deps, { fromMs: w.fromMs, toMs: mid })) + (await countSplitting(table, deps, { fromMs: mid, toMs: w.toMs }));
  }
}

export async function countRows(table: TableName, deps: CountDeps): Promise<number> {
  try {
    return await deps.count(windowCountStatement(table, { fromMs: null, toMs: null }));
  } catch (err) {
    if (!isFileLimit(err)) throw err;
  }
  const span = await deps.span();
  if (!span) throw new Error(`InfluxDB 3: COUNT of ${table} hit the query file limit but system.parquet_files lists no file`);
  // ns from JSON lose up to ~256 ns of precision: widen by a millisecond each side.
  const lo = Math.floor(span.loNs / 1e6) - 1;
  const hi = Math.floor(span.hiNs / 1e6) + 2;
  const before = await deps.count(windowCountStatement(table, { fromMs: null, toMs: lo }));
  const after = await deps.count(windowCountStatement(table, { fromMs: hi, toMs: null }));
  return before + (await countSplitting(table, deps, { fromMs: lo, toMs: hi })) + after;
}
