/**
 * The catalogue's named queries in InfluxQL, with the same semantics as the SQL engines:
 * windows [from, to) as epoch-ms literals, GROUP BY time() buckets aligned to the UTC epoch
 * (like date_trunc/time_bucket), fill(none) so only non-empty groups appear, AVG = MEAN,
 * COUNT(*) = COUNT of a never-null field, tags as group keys (merged back from the series).
 */
import { HOT_RECENT_MS, HOT_WINDOW_MS, type QueryParams } from '../../queries/catalog.js';
import type { TableName } from '../../core/tables.js';
import { ident, str, window } from './influxql.js';

/** A field every point of the table carries (COUNT of it = number of rows). */
export const NEVER_NULL_FIELD: Readonly<Record<TableName, string>> = {
  market_price_ticks: 'price',
  source_reliability_metrics: 'response_time_ms',
  sentiment_scores: 'volume',
  alert_events: 'metadata',
};

export interface InfluxQuery {
  table: TableName;
  /** Builds the statement for a measurement name (the table's measurement). */
  build(measurement: string, p: QueryParams): string;
  /** Name of the catalogue column the series `time` becomes (null: not part of the answer). */
  timeAs: string | null;
}

export const INFLUX_QUERIES: Readonly<Record<string, InfluxQuery>> = {
  sources_7d_avg_trust: {
    table: 'source_reliability_metrics',
    // The COUNT keeps a source whose trust_score is all null in the window (AVG would be NULL in SQL).
    build: (m, p) => `SELECT MEAN("trust_score") AS "avg_trust", COUNT("response_time_ms") AS "n" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY "source_ref"`,
    timeAs: null,
  },
  source_hourly_stats: {
    table: 'source_reliability_metrics',
    build: (m, p) =>
      `SELECT MEAN("trust_score") AS "avg_trust", MAX("error_rate") AS "max_errors", COUNT("response_time_ms") AS "sample_count" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY time(1h), "source_ref" fill(none)`,
    timeAs: 'hour',
  },
  ticks_7d_hourly: {
    table: 'market_price_ticks',
    build: (m, p) =>
      `SELECT MEAN("price") AS "avg_price", SUM("volume") AS "total_volume", COUNT("price") AS "ticks" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY time(1h), "symbol" fill(none)`,
    timeAs: 'hour',
  },
  ticks_last_price: {
    table: 'market_price_ticks',
    // A lone selector returns the selected point's own time: that is last_time.
    build: (m, p) => `SELECT LAST("price") AS "last_price" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY "symbol"`,
    timeAs: 'last_time',
  },
  ticks_ohlcv_1m: {
    table: 'market_price_ticks',
    build: (m, p) =>
      `SELECT FIRST("price") AS "open", MAX("price") AS "high", MIN("price") AS "low", LAST("price") AS "close", SUM("volume") AS "volume" FROM ${ident(m)} WHERE "symbol" = ${str(p.symbol)} AND ${window(p.dayFromMs, p.toMs)} GROUP BY time(1m) fill(none)`,
    timeAs: 'minute',
  },
  sentiment_hourly: {
    table: 'sentiment_scores',
    build: (m, p) =>
      `SELECT MEAN("sentiment_score") AS "avg_sentiment", SUM("volume") AS "total_volume", COUNT("volume") AS "samples" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY time(1h), "narrative_id" fill(none)`,
    timeAs: 'hour',
  },
  alerts_daily_by_type: {
    table: 'alert_events',
    // A point without a severity tag comes back with severity "" -> null, like SQL's NULL group.
    build: (m, p) => `SELECT COUNT("metadata") AS "alerts" FROM ${ident(m)} WHERE ${window(p.fromMs, p.toMs)} GROUP BY time(1d), "alert_type", "severity" fill(none)`,
    timeAs: 'day',
  },
  // The hot tier's dashboard reads (scenarios/hot-tier.yaml), same windows as the SQL forms.
  hot_last_price: {
    table: 'market_price_ticks',
    build: (m, p) => `SELECT LAST("price") AS "last_price" FROM ${ident(m)} WHERE ${window(p.toMs - HOT_WINDOW_MS, p.toMs)} GROUP BY "symbol"`,
    timeAs: 'last_time',
  },
  hot_last_5m: {
    table: 'market_price_ticks',
    build: (m, p) =>
      `SELECT COUNT("price") AS "ticks", MAX("price") AS "high", MIN("price") AS "low", SUM("volume") AS "volume" FROM ${ident(m)} WHERE "symbol" = ${str(p.symbol)} AND ${window(p.toMs - HOT_RECENT_MS, p.toMs)} GROUP BY time(10s) fill(none)`,
    timeAs: 'bucket',
  },
};

/** Exact row count of a table over all time. */
export function countStatement(table: TableName, measurement: string): string {
  return `SELECT COUNT(${ident(NEVER_NULL_FIELD[table])}) AS "n" FROM ${ident(measurement)}`;
}
