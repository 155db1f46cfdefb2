/**
 * Values for comparison tables: enough digits that a one-byte-per-row change is visible, few
 * enough to read (the report's formatValue rounds to three significant digits instead).
 */
import type { MetricUnit } from '../core/results.js';
import { formatByteCount } from './bytes.js';
import { DASH } from './numbers.js';

const grouped = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function significant(n: number, digits: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 10 ** digits) return grouped(n);
  return Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A value with its unit, e.g. "12.3 ms", "98,765 rows/s", "110,234,112 B", "114.270 B/row". */
export function formatPreciseValue(value: number | null | undefined, unit: MetricUnit | string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  switch (unit) {
    case 'bytes':
      return formatByteCount(value);
    case 'count':
      return grouped(value);
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
