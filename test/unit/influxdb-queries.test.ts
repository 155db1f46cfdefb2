import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { INFLUX_QUERIES, countStatement, NEVER_NULL_FIELD } from '../../bench/engines/influxdb/queries.js';
import {
  aggregateReadStatement,
  aggregateRow,
  aggregateRp,
  createAggregateRpStatement,
  createCqStatement,
  fluxAggregate,
  INFLUX_AGGREGATES,
  influxAggregatesFor,
  intoStatement,
  isAggregateRp,
  taskPayload,
} from '../../bench/engines/influxdb/aggregates.js';
import { AGGREGATES } from '../../bench/queries/aggregates.js';
import { HOT_RECENT_MS, HOT_WINDOW_MS, QUERIES, queryParams } from '../../bench/queries/catalog.js';
import { TABLES } from '../../bench/core/tables.js';

const anchor = Date.UTC(2025, 5, 1, 12);
const p = queryParams(anchor, "BTC'X");

describe('named queries in InfluxQL', () => {
  test('every catalogue query is implemented, on the same table', () => {
    for (const q of QUERIES) {
      assert.ok(INFLUX_QUERIES[q.id], q.id);
      assert.equal(INFLUX_QUERIES[q.id].table, q.table);
    }
  });
  test('windows are half-open epoch-ms literals; grouped queries use fill(none)', () => {
    for (const [id, q] of Object.entries(INFLUX_QUERIES)) {
      const text = q.build(TABLES[q.table].measurement, p);
      const from = id === 'ticks_ohlcv_1m' ? p.dayFromMs : id === 'hot_last_price' ? p.toMs - HOT_WINDOW_MS : id === 'hot_last_5m' ? p.toMs - HOT_RECENT_MS : p.fromMs;
      assert.ok(text.includes(`time >= ${from}ms AND time < ${p.toMs}ms`), text);
      if (/GROUP BY time\(/.test(text)) assert.ok(text.endsWith('fill(none)'), text);
    }
  });
  test('time columns map to the catalogue names', () => {
    for (const q of QUERIES) {
      const iq = INFLUX_QUERIES[q.id];
      if (q.timeColumns.length === 0) assert.equal(iq.timeAs, null, q.id);
      else assert.equal(iq.timeAs, q.timeColumns[0], q.id);
    }
  });
  test('the candle query escapes the symbol and selects OHLCV', () => {
    const text = INFLUX_QUERIES.ticks_ohlcv_1m.build('market_price_ticks', p);
    assert.ok(text.includes(`"symbol" = 'BTC\\'X'`), text);
    assert.match(text, /FIRST\("price"\) AS "open", MAX\("price"\) AS "high", MIN\("price"\) AS "low", LAST\("price"\) AS "close", SUM\("volume"\) AS "volume"/);
    assert.match(text, /GROUP BY time\(1m\) fill\(none\)$/);
  });
  test('alerts group by day, type and severity', () => {
    assert.match(INFLUX_QUERIES.alerts_daily_by_type.build('alert_events', p), /COUNT\("metadata"\) AS "alerts" .* GROUP BY time\(1d\), "alert_type", "severity" fill\(none\)$/);
  });
  test('counts use the never-null field over all time', () => {
    assert.equal(countStatement('market_price_ticks', 'market_price_ticks'), 'SELECT COUNT("price") AS "n" FROM "market_price_ticks"');
    for (const t of Object.keys(NEVER_NULL_FIELD) as (keyof typeof TABLES)[]) {
      assert.ok(
        TABLES[t].columns.some((c) => c.name === NEVER_NULL_FIELD[t] && c.role === 'field'),
        t,
      );
    }
  });
});

describe('aggregates (the shared set of bench/queries/aggregates.ts)', () => {
  const ticks = INFLUX_AGGREGATES.find((a) => a.def.id === 'ticks_hourly')!;
  const ohlcv = INFLUX_AGGREGATES.find((a) => a.def.id === 'ticks_ohlcv_1m')!;
  test('one InfluxDB aggregate per shared definition, same ids and answered queries', () => {
    assert.deepEqual(
      INFLUX_AGGREGATES.map((a) => a.def.id),
      AGGREGATES.map((a) => a.id),
    );
    assert.deepEqual(
      influxAggregatesFor(['market_price_ticks']).map((a) => a.def.id),
      ['ticks_hourly', 'ticks_ohlcv_1m'],
    );
  });
  test("CQ writes sums and counts (avg = sum / count) into the aggregate's own RP", () => {
    assert.equal(
      createCqStatement(ticks, 'db', 'market_price_ticks'),
      'CREATE CONTINUOUS QUERY "tsdb_bench_ticks_hourly" ON "db" BEGIN SELECT SUM("price") AS "sum_avg_price", COUNT("price") AS "n_avg_price", SUM("volume") AS "total_volume", COUNT("price") AS "ticks" INTO "db"."tsdb_bench_agg_ticks_hourly"."ticks_hourly" FROM "db"."autogen"."market_price_ticks" GROUP BY time(1h), "symbol" END',
    );
    assert.equal(createAggregateRpStatement('ticks_hourly', 'db'), 'CREATE RETENTION POLICY "tsdb_bench_agg_ticks_hourly" ON "db" DURATION INF REPLICATION 1');
    assert.ok(isAggregateRp(aggregateRp('x')) && !isAggregateRp('autogen') && !isAggregateRp('tsdb_bench_retention'));
  });
  test('the 1-minute candles use FIRST/MAX/MIN/LAST/SUM per minute', () => {
    const s = intoStatement(ohlcv, 'db', 'market_price_ticks', { fromMs: 1000, toMs: 2000 });
    assert.ok(s.startsWith('SELECT FIRST("price") AS "open", MAX("price") AS "high", MIN("price") AS "low", LAST("price") AS "close", SUM("volume") AS "volume" INTO'), s);
    assert.ok(s.includes('FROM "db"."autogen"."market_price_ticks" WHERE time >= 1000ms AND time < 2000ms GROUP BY time(1m), "symbol"'), s);
  });
  test('reads answer the raw query: avg from sum/count, window from the bucket holding fromMs, symbol filter', () => {
    const row = aggregateRow(ticks, { hour: 1, symbol: 'A', sum_avg_price: 10, n_avg_price: 4, total_volume: 7, ticks: 4 });
    assert.deepEqual(row, { hour: 1, symbol: 'A', avg_price: 2.5, total_volume: 7, ticks: 4 });
    assert.equal(aggregateRow(ticks, { hour: 1, symbol: 'A', sum_avg_price: null, n_avg_price: 0 }).avg_price, null);
    const read = aggregateReadStatement(ohlcv, '"t"', { ...p, symbol: 'BTC' });
    assert.ok(read.includes(`WHERE "symbol" = 'BTC' AND time >= ${anchor - 86_400_000}ms AND time < ${anchor}ms GROUP BY "symbol"`), read);
    assert.throws(() => aggregateReadStatement(ticks, '"t"', { ...p, toMs: anchor - 1 }), /whole-hour/);
  });
  test('2.x task Flux: one pipeline per aggregate field, written to the target bucket', () => {
    const flux = fluxAggregate(ticks, 'raw', 'market_price_ticks', 'agg');
    assert.ok(flux.startsWith('option task = {name: "tsdb_bench_ticks_hourly", every: 1h}'));
    assert.equal(flux.match(/from\(bucket: "raw"\)/g)?.length, 4);
    assert.ok(flux.includes('aggregateWindow(every: 1h, fn: count, createEmpty: false, timeSrc: "_start")'));
    assert.ok(flux.includes('_field: "n_avg_price"'));
    assert.ok(flux.includes('to(bucket: "agg", tagColumns: ["symbol"])'));
    assert.ok(fluxAggregate(ohlcv, 'raw', 'market_price_ticks', 'agg').includes('aggregateWindow(every: 1m, fn: first'));
    const backfill = fluxAggregate(ticks, 'raw', 'market_price_ticks', 'agg', { fromMs: 0, toMs: 3_600_000 });
    assert.ok(!backfill.includes('option task'));
    assert.ok(backfill.includes('range(start: 1970-01-01T00:00:00.000Z, stop: 1970-01-01T01:00:00.000Z)'));
    assert.deepEqual(taskPayload('o', flux), { orgID: 'o', flux, status: 'active', description: 'tsdb-bench aggregate (deleted at the end of the run)' });
  });
});
