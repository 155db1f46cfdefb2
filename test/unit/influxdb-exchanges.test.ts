/**
 * InfluxDB 2.x and 3.x flavours against recorded HTTP exchanges (fixtures/http/influxdb-{2,3}):
 * the real engine code (open, createTables, write, count, queries, flush, storage, downsample
 * tasks, retention, close) talks to a local replay server that checks every request against the
 * recording and answers the recorded response. This is the only verification of these flavours
 * on machines where no 2.x/3.x server can be obtained (see fixtures/http/README.md).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineContext, EngineSession } from '../../bench/core/engine.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { HttpEndpoint } from '../../bench/core/sql.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Row } from '../../bench/core/tables.js';
import { queryParams } from '../../bench/queries/catalog.js';
import { engine } from '../../bench/engines/influxdb/index.js';
import { type InfluxSession, V3_STORAGE_METHOD } from '../../bench/engines/influxdb/session.js';
import { loadFixture, startReplay, type Replay } from './influxdb-exchanges.replay.js';

const A = Date.UTC(2026, 10, 30); // anchor: window end (exclusive), midnight UTC
const p = queryParams(A, 'BTC');
const us = (ms: number): number => ms * 1000;
const scenario = { name: 'influxdb-exchanges', dataset: { seed: 1, anchorMs: A } } as unknown as Scenario;
const TOKEN3 = 'apiv3_recorded-operator-token';
const TOKEN2 = 'recorded-v2-token';

function context(options: Record<string, unknown> = {}): EngineContext {
  return { scenario, runId: 'rec', options: { settings: {}, options: { flushTimeoutMs: 20_000, ...options } }, log: silentLogger, signal: new AbortController().signal };
}

function endpoint(replay: Replay, extra: Partial<HttpEndpoint> = {}): HttpEndpoint {
  return { protocol: 'http', baseUrl: replay.baseUrl, display: 'replay', ...extra };
}

const ticks: Row[] = [
  [us(A - 2 * 3_600_000 + 10_000), 'BTC', '100.50000000', '2.00000000', 'binance'],
  [us(A - 3_600_000 + 5_000), 'ETH', '10.00000000', '3.00000000', 'binance'],
];

const replays: Replay[] = [];
after(async () => {
  for (const r of replays) await r.close();
});

async function replay(path: string): Promise<Replay> {
  const r = await startReplay(loadFixture(path));
  replays.push(r);
  return r;
}

/** Every recorded exchange was requested, in order, and nothing else. */
function assertPlayedThrough(r: Replay): void {
  assert.deepEqual(r.mismatches, [], 'requests that differ from the recording');
  assert.deepEqual(r.remaining(), [], 'recorded exchanges the engine never made');
}

async function writeTicks(session: EngineSession, rows: Row[] = ticks): Promise<void> {
  const w = await session.writer('market_price_ticks', 'copy');
  try {
    await w.write(w.encode(rows));
  } finally {
    await w.close();
  }
}

