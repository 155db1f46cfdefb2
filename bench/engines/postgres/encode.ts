/**
 * PostgreSQL ingest encodings of generated rows: COPY text format (for COPY FROM STDIN /
 * SqlClient.copyFrom) and a multi-row INSERT statement. Pure CPU, no I/O.
 *
 * Timestamps are written as `YYYY-MM-DD HH:MM:SS.ffffff+00` from the row's epoch µs: the
 * `YYYY-MM-DD ` part is cached per day (rows come in time order), the rest is digit
 * arithmetic. COPY text is written byte by byte into a reused buffer (see ByteWriter), and
 * one copy of it is returned per batch.
 */
import type { EncodedBatch, EncoderRef } from '../../core/engine.js';
import { TABLES, type ColumnSpec, type Row, type TableName, type TableSpec, type ValueKind } from '../../core/tables.js';
import { ByteWriter, escapeTables } from '../../generate/byte-writer.js';

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const US_PER_SECOND = 1_000_000;
const SECONDS_PER_DAY = 86_400;
/** 0001-01-01 and 9999-12-31T23:59:59 in epoch seconds. */
const MIN_SECOND = -62_135_596_800;
const MAX_SECOND = 253_402_300_799;

let cachedDay = NaN;
let cachedDate = '';
const cachedDateBytes = new Uint8Array(11);

function badTime(us: unknown): Error {
  return new Error('not an epoch-µs timestamp in years 1..9999: ' + String(us));
}

/** Makes cachedDate `YYYY-MM-DD ` for epoch day `day`. */
function useDay(day: number): void {
  if (day === cachedDay) return;
  cachedDate = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10) + ' ';
  for (let i = 0; i < 11; i++) cachedDateBytes[i] = cachedDate.charCodeAt(i);
  cachedDay = day;
}

/** Epoch µs as PostgreSQL timestamptz text in UTC: `2025-01-01 00:00:00.000000+00`. */
export function formatTimestampUs(us: number): string {
  if (typeof us !== 'number' || !Number.isSafeInteger(us)) throw badTime(us);
  const second = Math.floor(us / US_PER_SECOND);
  if (!(second >= MIN_SECOND && second <= MAX_SECOND)) throw badTime(us);
  const micro = us - second * US_PER_SECOND;
  const milli = Math.floor(micro / 1000);
  const day = Math.floor(second / SECONDS_PER_DAY);
  useDay(day);
  const inDay = second - day * SECONDS_PER_DAY;
  const hour = Math.floor(inDay / 3600);
  const minute = Math.floor((inDay - hour * 3600) / 60);
  return cachedDate + PAD2[hour] + ':' + PAD2[minute] + ':' + PAD2[inDay - hour * 3600 - minute * 60] + '.' + PAD3[milli] + PAD3[micro - milli * 1000] + '+00';
}

/** Three ASCII digits per number 0..999. */
const DIGITS3 = new Uint8Array(3000);
for (let n = 0; n < 1000; n++) {
  DIGITS3[3 * n] = 48 + Math.floor(n / 100);
  DIGITS3[3 * n + 1] = 48 + (Math.floor(n / 10) % 10);
  DIGITS3[3 * n + 2] = 48 + (n % 10);
}

