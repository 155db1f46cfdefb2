/** A measured value with its metric unit, and an interval of two such values. */
import type { MetricUnit } from '../core/results.js';
import { formatBytes } from './bytes.js';
import { DASH, formatCount, formatMs, formatNumber, formatPercent, formatRate, formatRatio, isNumber, type Maybe } from './numbers.js';

export function formatValue(value: Maybe, unit: MetricUnit | string): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return formatMs(value);
    case 'rows/s':
      return formatRate(value);
    case 'ratio':
      return formatRatio(value);
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
    case 'bytes/row':
      return isNumber(value) ? `${formatNumber(value)} B/row` : DASH;
    default:
      return isNumber(value) ? `${formatNumber(value)} ${unit}`.trim() : DASH;
  }
}

export function formatInterval(ci: [number, number] | null | undefined, unit: MetricUnit | string): string {
  if (!ci) return DASH;
  return `${formatValue(ci[0], unit)} – ${formatValue(ci[1], unit)}`;
}
