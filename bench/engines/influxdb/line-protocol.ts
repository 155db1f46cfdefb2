/**
 * InfluxDB line protocol for generated rows, timestamps in microseconds (write with
 * `precision=u`): `measurement,tag=v,... field=v,... <epoch µs>\n`.
 *
 * Tags are the table's 'tag' columns, sorted by key (InfluxDB's preferred order); null or empty
 * tags are omitted. Fields are the 'field' columns: floats as plain numbers, DECIMAL strings
 * verbatim (float fields), ints with the `i` suffix, text and JSON as double-quoted strings.
 * Null fields are omitted; a row without any field cannot be written and is an error.
 */
import type { Row, TableSpec, ValueKind } from '../../core/tables.js';

const TAG_SPECIAL = /[,= ]/;
const TAG_SPECIAL_ALL = /[,= ]/g;
const MEASUREMENT_SPECIAL_ALL = /[, ]/g;
const STRING_SPECIAL = /["\\]/;
const STRING_SPECIAL_ALL = /["\\]/g;
const LINE_BREAK = /[\n\r]/;
const TAG_CHECK = /[,= \n\r]/;

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
  measurement: string;
  timeIndex: number;
  /** Per tag: column index and `,key=` prefix. */
  tagIndex: Int32Array;
  tagPrefix: string[];
  /** Per field: column index, kind code, `key=` prefix. */
  fieldIndex: Int32Array;
  fieldKind: Int32Array;
  fieldPrefix: string[];
}

const layoutCache = new WeakMap<TableSpec, LineLayout>();

function layoutOf(table: TableSpec): LineLayout {
  let layout = layoutCache.get(table);
  if (layout) return layout;
  const indexed = table.columns.map((c, i) => ({ c, i }));
  const time = indexed.filter(({ c }) => c.role === 'time');
  if (time.length !== 1) throw new Error(`${table.name}: need exactly one time column`);
  const tags = indexed.filter(({ c }) => c.role === 'tag').sort((a, b) => (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
  const fields = indexed.filter(({ c }) => c.role === 'field');
  if (fields.length === 0) throw new Error(`${table.name}: a measurement needs at least one field column`);
  layout = {
    measurement: escapeMeasurement(table.measurement),
    timeIndex: time[0].i,
    tagIndex: Int32Array.from(tags, (t) => t.i),
    tagPrefix: tags.map((t) => ',' + escapeTag(t.c.name) + '='),
    fieldIndex: Int32Array.from(fields, (f) => f.i),
    fieldKind: Int32Array.from(fields, (f) => {
      const code = FIELD_CODES[f.c.kind];
      if (code === undefined) throw new Error(`${table.name}.${f.c.name}: kind ${f.c.kind} cannot be a field`);
      return code;
    }),
    fieldPrefix: fields.map((f) => escapeTag(f.c.name) + '='),
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

/** Rows as line protocol (precision `u`), one line per row, each ending with a newline. */
export function encodeLineProtocol(table: TableSpec, rows: readonly Row[]): Buffer {
  const L = layoutOf(table);
  const { tagIndex, tagPrefix, fieldIndex, fieldKind, fieldPrefix, timeIndex } = L;
  const tagCount = tagIndex.length;
  const fieldCount = fieldIndex.length;
  let out = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = L.measurement;
    for (let t = 0; t < tagCount; t++) {
      const v = row[tagIndex[t]];
      if (v === null || v === '') continue;
      if (typeof v !== 'string') throw badValue(table, tagIndex[t], v);
      line += tagPrefix[t] + (TAG_CHECK.test(v) ? escapeTag(v) : v);
    }
    let sep = ' ';
    for (let f = 0; f < fieldCount; f++) {
      const v = row[fieldIndex[f]];
      if (v === null) continue;
      let text: string;
      switch (fieldKind[f]) {
        case FIELD_FLOAT:
          if (typeof v !== 'number' || !Number.isFinite(v)) throw badValue(table, fieldIndex[f], v);
          text = '' + v;
          break;
        case FIELD_DECIMAL:
          text = '' + v;
          break;
        case FIELD_INT:
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw badValue(table, fieldIndex[f], v);
          text = v + 'i';
          break;
        default:
          if (typeof v !== 'string') throw badValue(table, fieldIndex[f], v);
          text = quoteFieldString(v);
      }
      line += sep + fieldPrefix[f] + text;
      sep = ',';
    }
    if (sep === ' ') throw noField(table, r);
    const time = row[timeIndex];
    if (typeof time !== 'number' || !Number.isSafeInteger(time)) throw badValue(table, timeIndex, time);
    out += line + ' ' + time + '\n';
  }
  return Buffer.from(out, 'utf8');
}
