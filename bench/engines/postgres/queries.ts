/**
 * The portable named queries of bench/queries/catalog.ts: ONE SQL text per query, used unchanged
 * on every PostgreSQL-family engine (PostgreSQL, TimescaleDB), so an engine comparison compares
 * engines and not SQL. Only standard PostgreSQL SQL both run: date_bin() buckets, DISTINCT ON,
 * ordered array_agg. Engine-specific forms (TimescaleDB last()/first()/time_bucket) are separate
 * idiomatic queries (SqlDialect.idiomaticQuery, e.g. bench/engines/timescaledb/queries.ts).
 * date_bin instead of time_bucket costs TimescaleDB nothing here: EXPLAIN of the hourly query on
 * a daily-chunked hypertable (TimescaleDB 2.23) gives the same plan — chunk-wise partial
 * aggregation, same costs — with either bucket, so only last()/first() get idiomatic variants.
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
import { HOT_RECENT_MS, HOT_WINDOW_MS, type QueryParams } from '../../queries/catalog.js';
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
 * The portable bucket: date_bin(width, column, epoch), aligned to 1970-01-01 00:00 UTC whatever
 * the session time zone. Runs on PostgreSQL >= 14 and therefore on TimescaleDB too.
 */
export const PORTABLE_BUCKET: BucketSql = (widthSql, column) => `date_bin(${widthSql}, ${column}, TIMESTAMPTZ '1970-01-01 00:00:00+00')`;

/** A grouped query: `SELECT <select> FROM <table> WHERE window GROUP BY <groupBy>`. */
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
    select: (b) => `${b(HOUR, TIME)} AS hour, source_ref, avg(trust_score) AS avg_trust, max(error_rate) AS max_errors, count(*) AS sample_count`,
    groupBy: 'hour, source_ref',
  },
  {
    queryId: 'ticks_7d_hourly',
    table: 'market_price_ticks',
    timeColumn: 'hour',
    columns: ['hour', 'symbol', 'avg_price', 'total_volume', 'ticks'],
    select: (b) => `${b(HOUR, TIME)} AS hour, symbol, avg(price) AS avg_price, sum(volume) AS total_volume, count(*) AS ticks`,
    groupBy: 'hour, symbol',
  },
  {
    queryId: 'sentiment_hourly',
    table: 'sentiment_scores',
    timeColumn: 'hour',
    columns: ['hour', 'narrative_id', 'avg_sentiment', 'total_volume', 'samples'],
    select: (b) => `${b(HOUR, TIME)} AS hour, narrative_id, avg(sentiment_score) AS avg_sentiment, sum(volume) AS total_volume, count(*) AS samples`,
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

/** Builds portable query `queryId` against `qualify(table)`; undefined for an unknown or idiomatic id. */
export function namedQuerySql(queryId: string, qualify: (table: TableName) => string): NamedQuerySql | undefined {
  const bucket = PORTABLE_BUCKET;
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
    // The hot tier's dashboard reads (scenarios/hot-tier.yaml): one portable text for every SQL engine.
    case 'hot_last_price':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT t.symbol, t.${TIME} AS last_time, t.price AS last_price FROM ${qualify('market_price_ticks')} t ` +
          `JOIN (SELECT symbol, max(${TIME}) AS ts FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND price IS NOT NULL GROUP BY symbol) m ` +
          `ON t.symbol = m.symbol AND t.${TIME} = m.ts WHERE t.price IS NOT NULL`,
        params: (p) => windowParams(p.toMs - HOT_WINDOW_MS, p.toMs),
      };
    case 'hot_last_5m':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT ${bucket(`INTERVAL '10 seconds'`, TIME)} AS bucket, count(*) AS ticks, max(price) AS high, min(price) AS low, sum(volume) AS volume ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND symbol = $3 GROUP BY bucket`,
        params: (p) => [...windowParams(p.toMs - HOT_RECENT_MS, p.toMs), p.symbol],
      };
    default:
      return undefined;
  }
}

/** Every query id this module implements (all portable queries of the catalogue). */
export const NAMED_QUERY_IDS: readonly string[] = [
  'sources_7d_avg_trust',
  'source_hourly_stats',
  'ticks_7d_hourly',
  'ticks_last_price',
  'ticks_ohlcv_1m',
  'sentiment_hourly',
  'alerts_daily_by_type',
  'hot_last_price',
  'hot_last_5m',
];