/** Writes formatTimestampUs(us) as bytes (29 of them) without building a string. */
function writeTimestamp(w: ByteWriter, us: unknown): void {
  if (typeof us !== 'number' || !(us === Math.floor(us))) throw badTime(us);
  const second = Math.floor(us / US_PER_SECOND);
  if (!(second >= MIN_SECOND && second <= MAX_SECOND)) throw badTime(us);
  const micro = us - second * US_PER_SECOND;
  const day = Math.floor(second / SECONDS_PER_DAY);
  if (day !== cachedDay) useDay(day);
  const inDay = second - day * SECONDS_PER_DAY;
  const hour = (inDay / 3600) | 0;
  const inHour = inDay - hour * 3600;
  const minute = (inHour / 60) | 0;
  const sec = inHour - minute * 60;
  w.ensure(29);
  const buf = w.buf;
  let at = w.pos;
  for (let i = 0; i < 11; i++) buf[at++] = cachedDateBytes[i];
  buf[at++] = DIGITS3[3 * hour + 1];
  buf[at++] = DIGITS3[3 * hour + 2];
  buf[at++] = 58; // ':'
  buf[at++] = DIGITS3[3 * minute + 1];
  buf[at++] = DIGITS3[3 * minute + 2];
  buf[at++] = 58;
  buf[at++] = DIGITS3[3 * sec + 1];
  buf[at++] = DIGITS3[3 * sec + 2];
  buf[at++] = 46; // '.'
  const hi = 3 * ((micro / 1000) | 0);
  const lo = 3 * (micro % 1000);
  buf[at++] = DIGITS3[hi];
  buf[at++] = DIGITS3[hi + 1];
  buf[at++] = DIGITS3[hi + 2];
  buf[at++] = DIGITS3[lo];
  buf[at++] = DIGITS3[lo + 1];
  buf[at++] = DIGITS3[lo + 2];
  buf[at++] = 43; // '+'
  buf[at++] = 48;
  buf[at++] = 48;
  w.pos = at;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value escaped for COPY text format (backslash, tab, newline, carriage return). */
export function escapeCopyText(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : value;
}

const KIND_TIME = 0;
const KIND_TEXT = 1; // text and json: escaped strings
const KIND_NUMBER = 2; // float, int: JavaScript number text
const KIND_DECIMAL = 3; // exact decimal string, copied verbatim

const KIND_CODES: Record<ValueKind, number> = {
  time: KIND_TIME,
  text: KIND_TEXT,
  json: KIND_TEXT,
  float: KIND_NUMBER,
  int: KIND_NUMBER,
  decimal: KIND_DECIMAL,
};

const kindCache = new WeakMap<TableSpec, Int32Array>();

function kindsOf(table: TableSpec): Int32Array {
  let kinds = kindCache.get(table);
  if (!kinds) {
    kinds = Int32Array.from(table.columns, (c: ColumnSpec) => KIND_CODES[c.kind]);
    if (kinds[0] !== KIND_TIME) throw new Error(`${table.name}: the first column must be the time column`);
    kindCache.set(table, kinds);
  }
  return kinds;
}

function badValue(table: TableSpec, column: number, value: unknown): Error {
  const col = table.columns[column];
  return new Error(`${table.name}.${col?.name ?? column}: cannot encode ${JSON.stringify(value)} as ${col?.kind ?? 'a column'}`);
}

function badWidth(table: TableSpec, row: number, width: number): Error {
  return new Error(`${table.name}: row ${row} has ${width} values, expected ${table.columns.length}`);
}

/** Number text PostgreSQL parses back to the same float8 / int (NaN and infinities spelled out). */
function numberText(v: number): string {
  if (Number.isFinite(v)) return '' + v;
  return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
}

const COPY_TABLES = escapeTables({ '\\': '\\', '\t': 't', '\n': 'n', '\r': 'r' });
const TAB = 9;
const NEWLINE = 10;
const writer = new ByteWriter(1 << 20);

/**
 * Rows in PostgreSQL COPY text format: columns in table order, tab separated, `\N` for null,
 * one line per row, each ending with a newline.
 */
export function encodeCopyText(table: TableSpec, rows: readonly Row[]): Buffer {
  const kinds = kindsOf(table);
  const width = kinds.length;
  const { special, replace } = COPY_TABLES;
  const w = writer;
  w.reset();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) throw badWidth(table, r, row.length);
    writeTimestamp(w, row[0]);
    for (let c = 1; c < width; c++) {
      const v = row[c];
      w.ensure(3);
      w.byte(TAB);
      if (v === null) {
        w.byte(92);
        w.byte(78); // \N
        continue;
      }
      switch (kinds[c]) {
        case KIND_TEXT:
          if (typeof v !== 'string') throw badValue(table, c, v);
          w.escaped(v, special, replace);
          break;
        case KIND_DECIMAL:
          w.string(typeof v === 'string' ? v : numberText(v));
          break;
        case KIND_NUMBER:
          if (typeof v !== 'number') throw badValue(table, c, v);
          w.string(numberText(v));
          break;
        default:
          throw badValue(table, c, v);
      }
    }
    w.ensure(1);
    w.byte(NEWLINE);
  }
  return w.finish();
}

