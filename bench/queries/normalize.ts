/**
 * Turns an engine's raw result rows into a QueryAnswer every engine can be compared on:
 * columns in the catalogue's order, time values as epoch ms, numeric strings (PostgreSQL
 * numeric/bigint) as numbers, rows sorted by the query's key columns.
 */
import type { QueryAnswer, QueryDefinition } from './catalog.js';

function toTimeMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    // InfluxDB RFC3339 / PostgreSQL text timestamps; numeric strings are epoch ms.
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    const ms = Date.parse(value.includes('T') || value.endsWith('Z') ? value : value.replace(' ', 'T'));
    if (Number.isNaN(ms)) throw new Error(`not a time value: ${value}`);
    return ms;
  }
  throw new Error(`not a time value: ${String(value)}`);
}

function toValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) ? Number(value) : value;
  if (value instanceof Date) return value.getTime();
  return String(value);
}

function compareCells(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export function normalizeAnswer(def: QueryDefinition, rows: readonly Record<string, unknown>[]): QueryAnswer {
  const out = rows.map((row) =>
    def.columns.map((column) => {
      if (!(column in row)) throw new Error(`query ${def.id}: result has no column '${column}'`);
      return def.timeColumns.includes(column) ? toTimeMs(row[column]) : toValue(row[column]);
    }),
  );
  const keyIdx = def.key.map((k) => def.columns.indexOf(k));
  out.sort((x, y) => {
    for (const i of keyIdx) {
      const c = compareCells(x[i], y[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { columns: [...def.columns], rows: out };
}
