/**
 * InfluxDB line protocol for generated rows, timestamps in microseconds (write with
 * `precision=u`): `measurement,tag=v,... field=v,... <epoch µs>\n`.
 *
 * Tags are the table's 'tag' columns, sorted by key (InfluxDB's preferred order); null or empty
 * tags are omitted. Fields are the 'field' columns: floats as plain numbers, DECIMAL strings
 * verbatim (float fields), ints with the `i` suffix, text and JSON as double-quoted strings.
 * Null fields are omitted; a row without any field cannot be written and is an error.
 */
import { gzipSync } from 'node:zlib';
import type { EncodedBatch, EncoderRef } from '../../core/engine.js';
import { TABLES, type Row, type TableName, type TableSpec, type ValueKind } from '../../core/tables.js';
import { ByteWriter, escapeTables } from '../../generate/byte-writer.js';

const TAG_SPECIAL = /[,= ]/;
const TAG_SPECIAL_ALL = /[,= ]/g;
const MEASUREMENT_SPECIAL_ALL = /[, ]/g;
const STRING_SPECIAL = /["\\]/;
const STRING_SPECIAL_ALL = /["\\]/g;
const LINE_BREAK = /[\n\r]/;

/** Tag key/value or field key: commas, equals signs and spaces backslash-escaped. */
export function escapeTag(value: string): string {
  if (LINE_BREAK.test(value)) throw new Error(`line protocol cannot carry a line break in a tag or key: ${JSON.stringify(value)}`);
  return TAG_SPECIAL.test(value) ? value.replace(TAG_SPECIAL_ALL, '\\$&') : value;
}

/** Measurement name: commas and spaces backslash-escaped. */
export function escapeMeasurement(value: string): string {
  if (LINE_BREAK.test(value)) throw new Error(`line protocol cannot carry a line break in a measurement: ${JSON.stringify(value)}`);
  return value.replace(MEASUREMENT_SPECIAL_ALL, '\\$&');
}

/** String field value, quoted, with `"` and `\` backslash-escaped. */
export function quoteFieldString(value: string): string {
  return '"' + (STRING_SPECIAL.test(value) ? value.replace(STRING_SPECIAL_ALL, '\\$&') : value) + '"';
}

const FIELD_FLOAT = 0;
const FIELD_DECIMAL = 1;
const FIELD_INT = 2;
const FIELD_STRING = 3;

const FIELD_CODES: Partial<Record<ValueKind, number>> = {
  float: FIELD_FLOAT,
  decimal: FIELD_DECIMAL,
  int: FIELD_INT,
  text: FIELD_STRING,
  json: FIELD_STRING,
};

interface LineLayout {
  measurement: Uint8Array;
  timeIndex: number;
  /** Per tag: column index and `,key=` prefix. */
  tagIndex: Int32Array;
  tagPrefix: Uint8Array[];
  /** Per field: column index, kind code, `key=` prefix (the first field's with a leading space). */
  fieldIndex: Int32Array;
  fieldKind: Int32Array;
  fieldPrefix: Uint8Array[];
  /** Longest prefix in bytes. */
  maxPrefix: number;
}

const layoutCache = new WeakMap<TableSpec, LineLayout>();
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

function layoutOf(table: TableSpec): LineLayout {
  let layout = layoutCache.get(table);
  if (layout) return layout;
  const indexed = table.columns.map((c, i) => ({ c, i }));
  const time = indexed.filter(({ c }) => c.role === 'time');
  if (time.length !== 1) throw new Error(`${table.name}: need exactly one time column`);
  const tags = indexed.filter(({ c }) => c.role === 'tag').sort((a, b) => (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
  const fields = indexed.filter(({ c }) => c.role === 'field');
  if (fields.length === 0) throw new Error(`${table.name}: a measurement needs at least one field column`);
  const tagPrefix = tags.map((t) => utf8(',' + escapeTag(t.c.name) + '='));
  const fieldPrefix = fields.map((f) => utf8(',' + escapeTag(f.c.name) + '='));
  layout = {
    measurement: utf8(escapeMeasurement(table.measurement)),
    timeIndex: time[0].i,
    tagIndex: Int32Array.from(tags, (t) => t.i),
    tagPrefix,
    fieldIndex: Int32Array.from(fields, (f) => f.i),
    fieldKind: Int32Array.from(fields, (f) => {
      const code = FIELD_CODES[f.c.kind];
      if (code === undefined) throw new Error(`${table.name}.${f.c.name}: kind ${f.c.kind} cannot be a field`);
      return code;
    }),
    fieldPrefix,
    maxPrefix: Math.max(...tagPrefix.map((p) => p.length), ...fieldPrefix.map((p) => p.length)),
  };
  layoutCache.set(table, layout);
  return layout;
}

function badValue(table: TableSpec, column: number, value: unknown): Error {
  const col = table.columns[column];
  return new Error(`${table.name}.${col?.name ?? column}: cannot encode ${JSON.stringify(value)} in line protocol`);
}

function noField(table: TableSpec, row: number): Error {
  return new Error(`${table.name}: row ${row} has no non-null field; InfluxDB cannot store it`);
}

/** Tag values: commas, equals signs and spaces escaped; line breaks cannot be carried. */
const TAG_TABLES = escapeTables({ ',': ',', '=': '=', ' ': ' ' }, '\n\r');
const STRING_TABLES = escapeTables({ '"': '"', '\\': '\\' });
const SPACE = 32;
const QUOTE = 34;
const NEWLINE = 10;
const LETTER_I = 105;
const writer = new ByteWriter(1 << 20);

/** Rows as line protocol (precision `u`), one line per row, each ending with a newline. */
export function encodeLineProtocol(table: TableSpec, rows: readonly Row[]): Buffer {
  const L = layoutOf(table);
  const { tagIndex, tagPrefix, fieldIndex, fieldKind, fieldPrefix, timeIndex, measurement, maxPrefix } = L;
  const tagCount = tagIndex.length;
  const fieldCount = fieldIndex.length;
  const w = writer;
  w.reset();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    w.ensure(measurement.length);
    w.bytes(measurement);
    for (let t = 0; t < tagCount; t++) {
      const v = row[tagIndex[t]];
      if (v === null || v === '') continue;
      if (typeof v !== 'string') throw badValue(table, tagIndex[t], v);
      w.ensure(maxPrefix);
      w.bytes(tagPrefix[t]);
      w.escaped(v, TAG_TABLES.special, TAG_TABLES.replace);
    }
    let first = true;
    for (let f = 0; f < fieldCount; f++) {
      const v = row[fieldIndex[f]];
      if (v === null) continue;
      w.ensure(maxPrefix + 1);
      const prefix = fieldPrefix[f];
      if (first) {
        // The field set starts with a space instead of the prefix's comma.
        w.byte(SPACE);
        for (let i = 1; i < prefix.length; i++) w.byte(prefix[i]);
        first = false;
      } else {
        w.bytes(prefix);
      }
      switch (fieldKind[f]) {
        case FIELD_FLOAT:
          if (typeof v !== 'number' || !Number.isFinite(v)) throw badValue(table, fieldIndex[f], v);
          w.string('' + v);
          break;
        case FIELD_DECIMAL:
          w.string(typeof v === 'string' ? v : '' + v);
          break;
        case FIELD_INT:
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw badValue(table, fieldIndex[f], v);
          w.uint(v);
          w.ensure(1);
          w.byte(LETTER_I);
          break;
        default:
          if (typeof v !== 'string') throw badValue(table, fieldIndex[f], v);
          w.ensure(1);
          w.byte(QUOTE);
          w.escaped(v, STRING_TABLES.special, STRING_TABLES.replace);
          w.ensure(1);
          w.byte(QUOTE);
      }
    }
    if (first) throw noField(table, r);
    const time = row[timeIndex];
    if (typeof time !== 'number' || !Number.isSafeInteger(time)) throw badValue(table, timeIndex, time);
    w.ensure(1);
    w.byte(SPACE);
    w.uint(time);
    w.ensure(1);
    w.byte(NEWLINE);
  }
  return w.finish();
}

/** What a line-protocol writer sends: the body and whether it is gzipped. */
export interface InfluxPayload {
  body: Buffer;
  gzip: boolean;
}

/** What the writer's encoder needs, clonable to a worker thread (see EncoderRef). */
export interface LineEncoderArgs {
  table: TableName;
  gzip: boolean;
}

/** TableWriter.encode of the InfluxDB writers: line protocol, gzipped when asked. */
export function lineEncoder(args: LineEncoderArgs): (rows: readonly Row[]) => EncodedBatch {
  const spec = TABLES[args.table];
  if (!spec) throw new Error(`no table named ${args.table}`);
  return (rows) => {
    const text = encodeLineProtocol(spec, rows);
    const body = args.gzip ? gzipSync(text) : text;
    const payload: InfluxPayload = { body, gzip: args.gzip };
    return { rows: rows.length, bytes: body.length, payload };
  };
}

/** The EncoderRef of lineEncoder(args). */
export function lineEncoderRef(args: LineEncoderArgs): EncoderRef {
  return { module: import.meta.url, factory: 'lineEncoder', args };
}
