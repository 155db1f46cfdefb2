/**
 * What an engine is asked and what it answers when it runs a named query (the catalogue of
 * queries is bench/queries/catalog.ts). Part of the Engine contract, so it lives with it.
 */

/** Parameters every named query is run with. */
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
