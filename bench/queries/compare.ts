/**
 * Proves the engines were asked the same question: two answers to a named query must have the
 * same keys, identical exact columns (counts, keys, times) and numbers within a relative
 * tolerance elsewhere (float vs numeric arithmetic differs in the last digits).
 */
import { createHash } from 'node:crypto';
import type { QueryAnswer, QueryDefinition } from './catalog.js';

export const DEFAULT_RELATIVE_TOLERANCE = 1e-9;
const ABSOLUTE_TOLERANCE = 1e-9;

function cellsEqual(a: unknown, b: unknown, exact: boolean, tolerance: number): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number' && !exact) {
    const diff = Math.abs(a - b);
    return diff <= ABSOLUTE_TOLERANCE || diff <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
  return false;
}

function fmtRow(def: QueryDefinition, row: readonly unknown[] | undefined): string {
  if (!row) return '(missing)';
  return def.columns
    .map((c, i) => {
      const v = row[i];
      return `${c}=${def.timeColumns.includes(c) && typeof v === 'number' ? new Date(v).toISOString() : String(v)}`;
    })
    .join(' ');
}

/** Differences between two answers (empty = they agree), at most `limit` lines. */
export function diffAnswers(def: QueryDefinition, a: QueryAnswer, b: QueryAnswer, tolerance = DEFAULT_RELATIVE_TOLERANCE, limit = 5): string[] {
  const out: string[] = [];
  const keyIdx = def.key.map((k) => def.columns.indexOf(k));
  const keyOf = (row: readonly unknown[]) => JSON.stringify(keyIdx.map((i) => row[i]));
  const mapB = new Map(b.rows.map((r) => [keyOf(r), r]));
  const seen = new Set<string>();
  for (const rowA of a.rows) {
    const k = keyOf(rowA);
    seen.add(k);
    const rowB = mapB.get(k);
    const same =
      rowB !== undefined &&
      def.columns.every((c, i) => cellsEqual(rowA[i], rowB[i], def.key.includes(c) || def.exactColumns.includes(c) || def.timeColumns.includes(c), tolerance));
    if (!same) out.push(`${fmtRow(def, rowA)}  vs  ${fmtRow(def, rowB)}`);
    if (out.length >= limit) return out;
  }
  for (const rowB of b.rows) {
    if (!seen.has(keyOf(rowB))) out.push(`(missing)  vs  ${fmtRow(def, rowB)}`);
    if (out.length >= limit) break;
  }
  if (out.length === 0 && a.rows.length !== b.rows.length) out.push(`row counts differ: ${a.rows.length} vs ${b.rows.length}`);
  return out;
}

/** A short digest of an answer with numbers rounded to 9 significant digits (for results.json). */
export function answerDigest(answer: QueryAnswer): string {
  const rounded = answer.rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v)));
  return createHash('sha256').update(JSON.stringify(rounded)).digest('hex').slice(0, 16);
}
