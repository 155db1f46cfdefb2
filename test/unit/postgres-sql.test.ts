import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLES } from '../../bench/core/tables.js';
import { IDIOMATIC_QUERIES, QUERIES } from '../../bench/queries/catalog.js';
import { aggregateById } from '../../bench/queries/aggregates.js';
import { aggregateReadSql, aggregateSelectSql } from '../../bench/engines/postgres/aggregate-sql.js';
import { continuousAggregateSql } from '../../bench/engines/timescaledb/continuous-aggregates.js';
import { timeBucket } from '../../bench/engines/timescaledb/dialect.js';
import { TIMESCALE_IDIOMATIC_QUERY_IDS, timescaleIdiomaticQuery } from '../../bench/engines/timescaledb/queries.js';
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
    const q = namedQuerySql(def.id, (t) => `"s"."${t}"`);
    assert.ok(q, def.id);
    assert.equal(q.table, def.table);
    assert.ok(q.sql.includes(`FROM "s"."${def.table}"`), def.id);
    assert.ok(q.sql.includes('"timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz'), def.id);
    for (const column of def.columns) assert.ok(new RegExp(`\\b${column}\\b`).test(q.sql), `${def.id} selects ${column}`);
    const p = q.params(params);
    if (def.id === 'ticks_ohlcv_1m') assert.deepEqual(p, ['2024-01-07T00:00:00.000Z', '2024-01-08T00:00:00.000Z', 'BTC']);
    else if (def.id === 'hot_last_price') assert.deepEqual(p, ['2024-01-07T23:00:00.000Z', '2024-01-08T00:00:00.000Z']);
    else if (def.id === 'hot_last_5m') assert.deepEqual(p, ['2024-01-07T23:55:00.000Z', '2024-01-08T00:00:00.000Z', 'BTC']);
    else assert.deepEqual(p, ['2024-01-01T00:00:00.000Z', '2024-01-08T00:00:00.000Z']);
  }
  assert.equal(
    namedQuerySql('nope', (t) => t),
    undefined,
  );
  // idiomatic ids are never built from the shared text: only a dialect has them
  for (const def of IDIOMATIC_QUERIES)
    assert.equal(
      namedQuerySql(def.id, (t) => t),
      undefined,
      def.id,
    );
});

test('portable SQL: one text, only standard PostgreSQL (date_bin, DISTINCT ON, ordered array_agg), no TimescaleDB functions', () => {
  for (const def of QUERIES) {
    const q = namedQuerySql(def.id, (t) => `"s"."${t}"`);
    if (!q) continue; // queries of other engines' catalogue (e.g. hot tier) may have no SQL here
    assert.doesNotMatch(q.sql, /\btime_bucket\(|\blast\(|\bfirst\(/, def.id);
  }
  assert.match(namedQuerySql('ticks_last_price', (t) => t)!.sql, /^SELECT DISTINCT ON \(symbol\)/);
  assert.match(namedQuerySql('ticks_ohlcv_1m', (t) => t)!.sql, /date_bin\(INTERVAL '1 minute'/);
  assert.match(namedQuerySql('ticks_7d_hourly', (t) => t)!.sql, /date_bin\(INTERVAL '1 hour'/);
});

test("TimescaleDB idiomatic queries: last()/first() with time_bucket, for exactly the catalogue's idiomatic ids", () => {
  assert.deepEqual([...TIMESCALE_IDIOMATIC_QUERY_IDS].sort(), IDIOMATIC_QUERIES.map((q) => q.id).sort());
  const last = timescaleIdiomaticQuery('ticks_last_price_idiomatic', (t) => t, timeBucket)!;
  assert.match(last.sql, /last\(price, "timestamp"\)/);
  const ohlcv = timescaleIdiomaticQuery('ticks_ohlcv_1m_idiomatic', (t) => t, timeBucket)!;
  assert.match(ohlcv.sql, /time_bucket\(INTERVAL '1 minute', "timestamp"\).*first\(price, "timestamp"\)/);
  assert.equal(
    timescaleIdiomaticQuery('ticks_last_price', (t) => t, timeBucket),
    undefined,
    "portable ids are not the dialect's",
  );
});

test('aggregate SQL: the same aggregate set renders for materialized views (portable) and continuous aggregates (first/last)', () => {
  const ohlcv = aggregateById('ticks_ohlcv_1m')!;
  const mv = aggregateSelectSql(ohlcv, '"s"."market_price_ticks"', dateBinBucket);
  assert.match(
    mv,
    /^SELECT date_bin\(INTERVAL '1 minute', "timestamp", TIMESTAMPTZ '1970-01-01 00:00:00\+00'\) AS "minute", "symbol", \(array_agg\("price" ORDER BY "timestamp"\) FILTER \(WHERE "price" IS NOT NULL\)\)\[1\] AS "open"/,
  );
  assert.match(mv, /GROUP BY "minute", "symbol"$/);
  const cagg = continuousAggregateSql(ohlcv, (n) => `"s"."${n}"`, timeBucket);
  assert.match(
    cagg,
    /time_bucket\(INTERVAL '1 minute', "timestamp"\) AS "minute".*first\("price", "timestamp"\) FILTER \(WHERE "price" IS NOT NULL\) AS "open".*max\("price"\) AS "high"/,
  );
  const hourly = aggregateSelectSql(aggregateById('source_hourly_stats')!, 't', dateBinBucket);
  assert.match(hourly, /avg\("trust_score"\) AS "avg_trust", max\("error_rate"\) AS "max_errors", count\(\*\) AS "sample_count" FROM t GROUP BY "hour", "source_ref"$/);
  // the read answers the raw query: its columns, its window, the symbol filter
  const p = { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 8), dayFromMs: Date.UTC(2024, 0, 7), symbol: 'BTC' };
  const read = aggregateReadSql(ohlcv, '"s"."ticks_ohlcv_1m"', ['minute', 'open', 'high', 'low', 'close', 'volume'], p);
  assert.equal(
    read.sql,
    'SELECT "minute", "open", "high", "low", "close", "volume" FROM "s"."ticks_ohlcv_1m" WHERE "minute" >= $1::timestamptz AND "minute" < $2::timestamptz AND "symbol" = $3',
  );
  assert.deepEqual(read.params, ['2024-01-07T00:00:00.000Z', '2024-01-08T00:00:00.000Z', 'BTC']);
});

test('date_bin buckets are aligned to the UTC epoch', () => {
  assert.equal(dateBinBucket(`INTERVAL '1 hour'`, '"timestamp"'), `date_bin(INTERVAL '1 hour', "timestamp", TIMESTAMPTZ '1970-01-01 00:00:00+00')`);
  assert.deepEqual(windowParams(0, 1), ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z']);
});
