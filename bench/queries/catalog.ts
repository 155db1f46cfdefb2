/**
 * The named queries, defined once. Every engine implements each id and must return the same
 * answer for the same dataset (checked by bench/queries/compare.ts).
 *
 * Two variants (issue 11: the same question, asked the same way):
 * - `portable` (QUERIES): one SQL text used unchanged on every SQL engine
 *   (bench/engines/postgres/queries.ts) and its InfluxQL counterpart. Engine comparisons and
 *   the shipped claims use these.
 * - `idiomatic` (IDIOMATIC_QUERIES): the same question in an engine's own form (TimescaleDB
 *   last()/first()), id `<portable id>_idiomatic`, `portableOf` naming the portable query. Only
 *   engines that have such a form implement it; its answer is checked against the portable
 *   answer, and reports show it in its own rows, never as the engine comparison.
 *
 * Bounds are absolute instants derived from the dataset anchor, so answers are deterministic:
 * the 7-day window is [anchor - 7d, anchor), the one-day window is [anchor - 1d, anchor).
 * Rows ingested by the live `ingest` phase have timestamps >= anchor and so never change an answer.
 */
import type { TableName } from '../core/tables.js';

import type { QueryAnswer, QueryParams } from '../core/queries.js';

export type { QueryAnswer, QueryParams };

export type QueryVariant = 'portable' | 'idiomatic';

export interface QueryDefinition {
  id: string;
  /** portable: one text on every engine; idiomatic: an engine's own form of `portableOf`. */
  variant: QueryVariant;
  /** For an idiomatic query: the portable query asking the same question. */
  portableOf?: string;
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
  /** Run only when a query phase names it (not part of "every query on a loaded table"). */
  onlyWhenNamed?: boolean;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** The hot tier's window (the seed's "< 1 hour TTL" data): [anchor - 1h, anchor). */
export const HOT_WINDOW_MS = 3_600_000;
/** The dashboard's "last N minutes" read: [anchor - 5 min, anchor). */
export const HOT_RECENT_MS = 5 * 60_000;

type Portable = Omit<QueryDefinition, 'variant' | 'portableOf'>;

const PORTABLE: readonly Portable[] = [
  {
    id: 'sources_7d_avg_trust',
    table: 'source_reliability_metrics',
    title: 'Average trust score per source over the last 7 days',
    seed: "SELECT source_ref, AVG(trust_score) FROM source_reliability_metrics WHERE timestamp > NOW() - INTERVAL '7 days' GROUP BY source_ref",
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
  // The dashboard's point reads of the seed's hot tier (Redis vs hypertable), see
  // scenarios/hot-tier.yaml. Named explicitly by scenarios that want them.
  {
    id: 'hot_last_price',
    table: 'market_price_ticks',
    title: 'Dashboard last value: last price per symbol in the last hour before the anchor',
    seed: 'Redis (Cache/Ephemeral): short-lived data (< 1 hour TTL)',
    columns: ['symbol', 'last_time', 'last_price'],
    key: ['symbol'],
    timeColumns: ['last_time'],
    exactColumns: [],
    onlyWhenNamed: true,
  },
  {
    id: 'hot_last_5m',
    table: 'market_price_ticks',
    title: 'Dashboard last 5 minutes: the ticks of one symbol before the anchor in 10-second buckets (ticks, high, low, volume)',
    columns: ['bucket', 'ticks', 'high', 'low', 'volume'],
    key: ['bucket'],
    timeColumns: ['bucket'],
    exactColumns: ['ticks'],
    onlyWhenNamed: true,
  },
];

/** The portable queries: what every engine answers and what engines are compared on. */
export const QUERIES: readonly QueryDefinition[] = PORTABLE.map((q) => ({ ...q, variant: 'portable' as const }));

/** Suffix of an idiomatic query id (no dot: metric keys split at the first dot, ids stay plain). */
export const IDIOMATIC_SUFFIX = '_idiomatic';

/** Portable questions that have an engine-specific form somewhere (TimescaleDB last()/first()). */
const HAS_IDIOMATIC: readonly string[] = ['ticks_last_price', 'ticks_ohlcv_1m'];

/** The idiomatic variants: same question, columns and answer as their portable query. */
export const IDIOMATIC_QUERIES: readonly QueryDefinition[] = HAS_IDIOMATIC.map((portableId) => {
  // The seed's wording belongs to the portable query only.
  const { seed: _seed, ...p } = QUERIES.find((q) => q.id === portableId)!;
  return {
    ...p,
    id: `${portableId}${IDIOMATIC_SUFFIX}`,
    variant: 'idiomatic' as const,
    portableOf: portableId,
    title: `${p.title} (engine-specific SQL)`,
  };
});

/** Every named query, portable first. */
export const ALL_QUERIES: readonly QueryDefinition[] = [...QUERIES, ...IDIOMATIC_QUERIES];

export function queryById(id: string): QueryDefinition | undefined {
  return ALL_QUERIES.find((q) => q.id === id);
}

/** The portable query asking the same question as `id` (itself when portable). */
export function portableIdOf(id: string): string {
  return queryById(id)?.portableOf ?? id;
}

/** Idiomatic variants of a portable query (empty when it has none). */
export function idiomaticVariantsOf(portableId: string): QueryDefinition[] {
  return IDIOMATIC_QUERIES.filter((q) => q.portableOf === portableId);
}

/** The parameters every engine gets for a dataset anchored at `anchorMs`. */
export function queryParams(anchorMs: number, symbol: string): QueryParams {
  return { fromMs: anchorMs - WEEK_MS, toMs: anchorMs, dayFromMs: anchorMs - DAY_MS, symbol };
}
