/**
 * Number formatting shared by reports, verdicts, comparisons and capacity text: units, sensible
 * precision, and "—" for anything missing (a missing figure is shown, never hidden).
 */

export const DASH = '—';

export type Maybe = number | null | undefined;

export function isNumber(value: Maybe): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits for small values, grouped integers for large ones. */
export function formatNumber(value: Maybe, digits = 3): string {
  if (!isNumber(value)) return DASH;
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  if (abs < 0.001) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function formatMs(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  if (Math.abs(value) >= 10_000) return `${formatNumber(value / 1000)} s`;
  return `${formatNumber(value)} ms`;
}

/** Durations of configuration (hours, days) rather than measurements. */
export function formatDuration(ms: Maybe): string {
  if (!isNumber(ms)) return DASH;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (Math.abs(ms) >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return formatMs(ms);
}

export function formatRate(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)} rows/s`;
}

export function formatRatio(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)}x`;
}

export function formatPercent(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${formatNumber(value)} %`;
}

export function formatCount(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}
