import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLES } from '../../bench/core/tables.js';
import { QUERIES } from '../../bench/queries/catalog.js';
import { createTableSql } from '../../bench/engines/postgres/ddl.js';
import { qualifiedName, schemaNameFor } from '../../bench/engines/postgres/namespace.js';
import { NAMED_QUERY_IDS, namedQuerySql, windowParams } from '../../bench/engines/postgres/queries.js';
import { dateBinBucket } from '../../bench/engines/postgres/dialect.js';
import { quoteIdent } from '../../bench/sql/pg-wire.js';

test('schema name: sanitized run id, at most 63 characters', () => {
  assert.equal(schemaNameFor('2025-01-02T03:04:05Z-AbC'), 'tsdb_bench_2025_01_02t03_04_05z_abc');
  assert.equal(schemaNameFor('--'), 'tsdb_bench_run');
  assert.equal(schemaNameFor('x'.repeat(100)).length, 63);
  assert.equal(qualifiedName('s', 'market_price_ticks'), '"s"."market_price_ticks"');
  assert.equal(quoteIdent('a"b'), '"a""b"');
  assert.equal(quoteIdent('"already"'), '"already"');
});

test('CREATE TABLE uses the seed columns, types and primary key verbatim', () => {
  const sql = createTableSql(TABLES.market_price_ticks, '"s"."market_price_ticks"');
  assert.match(sql, /^CREATE TABLE "s"\."market_price_ticks" \(/);
  assert.match(sql, /"timestamp" TIMESTAMPTZ NOT NULL/);
  assert.match(sql, /"price" DECIMAL\(18, 8\),/);
  assert.match(sql, /"exchange" TEXT NOT NULL/);
  assert.match(sql, /PRIMARY KEY \("timestamp", "symbol", "exchange"\)/);
  const alerts = createTableSql(TABLES.alert_events, '"s"."alert_events"');
  assert.match(alerts, /"metadata" JSONB/);
  assert.match(alerts, /PRIMARY KEY \("timestamp", "alert_type"\)/);
});

test('every catalogue query has SQL reading its own table with half-open bounds', () => {
  assert.deepEqual([...NAMED_QUERY_IDS].sort(), QUERIES.map((q) => q.id).sort());
  const params = { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 8), dayFromMs: Date.UTC(2024, 0, 7), symbol: 'BTC' };
  for (const def of QUERIES) {
    const q = namedQuerySql(def.id, (t) => `"s"."${t}"`, dateBinBucket);
    assert.ok(q, def.id);
    assert.equal(q.table, def.table);
    assert.ok(q.sql.includes(`FROM "s"."${def.table}"`), def.id);
    assert.ok(q.sql.includes('"timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz'), def.id);
    for (const column of def.columns) assert.ok(new RegExp(`\\b${column}\\b`).test(q.sql), `${def.id} selects ${column}`);
    const p = q.params(params);
    if (def.id === 'ticks_ohlcv_1m') assert.deepEqual(p, ['2024-01-07T00:00:00.000Z', '2024-01-08T00:00:00.000Z', 'BTC']);
    else assert.deepEqual(p, ['2024-01-01T00:00:00.000Z', '2024-01-08T00:00:00.000Z']);
  }
  assert.equal(namedQuerySql('nope', (t) => t, dateBinBucket), undefined);
});

test('date_bin buckets are aligned to the UTC epoch', () => {
  assert.equal(
    dateBinBucket(`INTERVAL '1 hour'`, '"timestamp"'),
    `date_bin(INTERVAL '1 hour', "timestamp", TIMESTAMPTZ '1970-01-01 00:00:00+00')`,
  );
  assert.deepEqual(windowParams(0, 1), ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z']);
});
