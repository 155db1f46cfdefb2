/**
 * Memory accounting: Redis keeps everything in RAM, so its "storage" is memory. Figures:
 * - used_memory_delta: INFO memory `used_memory` now minus at createTables() (what the run's
 *   keys cost the server, allocator overhead and keyspace dictionary included);
 * - memory_usage: sum of `MEMORY USAGE <key> SAMPLES 0` over a table's keys (exact per key);
 * - memory_per_hour_at_<rate>: bytes per row x rate x 3600 — the RAM one hour of rows needs
 *   at that rate, extrapolated linearly from the measured bytes per row (the hot sets' per-entry
 *   cost does not depend on how many entries they hold once they are skiplists, > 128 entries).
 */

/** `INFO` text ("# Memory\r\nused_memory:123\r\n...") -> field -> value. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export function usedMemory(info: Record<string, string>): number {
  const n = Number(info.used_memory);
  if (!Number.isFinite(n)) throw new Error('INFO memory has no used_memory');
  return n;
}

/** Name of the projected figure, e.g. memory_per_hour_at_10000_rows_s. */
export function perHourName(rate: number): string {
  return `memory_per_hour_at_${Math.round(rate)}_rows_s`;
}

/** Bytes one hour of rows needs at `rate` rows/s, from `bytes` measured for `rows` rows. */
export function perHourBytes(bytes: number, rows: number, rate: number): number | null {
  if (rows <= 0 || bytes <= 0) return null;
  return Math.round((bytes / rows) * rate * 3600);
}
