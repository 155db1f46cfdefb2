/** Keys (symbols, sources, narratives, alert types) of a table: their names and the most popular one. */
import type { TableShape } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import { popularityOrder } from './popularity.js';
import { tableModule } from './tables/index.js';

/** The key names of `table` for `shape` (shape.keys of them), in their fixed order. */
export function keyValues(table: TableName, shape: TableShape): string[] {
  if (!Number.isInteger(shape.keys) || shape.keys < 1) throw new Error(`${table}: shape.keys must be a positive integer, got ${shape.keys}`);
  return tableModule(table).keyNames(shape.keys);
}

/** The key drawn most often (the candle query's symbol for market_price_ticks). */
export function mostPopularKey(table: TableName, shape: TableShape, seed: number): string {
  const keys = keyValues(table, shape);
  return keys[popularityOrder(table, keys.length, seed)[0]];
}
