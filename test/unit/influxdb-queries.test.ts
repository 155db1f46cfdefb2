import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { INFLUX_QUERIES, countStatement, NEVER_NULL_FIELD } from '../../bench/engines/influxdb/queries.js';
import { AGGREGATES, createCqStatement, createDownsampledRpStatement, fluxAggregate, intoStatement, taskPayload, aggregateFor } from '../../bench/engines/influxdb/aggregates.js';
import { QUERIES, queryParams } from '../../bench/queries/catalog.js';
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
      const from = id === 'ticks_ohlcv_1m' ? p.dayFromMs : p.fromMs;
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
      assert.ok(TABLES[t].columns.some((c) => c.name === NEVER_NULL_FIELD[t] && c.role === 'field'), t);
    }
  });
});

describe('hourly aggregates', () => {
  const ticks = aggregateFor('market_price_ticks')!;
  test('CQ writes sums and counts into the downsampled RP', () => {
    assert.equal(
      createCqStatement(ticks, 'db', 'market_price_ticks'),
      'CREATE CONTINUOUS QUERY "tsdb_bench_market_price_ticks_1h" ON "db" BEGIN SELECT SUM("price") AS "sum_price", COUNT("price") AS "n_price", SUM("volume") AS "sum_volume" INTO "db"."tsdb_bench_1h"."market_price_ticks_1h" FROM "db"."autogen"."market_price_ticks" GROUP BY time(1h), "symbol" END',
    );
    assert.equal(createDownsampledRpStatement('db'), 'CREATE RETENTION POLICY "tsdb_bench_1h" ON "db" DURATION INF REPLICATION 1');
  });
  test('backfill is the same SELECT INTO over the window', () => {
    const s = intoStatement(ticks, 'db', 'market_price_ticks', { fromMs: 1000, toMs: 2000 });
    assert.ok(s.includes('FROM "db"."autogen"."market_price_ticks" WHERE time >= 1000ms AND time < 2000ms GROUP BY time(1h), "symbol"'), s);
  });
  test('aggregate answers cover raw queries of the catalogue and compute avg = sum / count', () => {
    const ids = AGGREGATES.flatMap((a) => Object.keys(a.answers));
    assert.deepEqual(ids.sort(), ['source_hourly_stats', 'sources_7d_avg_trust', 'sentiment_hourly', 'ticks_7d_hourly'].sort());
    const row = ticks.answers.ticks_7d_hourly.toRow({ hour: 1, symbol: 'A', sum_price: 10, n_price: 4, sum_volume: 7 });
    assert.deepEqual(row, { hour: 1, symbol: 'A', avg_price: 2.5, total_volume: 7, ticks: 4 });
    const src = aggregateFor('source_reliability_metrics')!;
    assert.equal(src.answers.sources_7d_avg_trust.toRow({ source_ref: 's', sum_trust: null, n_trust: 0 }).avg_trust, null);
    // the aggregate window starts at the hour holding fromMs
    assert.ok(ticks.answers.ticks_7d_hourly.build('"t"', { ...p, fromMs: anchor - 7 * 86_400_000 + 1 }).includes(`time >= ${anchor - 7 * 86_400_000}ms`));
  });
  test('2.x task Flux: one pipeline per aggregate field, written to the target bucket', () => {
    const flux = fluxAggregate(ticks, 'raw', 'market_price_ticks', 'agg');
    assert.ok(flux.startsWith('option task = {name: "tsdb_bench_market_price_ticks_1h", every: 1h}'));
    assert.equal(flux.match(/from\(bucket: "raw"\)/g)?.length, 3);
    assert.ok(flux.includes('aggregateWindow(every: 1h, fn: count, createEmpty: false, timeSrc: "_start")'));
    assert.ok(flux.includes('_field: "n_price"'));
    assert.ok(flux.includes('to(bucket: "agg", tagColumns: ["symbol"])'));
    const backfill = fluxAggregate(ticks, 'raw', 'market_price_ticks', 'agg', { fromMs: 0, toMs: 3_600_000 });
    assert.ok(!backfill.includes('option task'));
    assert.ok(backfill.includes('range(start: 1970-01-01T00:00:00.000Z, stop: 1970-01-01T01:00:00.000Z)'));
    assert.deepEqual(taskPayload('o', flux), { orgID: 'o', flux, status: 'active', description: 'tsdb-bench hourly aggregate (deleted at the end of the run)' });
  });
});
