/**
 * What one seed table contributes to generation: its default shape, the names of its keys and
 * a row factory. One file per table; ./index.ts maps table names to modules.
 */
import type { TableShape } from '../../core/scenario.js';
import type { Row, TableName } from '../../core/tables.js';
import type { Rng } from '../prng.js';
import type { KeyPicker } from '../popularity.js';

export interface RowFactoryContext {
  shape: TableShape;
  /** Key names (symbols, sources, ...) in their fixed order. */
  keys: readonly string[];
  /** Draws a key index with the dataset's skewed popularity. */
  picker: KeyPicker;
  /** Draws for row values; independent per stream. */
  rng: Rng;
  /** Draws for per-key character (starting levels...); same for every stream of the table. */
  setupRng: Rng;
}

/** Builds the row for instant `timeUs` (epoch µs); called in timestamp order. */
export type RowFactory = (timeUs: number) => Row;

export interface TableModule {
  table: TableName;
  defaultShape(): TableShape;
  /** The first `count` key names (deterministic, independent of the seed). */
  keyNames(count: number): string[];
  createRowFactory(ctx: RowFactoryContext): RowFactory;
}

/** `prefix-0001` style names. */
export function numberedNames(prefix: string, count: number, from = 1): string[] {
  const width = Math.max(4, String(count + from - 1).length);
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + from).padStart(width, '0')}`);
}