describe('InfluxDB 3 Core (recorded exchanges)', () => {
  test('a whole session: token ping, database, write_lp, InfluxQL and SQL answers, Parquet storage, close', async () => {
    const r = await replay('influxdb-3/session.json');
    const session = await engine.open(endpoint(r, { token: TOKEN3 }), context());
    // Every figure of a 3.x target carries the server's reported version and build.
    assert.equal(session.info.version, 'InfluxDB 3.11.1 Core');
    assert.deepEqual(session.info.versions, { influxdb: '3.11.1', influxdbBuild: 'Core' });
    assert.equal(session.retention, undefined, '3.x Core deletes no points: no retention capability');
    assert.equal(session.downsample, undefined);
    assert.ok(session.supportedQueries().includes('ticks_last_price_idiomatic'));
    assert.ok(session.supportedQueries().includes('sources_7d_avg_trust'));

    await session.createTables(['market_price_ticks']);
    await writeTicks(session);
    assert.equal(await session.count('market_price_ticks'), 2);

    const influxql = await session.runQuery('ticks_last_price', p);
    assert.deepEqual(influxql, {
      columns: ['symbol', 'last_time', 'last_price'],
      rows: [
        ['BTC', A - 2 * 3_600_000 + 10_000, 100.5],
        ['ETH', A - 3_600_000 + 5_000, 10],
      ],
    });
    // The SQL variant (zone-less timestamps read as UTC) gives the same answer.
    const sql = await session.runQuery('ticks_last_price_idiomatic', p);
    assert.deepEqual(sql.rows, influxql.rows);
    const candles = await session.runQuery('ticks_ohlcv_1m', p);
    const candlesSql = await session.runQuery('ticks_ohlcv_1m_idiomatic', p);
    assert.deepEqual(candles.rows, [[A - 2 * 3_600_000, 100.5, 100.5, 100.5, 100.5, 2]]);
    assert.deepEqual(candlesSql.rows, candles.rows);

    // flush(): the first look finds the rows not yet in Parquet, the second finds them all.
    await session.flush();
    const flush = (session as InfluxSession).lastFlush;
    assert.equal(flush?.flushed, true);
    assert.ok((flush?.waitedMs ?? 0) >= 900, 'waited for the snapshot');

    const [storage] = await session.storage(['market_price_ticks']);
    assert.deepEqual(storage, {
      table: 'market_price_ticks',
      rows: 2,
      dataPaths: [],
      engineBytes: { parquetBytes: 3021, parquetFiles: 1, parquetRows: 2 },
      primary: 'parquetBytes',
      method: V3_STORAGE_METHOD,
    });
    assert.match(V3_STORAGE_METHOD, /system\.parquet_files/);
    await session.close();
    assertPlayedThrough(r);
  });

  test('a rejected token fails open() with what to do', async () => {
    const r = await replay('influxdb-3/auth-failure.json');
    await assert.rejects(engine.open(endpoint(r, { token: 'apiv3_wrong' }), context()), (err: Error & { hint?: string }) => {
      assert.match(err.message, /HTTP 401 \(authentication failed: the token was rejected\)/);
      return true;
    });
    assertPlayedThrough(r);
  });

  test('partial write, query file limit (SQL and InfluxQL) and a missing database are reported in plain words', async () => {
    const r = await replay('influxdb-3/errors.json');
    const session = (await engine.open(endpoint(r, { token: TOKEN3 }), context())) as InfluxSession;
    await session.createTables(['market_price_ticks']);
    const bad: Row[] = [ticks[0], [ticks[1][0], 'ETH', 'ten', '3.00000000', 'binance']];
    // The encoder writes numeric strings as they are: 'ten' makes a line the server cannot parse.
    const w = await session.writer('market_price_ticks');
    const batch = w.encode(bad);
    await assert.rejects(w.write(batch), (err: Error) => {
      assert.match(err.message, /partial write of line protocol occurred \(HTTP 400\), 1 line\(s\) refused: line 2: Could not parse entire line/);
      return true;
    });
    await w.close();
    await assert.rejects(session.runQuery('ticks_last_price_idiomatic', p), (err: Error) => {
      assert.match(err.message, /would read more than 432 Parquet files/);
      assert.match(err.message, /query-file-limit/);
      return true;
    });
    await assert.rejects(session.runQuery('ticks_last_price', p), /would read more than 432 Parquet files/);
    await assert.rejects(session.sql('SELECT 1', 'tsdb_bench_rec_missing'), /not found \(HTTP 404\): query error: database not found: tsdb_bench_rec_missing/);
    await session.close();
    assertPlayedThrough(r);
  });
});

describe('InfluxDB 3 Core row counts under the query file limit (recorded exchanges)', () => {
  test('a COUNT refused for the file limit is summed over windows of the Parquet span, halved until each fits', async () => {
    const r = await replay('influxdb-3/count-file-limit.json');
    const session = await engine.open(endpoint(r, { token: TOKEN3 }), context());
    await session.createTables(['market_price_ticks']);
    assert.equal(await session.count('market_price_ticks'), 0 + 600 + 400 + 5);
    await session.close();
    assertPlayedThrough(r);
  });
});

