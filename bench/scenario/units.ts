/**
 * Parsing of the unit-bearing values people write in scenario files and on the command line:
 * counts ("1_000_000", "10k", "1.5M"), plain numbers ("400_000_000"), rates ("10k/s", "600/min"), durations ("250ms", "7d",
 * "1h30m"), sizes ("128MB", "1GiB") and fractions ("5%", 0.05).
 *
 * Every parser accepts a plain number too (counts and rates as is, durations in ms, sizes in
 * bytes) and throws `UnitError` with a message of the form
 * "expected a duration like 30s, 5m, 7d; found '7 dayz'".
 *
 * The `*_PATTERN` constants are the exact string forms accepted; scenario.schema.json uses the
 * same patterns (a unit test keeps the two in sync).
 */

import { UnitError } from '../core/errors.js';

export type UnitKind = 'count' | 'number' | 'rate' | 'duration' | 'size' | 'fraction';

/** How each kind is described in error messages. */
export const UNIT_EXAMPLES: Readonly<Record<UnitKind, string>> = {
  count: 'a count like 20000, 1_000_000, 10k, 1.5M',
  number: 'a number like 2.5, 100_000 or 1.5M',
  rate: 'a rate like 10k/s, 500/s, 1M/s',
  duration: 'a duration like 30s, 5m, 7d',
  size: 'a size like 512kB, 128MB, 1GiB',
  fraction: 'a fraction like 0.05 or 5%',
};

const NUMBER = String.raw`\d[\d_]*(?:\.\d+)?`;
export const COUNT_PATTERN = String.raw`^${NUMBER}[kKMG]?$`;
export const NUMBER_PATTERN = String.raw`^-?${NUMBER}[kKMG]?$`;
export const RATE_PATTERN = String.raw`^${NUMBER}[kKMG]?/(?:s|sec|min|h)$`;
export const DURATION_PATTERN = String.raw`^(?:${NUMBER}(?:ms|s|m|h|d|w))+$`;
export const SIZE_PATTERN = String.raw`^${NUMBER}(?:B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`;
export const FRACTION_PATTERN = String.raw`^${NUMBER}%$`;

const COUNT_SUFFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };
const RATE_PER: Record<string, number> = { s: 1, sec: 1, min: 60, h: 3600 };
const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const SIZE_BYTES: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

function found(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function fail(kind: UnitKind, value: unknown, extra = ''): never {
  if (!extra && kind !== 'number' && typeof value === 'string' && /^\s*-\s*\d/.test(value)) extra = ' (must not be negative)';
  throw new UnitError(`expected ${UNIT_EXAMPLES[kind]}; found ${found(value)}${extra}`);
}

function plainNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

function checkNumber(kind: UnitKind, value: number, original: unknown): number {
  if (!Number.isFinite(value)) fail(kind, original);
  if (value < 0) fail(kind, original, ' (must not be negative)');
  return value;
}

/** A non-negative whole number of things (rows, keys). */
export function parseCount(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    const m = /^(.*?)([kKMG]?)$/.exec(text);
    if (!new RegExp(COUNT_PATTERN).test(text) || !m) fail('count', value);
    n = plainNumber(m[1]) * COUNT_SUFFIX[m[2]];
  } else fail('count', value);
  checkNumber('count', n, value);
  // 1.5k is fine, 1.2345k is not a whole number of rows.
  const rounded = Math.round(n);
  if (Math.abs(n - rounded) > 1e-9 * Math.max(1, n)) fail('count', value, ' (not a whole number)');
  return rounded;
}

/** Any number, written plainly or with underscores / a k, M, G suffix ("400_000_000", "1.5M"). */
export function parseNumber(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!new RegExp(NUMBER_PATTERN).test(text)) fail('number', value);
    const suffix = /[kKMG]$/.test(text) ? text.slice(-1) : '';
    n = plainNumber(suffix ? text.slice(0, -1) : text) * COUNT_SUFFIX[suffix];
  } else fail('number', value);
  if (!Number.isFinite(n)) fail('number', value);
  return n;
}

/** Rows per second. */
export function parseRate(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!new RegExp(RATE_PATTERN).test(text)) fail('rate', value);
    const [amount, per] = text.split('/');
    const suffix = /[kKMG]$/.test(amount) ? amount.slice(-1) : '';
    n = (plainNumber(suffix ? amount.slice(0, -1) : amount) * COUNT_SUFFIX[suffix]) / RATE_PER[per];
  } else fail('rate', value);
  checkNumber('rate', n, value);
  if (n === 0) fail('rate', value, ' (must be above zero)');
  return n;
}

/** Milliseconds. Compound forms add up: "1h30m" = 5_400_000. */
export function parseDuration(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!new RegExp(DURATION_PATTERN).test(text)) fail('duration', value);
    n = 0;
    for (const part of text.matchAll(new RegExp(String.raw`(${NUMBER})(ms|s|m|h|d|w)`, 'g'))) {
      n += plainNumber(part[1]) * DURATION_MS[part[2]];
    }
  } else fail('duration', value);
  return checkNumber('duration', n, value);
}

/** Bytes. kB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB powers of 1024. */
export function parseSize(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!new RegExp(SIZE_PATTERN).test(text)) fail('size', value);
    const m = /^(.*?)([kKMGT]?i?B)$/.exec(text);
    if (!m) fail('size', value);
    n = plainNumber(m[1]) * SIZE_BYTES[m[2]];
  } else fail('size', value);
  return Math.round(checkNumber('size', n, value));
}

/** A fraction 0..1; "5%" = 0.05. */
export function parseFraction(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!new RegExp(FRACTION_PATTERN).test(text)) fail('fraction', value);
    n = plainNumber(text.slice(0, -1)) / 100;
  } else fail('fraction', value);
  checkNumber('fraction', n, value);
  if (n > 1) fail('fraction', value, ' (must be at most 1 = 100%)');
  return n;
}

export const UNIT_PARSERS: Readonly<Record<UnitKind, (value: unknown) => number>> = {
  count: parseCount,
  number: parseNumber,
  rate: parseRate,
  duration: parseDuration,
  size: parseSize,
  fraction: parseFraction,
};

/** Short human forms, for logs and reports: 90000 -> "1m30s", 604800000 -> "7d". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000 || !Number.isInteger(ms)) return `${+ms.toFixed(3)}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = DURATION_MS[unit];
    const whole = Math.floor(rest / size);
    if (whole > 0) {
      parts.push(`${whole}${unit}`);
      rest -= whole * size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
