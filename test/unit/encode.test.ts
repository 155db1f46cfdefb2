import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TABLES, TABLE_NAMES } from '../../bench/core/tables.js';
import type { ColumnSpec, Row, TableSpec } from '../../bench/core/tables.js';
import { encodeCopyText, encodeInsertValues, escapeCopyText, formatTimestampUs, quoteLiteral } from '../../bench/engines/postgres/encode.js';
import { encodeLineProtocol, escapeMeasurement, escapeTag } from '../../bench/engines/influxdb/line-protocol.js';
import { generateBatches, resolveShape } from '../../bench/generate/index.js';

const T0 = Date.UTC(2025, 0, 1) * 1000; // 2025-01-01 00:00:00 UTC in µs

const col = (name: string, kind: ColumnSpec['kind'], role: ColumnSpec['role'], notNull = false): ColumnSpec => ({
  name,
  sqlType: kind,
  kind,
  role,
  notNull,
});

/** Every value kind, for escaping tests. */
const MIXED: TableSpec = {
  name: 'alert_events',
  columns: [
    col('ts', 'time', 'time', true),
    col('kind tag', 'text', 'tag', true),
    col('note', 'text', 'field'),
    col('meta', 'json', 'field'),
    col('score', 'float', 'field'),
    col('hits', 'int', 'field'),
    col('price', 'decimal', 'field'),
  ],
  primaryKey: ['ts', 'kind tag'],
  segmentBy: 'kind tag',
  measurement: 'my measure,x',
};

describe('timestamps', () => {
  test('formatTimestampUs', () => {
    assert.equal(formatTimestampUs(0), '1970-01-01 00:00:00.000000+00');
    assert.equal(formatTimestampUs(T0 + 123_456), '2025-01-01 00:00:00.123456+00');
    assert.equal(formatTimestampUs(T0 + 86_399_999_999), '2025-01-01 23:59:59.999999+00');
    assert.equal(formatTimestampUs(T0 - 1), '2024-12-31 23:59:59.999999+00');
    assert.equal(formatTimestampUs(Date.UTC(2024, 1, 29, 13, 5, 9) * 1000 + 7), '2024-02-29 13:05:09.000007+00');
    assert.equal(formatTimestampUs(-1), '1969-12-31 23:59:59.999999+00');
    assert.throws(() => formatTimestampUs(1.5), /epoch-µs/);
    assert.throws(() => formatTimestampUs(1e18), /epoch-µs/);
  });
});