/** `"name"` with embedded double quotes doubled. */
export function quoteIdentifier(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A standard-conforming SQL string literal: `'it''s'` (backslashes are literal). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('PostgreSQL text cannot contain NUL characters');
  return "'" + value.replace(/'/g, "''") + "'";
}

const NUMERIC_LITERAL = /^-?\d+(\.\d+)?$/;

/**
 * One multi-row INSERT: `INSERT INTO <qualifiedTable> ("c1", ...) VALUES (...), (...)` with
 * literal values. `qualifiedTable` is used verbatim (already quoted, e.g. `"run_x"."ticks"`).
 */
export function encodeInsertValues(table: TableSpec, rows: readonly Row[], qualifiedTable: string): { sql: string } {
  if (rows.length === 0) throw new Error(`${table.name}: an INSERT needs at least one row`);
  const kinds = kindsOf(table);
  const width = kinds.length;
  let sql = 'INSERT INTO ' + qualifiedTable + ' (' + table.columns.map((c) => quoteIdentifier(c.name)).join(', ') + ') VALUES ';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) throw badWidth(table, r, row.length);
    let tuple = (r === 0 ? "('" : ",('") + formatTimestampUs(row[0] as number) + "'";
    for (let c = 1; c < width; c++) {
      const v = row[c];
      if (v === null) {
        tuple += ', NULL';
        continue;
      }
      switch (kinds[c]) {
        case KIND_TEXT:
          if (typeof v !== 'string') throw badValue(table, c, v);
          tuple += ', ' + quoteLiteral(v);
          break;
        case KIND_DECIMAL:
          tuple += ', ' + (typeof v === 'string' && NUMERIC_LITERAL.test(v) ? v : typeof v === 'number' ? numberText(v) : quoteLiteral(String(v)));
          break;
        case KIND_NUMBER:
          if (typeof v !== 'number') throw badValue(table, c, v);
          tuple += ', ' + (Number.isFinite(v) ? '' + v : "'" + numberText(v) + "'");
          break;
        default:
          throw badValue(table, c, v);
      }
    }
    sql += tuple + ')';
  }
  return { sql };
}

/** What the writer's encoder needs, clonable to a worker thread (see EncoderRef). */
export interface PgEncoderArgs {
  table: TableName;
  method: 'copy' | 'insert';
  /** Quoted, schema-qualified table name (INSERT only). */
  qualified: string;
}

/** TableWriter.encode of the PostgreSQL writers: COPY text, or one multi-row INSERT. */
export function pgEncoder(args: PgEncoderArgs): (rows: readonly Row[]) => EncodedBatch {
  const spec = TABLES[args.table];
  if (!spec) throw new Error(`no table named ${args.table}`);
  if (args.method === 'copy') {
    return (rows) => {
      const payload = encodeCopyText(spec, rows);
      return { rows: rows.length, bytes: payload.length, payload };
    };
  }
  return (rows) => {
    const { sql } = encodeInsertValues(spec, rows, args.qualified);
    return { rows: rows.length, bytes: Buffer.byteLength(sql), payload: sql };
  };
}

/** The EncoderRef of pgEncoder(args). */
export function pgEncoderRef(args: PgEncoderArgs): EncoderRef {
  return { module: import.meta.url, factory: 'pgEncoder', args };
}

const CSV_QUOTE_NEEDED = /[",\n\r]/;

/** A CSV field: quoted when it holds a quote, comma or line break, or is empty (unquoted empty = NULL). */
function csvField(value: string): string {
  return value === '' || CSV_QUOTE_NEEDED.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/**
 * Rows as CSV for `COPY ... FROM ... WITH (FORMAT csv)`: no header, columns in table order,
 * NULL as an empty unquoted field (an empty string is written `""`), timestamps as in COPY
 * text, one line per row. Slower than encodeCopyText: for files, not for timed loads.
 */
export function encodeCsv(table: TableSpec, rows: readonly Row[]): string {
  const kinds = kindsOf(table);
  const width = kinds.length;
  const lines: string[] = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) throw badWidth(table, r, row.length);
    let line = formatTimestampUs(row[0] as number);
    for (let c = 1; c < width; c++) {
      const v = row[c];
      line += ',';
      if (v === null) continue;
      switch (kinds[c]) {
        case KIND_TEXT:
          if (typeof v !== 'string') throw badValue(table, c, v);
          line += csvField(v);
          break;
        case KIND_DECIMAL:
          line += typeof v === 'string' ? csvField(v) : numberText(v);
          break;
        case KIND_NUMBER:
          if (typeof v !== 'number') throw badValue(table, c, v);
          line += numberText(v);
          break;
        default:
          throw badValue(table, c, v);
      }
    }
    lines[r] = line;
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
