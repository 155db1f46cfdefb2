/**
 * Exact decimal text for generated values. Numbers that engines store as float8 are rounded
 * to a fixed number of decimals, so their shortest text form round-trips exactly through
 * PostgreSQL, InfluxDB and JSON. DECIMAL(18,8) values are produced as strings with exactly
 * 8 decimals without toFixed (table lookup, no exponent notation, at most 10 integer digits).
 */

const PAD4: string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));
const PLAIN4: string[] = Array.from({ length: 10_000 }, (_, i) => String(i));
const PLAIN4_DOT: string[] = PLAIN4.map((s) => s + '.');
const PAD4_DOT: string[] = PAD4.map((s) => s + '.');

/** Direct-mapped cache of recent large whole parts (prices move slowly). */
const CACHE_SIZE = 1024;
const cachedWhole = new Float64Array(CACHE_SIZE).fill(-1);
const cachedWholeDot: string[] = new Array<string>(CACHE_SIZE).fill('');

/** Decimal text of a whole number in [0, 1e12) followed by '.', without number-to-string. */
function wholeDot(n: number): string {
  if (n < 10_000) return PLAIN4_DOT[n];
  const slot = n % CACHE_SIZE;
  if (cachedWhole[slot] === n) return cachedWholeDot[slot];
  const hi = Math.floor(n / 10_000);
  const lo = n - hi * 10_000;
  let text: string;
  if (hi < 10_000) text = PLAIN4[hi] + PAD4_DOT[lo];
  else {
    const top = Math.floor(hi / 10_000);
    text = PLAIN4[top] + PAD4[hi - top * 10_000] + PAD4_DOT[lo];
  }
  cachedWhole[slot] = n;
  cachedWholeDot[slot] = text;
  return text;
}

function outOfRange(x: number): Error {
  return new Error('fixed8: value out of range: ' + x);
}

/**
 * `x` (>= 0, < 1e10) as a string with exactly 8 decimals, rounded half up, e.g. "41234.12345678".
 */
export function fixed8(x: number): string {
  if (!(x >= 0) || x >= 1e10) throw outOfRange(x);
  let whole = Math.floor(x);
  let frac = Math.round((x - whole) * 1e8);
  if (frac >= 100_000_000) {
    whole += 1;
    frac -= 100_000_000;
  }
  if (whole >= 1e10) throw outOfRange(x);
  const hi = Math.floor(frac / 10_000);
  return wholeDot(whole) + PAD4[hi] + PAD4[frac - hi * 10_000];
}

/** `x` rounded to 6 decimals, as a number whose String() is its exact decimal form. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0; // + 0 turns -0 into 0
}

/** Clamps `x` into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
