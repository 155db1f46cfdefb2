/**
 * InfluxQL text building: identifier and string quoting, epoch-ms time literals, durations.
 * Pure functions; every statement the engine sends is assembled from these.
 */

/** Double-quoted identifier ("my db"), with backslash and double quote escaped. */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Single-quoted string literal ('it\'s'), with backslash and single quote escaped. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An absolute instant as an InfluxQL epoch literal in milliseconds, e.g. `1700000000000ms`. */
export function timeMs(ms: number): string {
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) throw new Error(`not an integer epoch ms: ${ms}`);
  return `${ms}ms`;
}

/** `time >= <from>ms AND time < <to>ms`: the half-open window [fromMs, toMs). */
export function window(fromMs: number, toMs: number): string {
  return `time >= ${timeMs(fromMs)} AND time < ${timeMs(toMs)}`;
}

/** A retention-policy duration, whole hours, at least 1h (InfluxDB's minimum). */
export function rpDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 3_600_000))}h`;
}

/** `"db"."rp"."measurement"`; rp may be omitted (default RP). */
export function qualified(db: string, rp: string | null, measurement: string): string {
  return rp === null ? `${ident(db)}..${ident(measurement)}` : `${ident(db)}.${ident(rp)}.${ident(measurement)}`;
}

export const HOUR_MS = 3_600_000;

/** Floors an epoch-ms instant to its UTC hour (InfluxDB aligns GROUP BY time(1h) buckets so). */
export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}
