/**
 * TimescaleDB's idiomatic queries (bench/queries/catalog.ts IDIOMATIC_QUERIES): the same
 * questions as the portable ticks_last_price / ticks_ohlcv_1m, in TimescaleDB's own SQL —
 * last() for the last price per symbol, first()/last() with time_bucket for 1-minute candles.
 * Same windows, semantics and output as the portable SQL (bench/engines/postgres/queries.ts):
 * null prices are skipped for open/close/last, exactly as there. They are reported beside the
 * portable queries, never instead of them.
 */
import type { TableName } from '../../core/tables.js';
import { MINUTE, TIME, windowParams, type BucketSql, type NamedQuerySql } from '../postgres/queries.js';

const WINDOW = `${TIME} >= $1::timestamptz AND ${TIME} < $2::timestamptz`;

export const TIMESCALE_IDIOMATIC_QUERY_IDS: readonly string[] = ['ticks_last_price_idiomatic', 'ticks_ohlcv_1m_idiomatic'];

export function timescaleIdiomaticQuery(queryId: string, qualify: (table: TableName) => string, bucket: BucketSql): NamedQuerySql | undefined {
  switch (queryId) {
    case 'ticks_last_price_idiomatic':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT symbol, max(${TIME}) AS last_time, last(price, ${TIME}) AS last_price ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND price IS NOT NULL GROUP BY symbol`,
        params: (p) => windowParams(p.fromMs, p.toMs),
      };
    case 'ticks_ohlcv_1m_idiomatic':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT ${bucket(MINUTE, TIME)} AS minute, ` +
          `first(price, ${TIME}) FILTER (WHERE price IS NOT NULL) AS open, max(price) AS high, min(price) AS low, ` +
          `last(price, ${TIME}) FILTER (WHERE price IS NOT NULL) AS close, sum(volume) AS volume ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND symbol = $3 GROUP BY minute`,
        params: (p) => [...windowParams(p.dayFromMs, p.toMs), p.symbol],
      };
    default:
      return undefined;
  }
}
