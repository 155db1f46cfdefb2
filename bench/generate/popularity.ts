/**
 * Popularity of keys. A zipf distribution over ranks; which key holds which rank is a
 * permutation seeded by (seed, table) only, so every stream of a table agrees on the most
 * popular key. Knows nothing of key names (./keys.ts), so table modules may use it.
 */
import type { TableName } from '../core/tables.js';
import { rngFor } from './prng.js';
import type { Rng } from './prng.js';
import { ZipfSampler } from './zipf.js';

/** rank -> key index: a seeded Fisher-Yates shuffle. */
export function popularityOrder(table: TableName, keyCount: number, seed: number): Int32Array {
  const order = new Int32Array(keyCount);
  for (let i = 0; i < keyCount; i++) order[i] = i;
  const rng = rngFor([seed, table, 'key-popularity']);
  for (let i = keyCount - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Draws key indexes with the table's skewed popularity. */
export class KeyPicker {
  private readonly zipf: ZipfSampler;
  private readonly order: Int32Array;
  private readonly rng: Rng;

  constructor(table: TableName, keyCount: number, skew: number, seed: number, rng: Rng) {
    this.zipf = new ZipfSampler(keyCount, skew);
    this.order = popularityOrder(table, keyCount, seed);
    this.rng = rng;
  }

  pick(): number {
    return this.order[this.zipf.pick(this.rng.float())];
  }
}
