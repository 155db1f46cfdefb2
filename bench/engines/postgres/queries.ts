/**
 * The seven named queries of bench/queries/catalog.ts in PostgreSQL SQL, shared by every
 * PostgreSQL-family engine. The only engine-specific piece is the time-bucket expression
 * (`BucketSql`: date_bin for plain PostgreSQL, time_bucket for TimescaleDB).
 *
 * Semantics every engine matches (InfluxDB too):
 * - windows are half-open [from, to): `$1 <= "timestamp" < $2`, bounds sent as ISO-8601 UTC
 *   strings cast to timestamptz;
 * - minute / hour / day buckets are aligned to the UTC epoch;
 * - AVG/SUM/MAX/MIN ignore nulls; `sample_count`, `ticks`, `samples`, `alerts` count rows;
 * - ticks_last_price: per symbol (all exchanges), the latest row inside the window that has a
 *   price; ticks_ohlcv_1m: open/close = price of the earliest/latest row of the minute that has
 *   a price (the null-skipping meaning of InfluxDB's FIRST()/LAST(), identical when prices are
 *   never null), empty minutes omitted.
 */
import type { QueryParams } from '../../queries/catalog.js';
import type { TableName } from '../../core/tables.js';

/** Time-bucket SQL: `widthSql` is an SQL interval expression (e.g. `INTERVAL '1 hour'`), `column` a quoted column. */
export type BucketSql = (widthSql: string, column: string) => string;

export const TIME = '"timestamp"';
export const HOUR = `INTERVAL '1 hour'`;
export const DAY = `INTERVAL '1 day'`;
export const MINUTE = `INTERVAL '1 minute'`;

/** Bind parameters for the 7-day window: $1 = from, $2 = to. */
export function windowParams(fromMs: number, toMs: number): string[] {
  return [new Date(fromMs).toISOString(), new Date(toMs).toISOString()];
}

const WINDOW = `${TIME} >= $1::timestamptz AND ${TIME} < $2::timestamptz`;

/**
 * A grouped query that can also be kept as an aggregate (materialized view, continuous
 * aggregate): `SELECT <select> FROM <table> [WHERE window] GROUP BY <groupBy>`. The aggregate
 * is the same SELECT without the window; it is read back with `<timeColumn>` in the window.
 */
export interface GroupedQuerySql {
  queryId: string;
  table: TableName;
  /** The bucket column of the output (hour / day). */
  timeColumn: string;
  /** Output columns, catalogue order. */
  columns: readonly string[];
  select(bucket: BucketSql): string;
  groupBy: string;
}

export const GROUPED_QUERIES: readonly GroupedQuerySql[] = [
  {
    queryId: 'source_hourly_stats',
    table: 'source_reliability_metrics',
    timeColumn: 'hour',
    columns: ['hour', 'source_ref', 'avg_trust', 'max_errors', 'sample_count'],
    select: (b) =>
      `${b(HOUR, TIME)} AS hour, source_ref, avg(trust_score) AS avg_trust, max(error_rate) AS max_errors, count(*) AS sample_count`,
    groupBy: 'hour, source_ref',
  },
  {
    queryId: 'ticks_7d_hourly',
    table: 'market_price_ticks',
    timeColumn: 'hour',
    columns: ['hour', 'symbol', 'avg_price', 'total_volume', 'ticks'],
    select: (b) =>
      `${b(HOUR, TIME)} AS hour, symbol, avg(price) AS avg_price, sum(volume) AS total_volume, count(*) AS ticks`,
    groupBy: 'hour, symbol',
  },
  {
    queryId: 'sentiment_hourly',
    table: 'sentiment_scores',
    timeColumn: 'hour',
    columns: ['hour', 'narrative_id', 'avg_sentiment', 'total_volume', 'samples'],
    select: (b) =>
      `${b(HOUR, TIME)} AS hour, narrative_id, avg(sentiment_score) AS avg_sentiment, sum(volume) AS total_volume, count(*) AS samples`,
    groupBy: 'hour, narrative_id',
  },
  {
    queryId: 'alerts_daily_by_type',
    table: 'alert_events',
    timeColumn: 'day',
    columns: ['day', 'alert_type', 'severity', 'alerts'],
    select: (b) => `${b(DAY, TIME)} AS day, alert_type, severity, count(*) AS alerts`,
    groupBy: 'day, alert_type, severity',
  },
];

/** The hourly queries that have an aggregate counterpart (materialized view / continuous aggregate). */
export const HOURLY_AGGREGATE_QUERY_IDS: readonly string[] = ['source_hourly_stats', 'ticks_7d_hourly', 'sentiment_hourly'];

export function groupedQuery(queryId: string): GroupedQuerySql | undefined {
  return GROUPED_QUERIES.find((q) => q.queryId === queryId);
}

/** A ready-to-run named query. */
export interface NamedQuerySql {
  queryId: string;
  table: TableName;
  sql: string;
  params(p: QueryParams): unknown[];
}

const weekParams = (p: QueryParams): unknown[] => windowParams(p.fromMs, p.toMs);

/** Builds named query `queryId` against `qualify(table)`; undefined for an unknown id. */
export function namedQuerySql(
  queryId: string,
  qualify: (table: TableName) => string,
  bucket: BucketSql,
): NamedQuerySql | undefined {
  const grouped = groupedQuery(queryId);
  if (grouped) {
    return {
      queryId,
      table: grouped.table,
      sql: `SELECT ${grouped.select(bucket)} FROM ${qualify(grouped.table)} WHERE ${WINDOW} GROUP BY ${grouped.groupBy}`,
      params: weekParams,
    };
  }
  switch (queryId) {
    case 'sources_7d_avg_trust':
      return {
        queryId,
        table: 'source_reliability_metrics',
        sql: `SELECT source_ref, avg(trust_score) AS avg_trust FROM ${qualify('source_reliability_metrics')} WHERE ${WINDOW} GROUP BY source_ref`,
        params: weekParams,
      };
    case 'ticks_last_price':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT DISTINCT ON (symbol) symbol, ${TIME} AS last_time, price AS last_price ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND price IS NOT NULL ` +
          `ORDER BY symbol, ${TIME} DESC`,
        params: weekParams,
      };
    case 'ticks_ohlcv_1m':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT ${bucket(MINUTE, TIME)} AS minute, ` +
          `(array_agg(price ORDER BY ${TIME}) FILTER (WHERE price IS NOT NULL))[1] AS open, ` +
          `max(price) AS high, min(price) AS low, ` +
          `(array_agg(price ORDER BY ${TIME} DESC) FILTER (WHERE price IS NOT NULL))[1] AS close, ` +
          `sum(volume) AS volume ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND symbol = $3 GROUP BY minute`,
        params: (p) => [...windowParams(p.dayFromMs, p.toMs), p.symbol],
      };
    default:
      return undefined;
  }
}

/** Every query id this module implements (all of the catalogue). */
export const NAMED_QUERY_IDS: readonly string[] = [
  'sources_7d_avg_trust',
  'source_hourly_stats',
  'ticks_7d_hourly',
  'ticks_last_price',
  'ticks_ohlcv_1m',
  'sentiment_hourly',
  'alerts_daily_by_type',
];
