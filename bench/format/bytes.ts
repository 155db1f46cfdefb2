/**
 * The byte formatter: decimal units (1 kB = 1000 B, 1 MB = 10^6 B, 1 GB = 10^9 B), as the seed
 * document writes sizes ("~500 MB") and as every report, projection and comparison says.
 * Binary units (KiB, GiB) are never shown: a reader comparing two tables must not have to ask
 * which kind of gigabyte each one means.
 */
import { DASH, formatNumber, isNumber, type Maybe } from './numbers.js';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
export type ByteUnit = (typeof UNITS)[number];

/** The unit a byte figure is shown in: the largest whose value is at least 1. */
export function byteUnit(bytes: number): { unit: ByteUnit; divisor: number } {
  let i = 0;
  while (Math.abs(bytes) >= 1000 ** (i + 1) && i < UNITS.length - 1) i++;
  return { unit: UNITS[i], divisor: 1000 ** i };
}

/** "4.3 MB", "235 GB", "512 B" (three significant digits); "—" when missing. */
export function formatBytes(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  const { unit, divisor } = byteUnit(value);
  return unit === 'B' ? `${Math.round(value)} B` : `${formatNumber(value / divisor)} ${unit}`;
}

/** Every byte, grouped ("110,234,112 B"): where a one-byte change must stay visible (comparisons). */
export function formatByteCount(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  return `${Math.round(value).toLocaleString('en-US')} B`;
}
