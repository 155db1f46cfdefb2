/**
 * The named queries, defined once. Every engine implements each id in its own dialect and must
 * return the same answer for the same dataset (checked by bench/queries/compare.ts).
 *
 * Bounds are absolute instants derived from the dataset anchor, so answers are deterministic:
 * the 7-day window is [anchor - 7d, anchor), the one-day window is [anchor - 1d, anchor).
 * Rows ingested by the live `ingest` phase have timestamps >= anchor and so never change an answer.
 */
import type { TableName } from '../core/tables.js';

export interface QueryParams {
  /** 7-day window start (inclusive), epoch ms. */
  fromMs: number;
  /** Window end (exclusive) = anchor, epoch ms. */
  toMs: number;
  /** One-day window start (inclusive) for the candle query, epoch ms. */
  dayFromMs: number;
  /** The symbol the candle query reads (the most popular one). */
  symbol: string;
}

/** A normalized answer: time values as epoch ms numbers, numbers as JS numbers, rows sorted by `key`. */
export interface QueryAnswer {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface QueryDefinition {
  id: string;
  table: TableName;
  /** What it asks, in one line (shown in reports). */
  title: string;
  /** The seed's wording when the query comes from the seed document. */
  seed?: string;
  /** Output columns in order; `key` columns identify a row, the others are compared with tolerance. */
  columns: string[];
  key: string[];
  /** Columns holding time (epoch ms after normalization). */
  timeColumns: string[];
  /** Counts: compared exactly. Other non-key numeric columns use the relative tolerance. */
  exactColumns: string[];
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export const QUERIES: readonly QueryDefinition[] = [
  {
    id: 'sources_7d_avg_trust',
    table: 'source_reliability_metrics',
    title: 'Average trust score per source over the last 7 days',
    seed: 'SELECT source_ref, AVG(trust_score) FROM source_reliability_metrics WHERE timestamp > NOW() - INTERVAL \'7 days\' GROUP BY source_ref',
    columns: ['source_ref', 'avg_trust'],
    key: ['source_ref'],
    timeColumns: [],
    exactColumns: [],
  },
  {
    id: 'source_hourly_stats',
    table: 'source_reliability_metrics',
    title: 'Hourly stats per source over 7 days: avg trust, max error rate, sample count',
    seed: 'source_hourly_stats continuous aggregate (time_bucket 1 hour, AVG(trust_score), MAX(error_rate), COUNT(*))',
    columns: ['hour', 'source_ref', 'avg_trust', 'max_errors', 'sample_count'],
    key: ['hour', 'source_ref'],
    timeColumns: ['hour'],
    exactColumns: ['sample_count'],
  },
  {
    id: 'ticks_7d_hourly',
    table: 'market_price_ticks',
    title: '7-day range: hourly average price, total volume and tick count per symbol',
    seed: 'Range query (7 days)',
    columns: ['hour', 'symbol', 'avg_price', 'total_volume', 'ticks'],
    key: ['hour', 'symbol'],
    timeColumns: ['hour'],
    exactColumns: ['ticks'],
  },
  {
    id: 'ticks_last_price',
    table: 'market_price_ticks',
    title: 'Last price per symbol before the anchor (within 7 days)',
    columns: ['symbol', 'last_time', 'last_price'],
    key: ['symbol'],
    timeColumns: ['last_time'],
    exactColumns: [],
  },
  {
    id: 'ticks_ohlcv_1m',
    table: 'market_price_ticks',
    title: '1-minute OHLCV candles for one symbol over the last day',
    columns: ['minute', 'open', 'high', 'low', 'close', 'volume'],
    key: ['minute'],
    timeColumns: ['minute'],
    exactColumns: [],
  },
  {
    id: 'sentiment_hourly',
    table: 'sentiment_scores',
    title: 'Hourly average sentiment and total volume per narrative over 7 days',
    columns: ['hour', 'narrative_id', 'avg_sentiment', 'total_volume', 'samples'],
    key: ['hour', 'narrative_id'],
    timeColumns: ['hour'],
    exactColumns: ['samples', 'total_volume'],
  },
  {
    id: 'alerts_daily_by_type',
    table: 'alert_events',
    title: 'Alerts per day, type and severity over 7 days',
    columns: ['day', 'alert_type', 'severity', 'alerts'],
    key: ['day', 'alert_type', 'severity'],
    timeColumns: ['day'],
    exactColumns: ['alerts'],
  },
];

export function queryById(id: string): QueryDefinition | undefined {
  return QUERIES.find((q) => q.id === id);
}

/** The parameters every engine gets for a dataset anchored at `anchorMs`. */
export function queryParams(anchorMs: number, symbol: string): QueryParams {
  return { fromMs: anchorMs - WEEK_MS, toMs: anchorMs, dayFromMs: anchorMs - DAY_MS, symbol };
}
