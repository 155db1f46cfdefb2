/**
 * Number formatting for comparison tables: enough digits that a one-byte-per-row change is
 * visible, few enough to read.
 */
import type { MetricUnit } from '../core/results.js';

const grouped = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function significant(n: number, digits: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 10 ** digits) return grouped(n);
  return Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A value with its unit, e.g. "12.3 ms", "98,765 rows/s", "110,234,112 bytes", "114.27 bytes/row". */
export function formatValue(value: number | null | undefined, unit: MetricUnit | string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'bytes':
    case 'count':
      return `${grouped(value)}${unit === 'bytes' ? ' B' : ''}`;
    case 'rows/s':
      return `${grouped(value)} rows/s`;
    case 'ms':
      return `${significant(value, 4)} ms`;
    case 'bytes/row':
      return `${value.toFixed(value >= 1000 ? 1 : 3)} B/row`;
    case 'ratio':
      return `${significant(value, 4)}x`;
    case 'percent':
      return `${significant(value, 4)}%`;
    default:
      return `${significant(value, 4)} ${unit}`;
  }
}

export function formatChange(pct: number | null, ci: [number, number] | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—';
  const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(Math.abs(x) < 1 && x !== 0 ? 2 : 1)}%`;
  return ci ? `${f(pct)} [${f(ci[0])}, ${f(ci[1])}]` : f(pct);
}

/** Escapes a cell for a Markdown table. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
