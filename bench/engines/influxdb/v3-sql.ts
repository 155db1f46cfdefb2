/**
 * InfluxDB 3.x in its own language: the catalogue's idiomatic variants in SQL (DataFusion, sent
 * to /api/v3/query_sql) with 3.x's selector functions (`selector_first/last(value, time)`, which
 * return {value, time}) and `date_bin` buckets aligned to the epoch. The portable questions are
 * asked in InfluxQL on every InfluxDB version (queries.ts), so answers compare across versions
 * and with the SQL engines; these are reported beside them as *idiomatic*.
 *
 * SQL reference: https://docs.influxdata.com/influxdb3/core/reference/sql/functions/selector/
 */
import type { QueryParams } from '../../queries/catalog.js';
import type { TableName } from '../../core/tables.js';
import { sqlString } from './v3-requests.js';

export interface SqlQuery {
  table: TableName;
  build(measurement: string, p: QueryParams): string;
  /** Columns holding timestamps (3.x JSON writes them without a zone: they are UTC). */
  timeColumns: readonly string[];
}

export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `time >= <from> AND time < <to>` with epoch-ms bounds (half-open, like every engine). */
export function sqlWindow(fromMs: number, toMs: number): string {
  if (!Number.isInteger(fromMs) || !Number.isInteger(toMs)) throw new Error(`not integer epoch ms: ${fromMs}, ${toMs}`);
  return `time >= to_timestamp_millis(${fromMs}) AND time < to_timestamp_millis(${toMs})`;
}

export const V3_SQL_QUERIES: Readonly<Record<string, SqlQuery>> = {
  ticks_last_price_idiomatic: {
    table: 'market_price_ticks',
    build: (m, p) =>
      `SELECT symbol, selector_last(price, time)['time'] AS last_time, selector_last(price, time)['value'] AS last_price ` +
      `FROM ${sqlIdent(m)} WHERE ${sqlWindow(p.fromMs, p.toMs)} GROUP BY symbol`,
    timeColumns: ['last_time'],
  },
  ticks_ohlcv_1m_idiomatic: {
    table: 'market_price_ticks',
    build: (m, p) =>
      `SELECT date_bin(INTERVAL '1 minute', time) AS minute, selector_first(price, time)['value'] AS open, MAX(price) AS high, ` +
      `MIN(price) AS low, selector_last(price, time)['value'] AS close, SUM(volume) AS volume ` +
      `FROM ${sqlIdent(m)} WHERE symbol = ${sqlString(p.symbol)} AND ${sqlWindow(p.dayFromMs, p.toMs)} GROUP BY minute`,
    timeColumns: ['minute'],
  },
};

/** A zone-less timestamp string from 3.x's JSON ("2026-11-30T12:00:00") is UTC: make it say so. */
export function utcTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
}

/** Rows of a /api/v3/query_sql JSON answer (an array of objects), times marked UTC. */
export function sqlRows(text: string, timeColumns: readonly string[], what: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text === '' ? '[]' : text);
  } catch {
    throw new Error(`${what}: the reply is not JSON: ${text.slice(0, 200)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${what}: expected a JSON array of rows, got ${text.slice(0, 200)}`);
  return parsed.map((row) => {
    const r = { ...(row as Record<string, unknown>) };
    for (const c of timeColumns) if (c in r) r[c] = utcTime(r[c]);
    return r;
  });
}
