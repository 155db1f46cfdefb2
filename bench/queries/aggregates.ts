/**
 * The downsampling aggregates, defined once as data (issue 11: the same aggregates everywhere).
 * Every engine that supports downsampling creates exactly this set on the loaded tables, in its
 * own mechanism: PostgreSQL materialized views (bench/engines/postgres/materialized-views.ts),
 * TimescaleDB continuous aggregates (bench/engines/timescaledb/continuous-aggregates.ts),
 * InfluxDB 1.x continuous queries + SELECT ... INTO backfill (bench/engines/influxdb/aggregates.ts).
 * The downsample phase reports refresh time, size and query latency per aggregate id, so the
 * report compares the same work on every engine.
 *
 * Each aggregate keeps one row per (bucket, group keys) of its table over all time and answers
 * one portable raw query of bench/queries/catalog.ts: its output columns are that query's
 * columns (the bucket column first), so an answer read from the aggregate is checked equal to
 * the raw query's answer.
 */
import type { TableName } from '../core/tables.js';

/** Aggregate functions an aggregate column may use (SQL meaning; first/last skip null values). */
export type AggregateFn = 'avg' | 'sum' | 'count' | 'max' | 'min' | 'first' | 'last';

export interface AggregateColumn {
  /** Output column (a column of the answered query). */
  name: string;
  fn: AggregateFn;
  /** Source column; null for count(*) (rows). */
  of: string | null;
}

export interface AggregateBucket {
  /** Output column holding the bucket start (e.g. `hour`). */
  column: string;
  /** Bucket width, ms (buckets aligned to the UTC epoch). */
  widthMs: number;
}

export interface AggregateDefinition {
  /** Aggregate id: object name on every engine and the downsample phase's metric prefix. */
  id: string;
  table: TableName;
  title: string;
  bucket: AggregateBucket;
  /** Group keys besides the bucket (tags on InfluxDB). */
  groupBy: string[];
  columns: AggregateColumn[];
  /** The raw query it answers and how: its window, and an equality filter on a group key. */
  answers: { queryId: string; window: 'week' | 'day'; filter?: { column: string; param: 'symbol' } };
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export const AGGREGATES: readonly AggregateDefinition[] = [
  {
    // The seed's continuous aggregate.
    id: 'source_hourly_stats',
    table: 'source_reliability_metrics',
    title: 'Hourly trust, error rate and samples per source',
    bucket: { column: 'hour', widthMs: HOUR_MS },
    groupBy: ['source_ref'],
    columns: [
      { name: 'avg_trust', fn: 'avg', of: 'trust_score' },
      { name: 'max_errors', fn: 'max', of: 'error_rate' },
      { name: 'sample_count', fn: 'count', of: null },
    ],
    answers: { queryId: 'source_hourly_stats', window: 'week' },
  },
  {
    id: 'ticks_hourly',
    table: 'market_price_ticks',
    title: 'Hourly average price, volume and ticks per symbol',
    bucket: { column: 'hour', widthMs: HOUR_MS },
    groupBy: ['symbol'],
    columns: [
      { name: 'avg_price', fn: 'avg', of: 'price' },
      { name: 'total_volume', fn: 'sum', of: 'volume' },
      { name: 'ticks', fn: 'count', of: null },
    ],
    answers: { queryId: 'ticks_7d_hourly', window: 'week' },
  },
  {
    id: 'ticks_ohlcv_1m',
    table: 'market_price_ticks',
    title: '1-minute OHLCV candles per symbol',
    bucket: { column: 'minute', widthMs: MINUTE_MS },
    groupBy: ['symbol'],
    columns: [
      { name: 'open', fn: 'first', of: 'price' },
      { name: 'high', fn: 'max', of: 'price' },
      { name: 'low', fn: 'min', of: 'price' },
      { name: 'close', fn: 'last', of: 'price' },
      { name: 'volume', fn: 'sum', of: 'volume' },
    ],
    answers: { queryId: 'ticks_ohlcv_1m', window: 'day', filter: { column: 'symbol', param: 'symbol' } },
  },
  {
    id: 'sentiment_hourly',
    table: 'sentiment_scores',
    title: 'Hourly average sentiment and volume per narrative',
    bucket: { column: 'hour', widthMs: HOUR_MS },
    groupBy: ['narrative_id'],
    columns: [
      { name: 'avg_sentiment', fn: 'avg', of: 'sentiment_score' },
      { name: 'total_volume', fn: 'sum', of: 'volume' },
      { name: 'samples', fn: 'count', of: null },
    ],
    answers: { queryId: 'sentiment_hourly', window: 'week' },
  },
];

export function aggregateById(id: string): AggregateDefinition | undefined {
  return AGGREGATES.find((a) => a.id === id);
}

/** The aggregates of the loaded tables, in catalogue order. */
export function aggregatesFor(tables: readonly TableName[]): AggregateDefinition[] {
  return AGGREGATES.filter((a) => tables.includes(a.table));
}

/** Every output column of an aggregate, in order: bucket, group keys, aggregate columns. */
export function aggregateOutputColumns(a: AggregateDefinition): string[] {
  return [a.bucket.column, ...a.groupBy, ...a.columns.map((c) => c.name)];
}

/** The answered query's window [from, to) for the query parameters. */
export function aggregateWindow(a: AggregateDefinition, p: { fromMs: number; toMs: number; dayFromMs: number }): { fromMs: number; toMs: number } {
  return { fromMs: a.answers.window === 'week' ? p.fromMs : p.dayFromMs, toMs: p.toMs };
}

/**
 * Why an aggregate cannot answer for these bounds (a bound that cuts a bucket in two), or null.
 * The dataset anchor is a whole hour, so the catalogue's windows never do.
 */
export function bucketBoundsProblem(a: AggregateDefinition, win: { fromMs: number; toMs: number }): string | null {
  const w = a.bucket.widthMs;
  if (win.fromMs % w === 0 && win.toMs % w === 0) return null;
  return (
    `aggregate ${a.id} answers ${a.answers.queryId} only for whole-${a.bucket.column} bounds, got ` + `${new Date(win.fromMs).toISOString()} .. ${new Date(win.toMs).toISOString()}`
  );
}

/** The SQL interval of a bucket width (`INTERVAL '1 hour'`). */
export function bucketIntervalSql(widthMs: number): string {
  if (widthMs % HOUR_MS === 0) return `INTERVAL '${widthMs / HOUR_MS} hour'`;
  if (widthMs % MINUTE_MS === 0) return `INTERVAL '${widthMs / MINUTE_MS} minute'`;
  return `INTERVAL '${widthMs} milliseconds'`;
}
