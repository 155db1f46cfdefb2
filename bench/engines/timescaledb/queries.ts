/**
 * Named queries where TimescaleDB has its own idiom: last() for the last price per symbol and
 * first()/last() for 1-minute candles. Same windows, semantics and output as the shared SQL
 * (bench/engines/postgres/queries.ts): null prices are skipped for open/close/last, exactly as
 * there. Every other query uses the shared SQL with time_bucket.
 */
import type { TableName } from '../../core/tables.js';
import { MINUTE, TIME, windowParams, type BucketSql, type NamedQuerySql } from '../postgres/queries.js';

const WINDOW = `${TIME} >= $1::timestamptz AND ${TIME} < $2::timestamptz`;

export function timescaleNamedQuery(
  queryId: string,
  qualify: (table: TableName) => string,
  bucket: BucketSql,
): NamedQuerySql | undefined {
  switch (queryId) {
    case 'ticks_last_price':
      return {
        queryId,
        table: 'market_price_ticks',
        sql:
          `SELECT symbol, max(${TIME}) AS last_time, last(price, ${TIME}) AS last_price ` +
          `FROM ${qualify('market_price_ticks')} WHERE ${WINDOW} AND price IS NOT NULL GROUP BY symbol`,
        params: (p) => windowParams(p.fromMs, p.toMs),
      };
    case 'ticks_ohlcv_1m':
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