describe('COPY text', () => {
  test('escapes backslash, tab, newline and carriage return in text and json; \\N for null', () => {
    const rows: Row[] = [
      [T0 + 1, 'a\tb', 'line1\nline2\r', '{"p":"C:\\\\x","q":"say \\"hi\\""}', 0.5, 42, '123.45678900'],
      [T0 + 1_000_002, 'plain', null, '{}', null, -7, null],
      [T0 + 2_000_003, 'ünïcödé 🚀', 'back\\slash', '{"e":"é"}', -0.000001, 0, '0.00000001'],
    ];
    const expected =
      '2025-01-01 00:00:00.000001+00\ta\\tb\tline1\\nline2\\r\t{"p":"C:\\\\\\\\x","q":"say \\\\"hi\\\\""}\t0.5\t42\t123.45678900\n' +
      '2025-01-01 00:00:01.000002+00\tplain\t\\N\t{}\t\\N\t-7\t\\N\n' +
      '2025-01-01 00:00:02.000003+00\tünïcödé 🚀\tback\\\\slash\t{"e":"é"}\t-0.000001\t0\t0.00000001\n';
    assert.equal(encodeCopyText(MIXED, rows).toString('utf8'), expected);
  });

  test('escapeCopyText', () => {
    assert.equal(escapeCopyText('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
    assert.equal(escapeCopyText('nothing special'), 'nothing special');
  });

  test('market_price_ticks row', () => {
    const row: Row = [T0 + 5, 'BTC-USD', '60000.12345678', '0.00100000', 'binance'];
    assert.equal(encodeCopyText(TABLES.market_price_ticks, [row]).toString(), '2025-01-01 00:00:00.000005+00\tBTC-USD\t60000.12345678\t0.00100000\tbinance\n');
  });

  test('empty batch, wrong width and wrong types are handled', () => {
    assert.equal(encodeCopyText(MIXED, []).length, 0);
    assert.throws(() => encodeCopyText(TABLES.sentiment_scores, [[T0, 'n', 0.1]]), /has 3 values, expected 4/);
    assert.throws(() => encodeCopyText(TABLES.sentiment_scores, [[T0, 'n', 'x', 1]]), /sentiment_score/);
    assert.throws(() => encodeCopyText(TABLES.sentiment_scores, [['2025', 'n', 0.1, 1]]), /epoch-µs/);
  });

  test('large batches grow the buffer and results are independent copies', () => {
    const rows: Row[] = Array.from({ length: 30_000 }, (_, i) => [T0 + i, 'x'.repeat(i % 50), null, '{}', i / 8, i, '1.00000000']);
    const a = encodeCopyText(MIXED, rows);
    const b = encodeCopyText(MIXED, rows.slice(0, 1));
    assert.equal(a.toString().split('\n').length, 30_001);
    assert.ok(a.toString().startsWith('2025-01-01 00:00:00.000000+00\t\t\\N\t{}\t0\t0\t1.00000000\n'));
    assert.equal(b.toString(), '2025-01-01 00:00:00.000000+00\t\t\\N\t{}\t0\t0\t1.00000000\n');
  });

  test('agrees with a straightforward string implementation on generated rows of every table', () => {
    for (const table of TABLE_NAMES) {
      const spec = TABLES[table];
      const source = generateBatches(
        {
          table,
          seed: 11,
          stream: 's',
          shape: resolveShape(table, { nullFraction: 0.2 }),
          anchorMs: T0 / 1000,
          startMs: T0 / 1000 - 86_400_000,
          endMs: T0 / 1000,
          rows: 3_000,
        },
        3_000,
      );
      const rows = source.next().value as Row[];
      const reference = rows
        .map((row) => row.map((v, i) => (i === 0 ? formatTimestampUs(v as number) : v === null ? '\\N' : typeof v === 'string' ? escapeCopyText(v) : String(v))).join('\t') + '\n')
        .join('');
      assert.equal(encodeCopyText(spec, rows).toString('utf8'), reference, table);
    }
  });
});

describe('INSERT ... VALUES', () => {
  test('quotes identifiers and literals, NULL and numbers unquoted', () => {
    const rows: Row[] = [
      [T0 + 1, "it's", 'back\\slash', '{"a":"b\'c"}', 0.25, 3, '1.50000000'],
      [T0 + 2, 'x', null, '{}', null, -1, null],
    ];
    const { sql } = encodeInsertValues(MIXED, rows, '"run_1"."alerts"');
    assert.equal(
      sql,
      'INSERT INTO "run_1"."alerts" ("ts", "kind tag", "note", "meta", "score", "hits", "price") VALUES ' +
        "('2025-01-01 00:00:00.000001+00', 'it''s', 'back\\slash', '{\"a\":\"b''c\"}', 0.25, 3, 1.50000000)," +
        "('2025-01-01 00:00:00.000002+00', 'x', NULL, '{}', NULL, -1, NULL)",
    );
  });

  test('non-finite floats are quoted, empty batches refused', () => {
    const { sql } = encodeInsertValues(TABLES.sentiment_scores, [[T0, 'n', Number.NaN, 1]], 't');
    assert.ok(sql.endsWith("VALUES ('2025-01-01 00:00:00.000000+00', 'n', 'NaN', 1)"), sql);
    assert.throws(() => encodeInsertValues(TABLES.sentiment_scores, [], 't'), /at least one row/);
    assert.equal(quoteLiteral("a'b"), "'a''b'");
    assert.throws(() => quoteLiteral('a\u0000'), /NUL/);
  });
});

describe('line protocol', () => {
  test('tags sorted and escaped, null tags and fields omitted, typed fields, µs timestamp', () => {
    const rows: Row[] = [
      [T0 + 1, 'a,b c=d', 'say "hi" \\ bye', '{"k":"v \\"q\\""}', 0.5, 42, '123.45678900'],
      [T0 + 2, 'plain', null, '{}', null, -7, null],
    ];
    const expected =
      'my\\ measure\\,x,kind\\ tag=a\\,b\\ c\\=d note="say \\"hi\\" \\\\ bye",meta="{\\"k\\":\\"v \\\\\\"q\\\\\\"\\"}",score=0.5,hits=42i,price=123.45678900 1735689600000001\n' +
      'my\\ measure\\,x,kind\\ tag=plain meta="{}",hits=-7i 1735689600000002\n';
    assert.equal(encodeLineProtocol(MIXED, rows).toString('utf8'), expected);
  });

  test('alert_events: tags in key order, a null source_ref is omitted', () => {
    const rows: Row[] = [
      [T0 + 9, 'price_spike', 'critical', 'src-0001', '{"threshold":1.5}'],
      [T0 + 10, 'price_drop', 'info', null, '{"note":"a \\"b\\""}'],
    ];
    assert.equal(
      encodeLineProtocol(TABLES.alert_events, rows).toString(),
      'alert_events,alert_type=price_spike,severity=critical,source_ref=src-0001 metadata="{\\"threshold\\":1.5}" 1735689600000009\n' +
        'alert_events,alert_type=price_drop,severity=info metadata="{\\"note\\":\\"a \\\\\\"b\\\\\\"\\"}" 1735689600000010\n',
    );
  });

  test('market_price_ticks: decimals as float fields, tags sorted (exchange before symbol)', () => {
    const row: Row = [T0, 'BTC-USD', '60000.12345678', '0.00100000', 'binance'];
    assert.equal(
      encodeLineProtocol(TABLES.market_price_ticks, [row]).toString(),
      'market_price_ticks,exchange=binance,symbol=BTC-USD price=60000.12345678,volume=0.00100000 1735689600000000\n',
    );
  });

  test('source_reliability_metrics and sentiment_scores', () => {
    assert.equal(
      encodeLineProtocol(TABLES.source_reliability_metrics, [[T0, 'src-0002', null, 120, 0.01]]).toString(),
      'source_reliability_metrics,source_ref=src-0002 response_time_ms=120i,error_rate=0.01 1735689600000000\n',
    );
    assert.equal(
      encodeLineProtocol(TABLES.sentiment_scores, [[T0, 'narrative-0001', -0.25, 10]]).toString(),
      'sentiment_scores,narrative_id=narrative-0001 sentiment_score=-0.25,volume=10i 1735689600000000\n',
    );
  });

  test('rows that line protocol cannot carry are errors, not silent losses', () => {
    assert.throws(() => encodeLineProtocol(TABLES.alert_events, [[T0, 'x', 'info', null, null]]), /no non-null field/);
    assert.throws(() => encodeLineProtocol(TABLES.alert_events, [[T0, 'x\ny', 'info', null, '{}']]), /cannot be encoded/);
    assert.throws(() => encodeLineProtocol(TABLES.sentiment_scores, [[T0, 'n', Number.NaN, 1]]), /sentiment_score/);
    assert.throws(() => encodeLineProtocol(TABLES.sentiment_scores, [[T0, 'n', 0.1, 1.5]]), /volume/);
  });

  test('escape helpers', () => {
    assert.equal(escapeTag('a b,c=d'), 'a\\ b\\,c\\=d');
    assert.equal(escapeMeasurement('m e,a=s'), 'm\\ e\\,a=s');
    assert.throws(() => escapeTag('a\nb'), /line break/);
  });
});