describe('InfluxDB 2.x (recorded exchanges)', () => {
  const ep2 = (r: Replay, token = TOKEN2): HttpEndpoint => endpoint(r, { token, org: 'tsdb-bench' });

  test('a whole session: org, bucket + DBRP, /api/v2/write, InfluxQL, cache flush and disk size from /metrics, delete, close', async () => {
    const r = await replay('influxdb-2/session.json');
    const session = (await engine.open(ep2(r), context())) as InfluxSession;
    assert.equal(session.info.version, 'InfluxDB 2.7.12');
    assert.deepEqual(session.info.versions, { influxdb: '2.7.12' });
    await session.createTables(['market_price_ticks']);
    await writeTicks(session);
    assert.equal(await session.count('market_price_ticks'), 2);
    const answer = await session.runQuery('ticks_last_price', p);
    assert.deepEqual(answer.rows, [
      ['BTC', A - 2 * 3_600_000 + 10_000, 100.5],
      ['ETH', A - 3_600_000 + 5_000, 10],
    ]);
    await session.flush();
    assert.equal(session.lastFlush?.flushed, true, "only this run's bucket counts: the other bucket's 77 cached bytes do not");
    const [storage] = await session.storage(['market_price_ticks']);
    assert.deepEqual(storage, {
      table: 'market_price_ticks',
      rows: 2,
      dataPaths: ['data/b0000000000000a1', 'wal/b0000000000000a1'],
      engineBytes: { diskBytes: 2457 },
      primary: 'diskBytes',
    });
    assert.ok(session.retention);
    await session.retention.configure('market_price_ticks', 3_600_000);
    const removed = await session.retention.run('market_price_ticks', A - 3_600_000);
    assert.match(String(removed.details.statement), /^POST \/api\/v2\/delete\?org=tsdb-bench&bucket=tsdb_bench_rec_market_price_ticks /);
    await session.close();
    assertPlayedThrough(r);
  });

  test('downsampling through tasks: created, run manually and polled to success, read back equal to raw data; a failed run says why', async () => {
    const r = await replay('influxdb-2/downsample.json');
    const session = (await engine.open(ep2(r), context())) as InfluxSession;
    assert.ok(session.downsample, '2.x has a downsample capability');
    assert.match(session.downsample.method, /POST \/api\/v2\/tasks/);
    await session.createTables(['market_price_ticks']);
    const created = await session.downsample.setup(['market_price_ticks'], p);
    assert.deepEqual(created, ['ticks_hourly', 'ticks_ohlcv_1m']);
    assert.match(session.downsample.objectName('ticks_hourly'), /tsdb_bench_rec_market_price_ticks_agg_ticks_hourly/);
    await session.downsample.refresh('ticks_hourly', p);
    assert.equal(await session.downsample.storageBytes('ticks_hourly'), 1320);
    const withRows = session.downsample as typeof session.downsample & { rowCount?: (id: string) => Promise<number> };
    assert.equal(await withRows.rowCount?.('ticks_hourly'), 2);
    const raw = await session.runQuery('ticks_7d_hourly', p);
    const fromAggregate = await session.downsample.runAggregateQuery('ticks_hourly', p);
    assert.deepEqual(fromAggregate, raw);
    assert.deepEqual(raw.rows, [
      [A - 2 * 3_600_000, 'BTC', 100.5, 2, 1],
      [A - 3_600_000, 'ETH', 10, 3, 1],
    ]);
    await assert.rejects(session.downsample.refresh('ticks_ohlcv_1m', p), /task run r0000000000000002 of aggregate ticks_ohlcv_1m failed: error exhausting result iterator/);
    await session.close();
    assertPlayedThrough(r);
  });

  test("a rejected token fails open() with the server's words", async () => {
    const r = await replay('influxdb-2/auth-failure.json');
    await assert.rejects(engine.open(ep2(r, 'wrong'), context()), /authentication failed \(HTTP 401\).*unauthorized access/);
    assertPlayedThrough(r);
  });

  test("a partial write and a missing bucket are reported with the server's message", async () => {
    const r = await replay('influxdb-2/errors.json');
    const session = await engine.open(ep2(r), context());
    await session.createTables(['market_price_ticks']);
    const w = await session.writer('market_price_ticks', 'copy');
    await assert.rejects(w.write(w.encode([ticks[0], [ticks[1][0], 'ETH', 'ten', '3.00000000', 'binance']])), /failed \(HTTP 400\): partial write error \(1 written\)/);
    await assert.rejects(w.write(w.encode(ticks)), /not found \(HTTP 404\): bucket "tsdb_bench_rec_market_price_ticks" not found/);
    await w.close();
    await session.close();
    assertPlayedThrough(r);
  });

  test("onboarding a fresh instance with the harness's own token", async () => {
    const r = await replay('influxdb-2/onboarding.json');
    const session = await engine.open(endpoint(r), context());
    assert.equal(session.info.version, 'InfluxDB 2.7.12');
    await session.close();
    assertPlayedThrough(r);
  });
});
