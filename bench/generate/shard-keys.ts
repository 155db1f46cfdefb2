/**
 * Which shard owns which key. Every table's key (symbol, source, narrative, alert type) is the
 * row's second column; a key belongs to exactly one shard, so shard i's rows are a disjoint
 * part of the one dataset and every key's rows (its price walk, in time order) are written by
 * one shard. Keys are dealt by popularity so shards carry similar shares of rows: in rank order
 * (the dataset's seeded popularity), each key goes to the shard with the least expected share
 * so far (zipf weight 1/(rank+1)^skew; ties to the lower index). A few very popular keys can
 * still outweigh 1/N: the shard's share is measured at planning and its rate scaled to it.
 */
import type { TableShape } from '../core/scenario.js';
import type { Row, TableName } from '../core/tables.js';
import { keyValues } from './keys.js';
import { popularityOrder } from './popularity.js';

export interface ShardSelector {
  /** 0-based. */
  index: number;
  count: number;
}

/** key index -> owning shard, for `count` shards. */
export function keyOwners(table: TableName, shape: TableShape, seed: number, count: number): Int32Array {
  const keys = keyValues(table, shape);
  const order = popularityOrder(table, keys.length, seed);
  const owners = new Int32Array(keys.length);
  const load = new Float64Array(count);
  for (let rank = 0; rank < order.length; rank++) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    owners[order[rank]] = best;
    load[best] += 1 / Math.pow(rank + 1, shape.skew);
  }
  return owners;
}

/** The key names shard `sel.index` owns, in key order. */
export function ownedKeys(table: TableName, shape: TableShape, seed: number, sel: ShardSelector): string[] {
  const owners = keyOwners(table, shape, seed, sel.count);
  return keyValues(table, shape).filter((_, k) => owners[k] === sel.index);
}

/** Predicate: does this row (key in column 1) belong to shard `sel.index`? */
export function shardRowFilter(table: TableName, shape: TableShape, seed: number, sel: ShardSelector): (row: Row) => boolean {
  const own = new Set(ownedKeys(table, shape, seed, sel));
  return (row) => own.has(row[1] as string);
}
