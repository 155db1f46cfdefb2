/**
 * Engine `influxdb` on runtime `native`: a real throwaway influxd (1.x). Writes (plain and
 * gzip), exact counts, every named query against hand-computed answers on hand-crafted rows,
 * generated data through concurrent writers, flush + storage accounting, retention DELETE,
 * continuous-query backfill answers equal to raw answers, close drops the databases, stop
 * leaves no process and no directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { needs } from '../helpers/require.js';
import type { EngineContext, EngineSession } from '../../bench/core/engine.js';
import type { RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { HttpEndpoint } from '../../bench/core/sql.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Row, TableName } from '../../bench/core/tables.js';
import { QUERIES, queryById, queryParams, type QueryAnswer } from '../../bench/queries/catalog.js';
import { aggregateById } from '../../bench/queries/aggregates.js';
import { engine } from '../../bench/engines/influxdb/index.js';
import { influxdbNative } from '../../bench/runtimes/native/influxdb.js';
import { clockTicks } from '../../bench/runtimes/native/process/clock-ticks.js';
import type { ResourceSamplingFacts } from '../../bench/runtimes/native/process/tree-sampler.js';
import { defaultShape, generateBatches } from '../../bench/generate/index.js';
import { writeBatches } from '../helpers/engine-session.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const A = Date.UTC(2025, 0, 8); // anchor = window end (exclusive), midnight UTC
const us = (ms: number): number => ms * 1000;
const p = queryParams(A, 'BTC');

const scenario = { name: 'influxdb-native-test', dataset: { seed: 11, anchorMs: A } } as unknown as Scenario;

function request(runId: string): ServerRequest {
  return {
    engine: 'influxdb',
    family: 'influxdb',
    requirements: {},
    options: { settings: { 'data.max-values-per-tag': '200000' }, options: {} },
    scenario,
    runId,
    log: silentLogger,
    signal: new AbortController().signal,
    flags: {},
  };
}

function context(runId: string, options: Record<string, unknown> = {}): EngineContext {
  return { scenario, runId, options: { settings: {}, options }, log: silentLogger, signal: new AbortController().signal };
}

// ---- hand-crafted rows (values in TableSpec column order) ----
const ticks: Row[] = [
  [us(A - 8 * DAY), 'BTC', '1.00000000', '1.00000000', 'binance'], // before the window
  [us(A - 2 * HOUR + 10_000), 'BTC', '100.50000000', '2.00000000', 'binance'],
  [us(A - 2 * HOUR + 20_000), 'BTC', '101.50000000', '1.00000000', 'coinbase'],
  [us(A - 2 * HOUR + 70_000), 'BTC', '99.00000000', null, 'binance'],
  [us(A - HOUR + 5_000), 'ETH', '10.00000000', '3.00000000', 'binance'],
  [us(A + HOUR), 'BTC', '500.00000000', '1.00000000', 'binance'], // after the anchor
];
const sources: Row[] = [
  [us(A - 10 * DAY), 's1', 0.1, 10, 0.9],
  [us(A - 3 * HOUR + 1000), 's1', 0.5, 100, 0.1],
  [us(A - 3 * HOUR + 2000), 's1', 0.75, 120, 0.3],
  [us(A - 3 * HOUR + 3000), 's2', null, 50, null],
  [us(A - 30 * MIN), 's1', 1, 80, 0.2],
];
const sentiment: Row[] = [
  [us(A - 5 * HOUR + 1000), 'n1', 0.25, 10],
  [us(A - 5 * HOUR + 2000), 'n1', -0.5, 5],
  [us(A - 5 * HOUR + 3000), 'n2', null, 7],
];
const alerts: Row[] = [
  [us(A - DAY - HOUR), 'price_spike', 'high', 's1', '{"a": 1}'],
  [us(A - 3 * HOUR), 'outage', 'low', 's1', '{"c": [1, 2]}'],
  [us(A - 2 * HOUR), 'price_spike', 'high', null, '{"b": "x y, \\"q\\""}'],
  [us(A - HOUR), 'price_spike', null, 's2', '{}'],
];

const expected: Record<string, (string | number | null)[][]> = {
  sources_7d_avg_trust: [
    ['s1', 0.75],
    ['s2', null],
  ],
  source_hourly_stats: [
    [A - 3 * HOUR, 's1', 0.625, 0.3, 2],
    [A - 3 * HOUR, 's2', null, null, 1],
    [A - HOUR, 's1', 1, 0.2, 1],
  ],
  ticks_7d_hourly: [
    [A - 2 * HOUR, 'BTC', 301 / 3, 3, 3],
    [A - HOUR, 'ETH', 10, 3, 1],
  ],
  ticks_last_price: [
    ['BTC', A - 2 * HOUR + 70_000, 99],
    ['ETH', A - HOUR + 5_000, 10],
  ],
  // hot tier: [A - 1h, A) holds only the ETH tick; nothing in the last 5 minutes
  hot_last_price: [['ETH', A - HOUR + 5_000, 10]],
  hot_last_5m: [],
  ticks_ohlcv_1m: [
    [A - 2 * HOUR, 100.5, 101.5, 100.5, 101.5, 3],
    [A - 2 * HOUR + MIN, 99, 99, 99, 99, null],
  ],
  sentiment_hourly: [
    [A - 5 * HOUR, 'n1', -0.125, 15, 2],
    [A - 5 * HOUR, 'n2', null, 7, 1],
  ],
  alerts_daily_by_type: [
    [A - 2 * DAY, 'price_spike', 'high', 1],
    [A - DAY, 'outage', 'low', 1],
    [A - DAY, 'price_spike', null, 1],
    [A - DAY, 'price_spike', 'high', 1],
  ],
};

function assertClose(actual: QueryAnswer, rows: (string | number | null)[][], what: string): void {
  assert.equal(actual.rows.length, rows.length, `${what}: ${JSON.stringify(actual.rows)}`);
  actual.rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      const want = rows[i][j];
      if (typeof cell === 'number' && typeof want === 'number') {
        assert.ok(Math.abs(cell - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what} row ${i} col ${actual.columns[j]}: ${cell} != ${want}`);
      } else assert.equal(cell, want, `${what} row ${i} col ${actual.columns[j]}`);
    }),
  );
}

/** The server runs with authentication: requests carry the run's admin credentials (Basic auth). */
let authorization: Record<string, string> = {};
const authFetch = (url: string): Promise<Response> => fetch(url, { headers: authorization });

async function databases(baseUrl: string): Promise<string[]> {
  const res = await authFetch(`${baseUrl}/query?q=SHOW%20DATABASES`);
  const json = (await res.json()) as { results: { series?: { values: string[][] }[] }[] };
  return (json.results[0].series?.[0].values ?? []).map((v) => v[0]);
}

test('influxdb engine on native influxd', async (t) => {
  const probe = await influxdbNative.probe(request('probe'));
  if (!needs(t, probe.available, probe.reason)) return;

  const server: RunningServer = await influxdbNative.start(request('itest'));
  const dir = String(server.details.dir);
  const pid = Number(server.details.pid);
  let session: EngineSession | undefined;
  try {
    assert.equal(server.label, 'native');
    assert.ok(existsSync(dir));
    const baseUrl = (server.endpoint as HttpEndpoint).baseUrl;
    const { username, password } = server.endpoint as HttpEndpoint;
    authorization = { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    session = await engine.open(server.endpoint, context('itest'));
    const s = session;
    assert.match(s.info.version, /^InfluxDB 1\./);
    assert.equal(s.info.settings['data.max-values-per-tag'], undefined); // engine settings come from the engine's options
    assert.deepEqual(s.supportedQueries().sort(), QUERIES.map((q) => q.id).sort());
    assert.equal(s.compact, undefined); // no forced compaction over HTTP on 1.x

    const tables: TableName[] = ['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores', 'alert_events'];
    await s.createTables(tables);
    const dbs = await databases(baseUrl);
    for (const table of tables) assert.ok(dbs.includes(`tsdb_bench_itest_${table}`), `database for ${table}`);

    await t.test('two distinct ports; resource samples over the process tree with the real CLK_TCK', async () => {
      assert.notEqual(server.details.httpPort, server.details.rpcPort);
      const facts = server.details.resourceSampling as ResourceSamplingFacts;
      assert.equal(facts.scope, 'process tree (server pid and all descendants)');
      assert.equal(facts.clockTicksPerSec, clockTicks().perSecond);
      if (existsSync('/proc/self/smaps_rollup')) assert.equal(facts.memory, 'PSS');
      const first = await server.sampleResources!();
      assert.ok(first.memoryBytes !== null && first.memoryBytes > 0);
      const second = await server.sampleResources!();
      assert.ok(second.cpuPercent !== null && second.cpuPercent >= 0);
    });

    await t.test('hand-crafted rows: counts and every named query', async () => {
      assert.equal(await writeBatches(s, 'market_price_ticks', 'copy', [ticks.slice(0, 3), ticks.slice(3)]), ticks.length);
      await writeBatches(s, 'source_reliability_metrics', 'copy', [sources]);
      await writeBatches(s, 'sentiment_scores', 'copy', [sentiment]);
      await writeBatches(s, 'alert_events', 'copy', [alerts]);
      assert.equal(await s.count('market_price_ticks'), ticks.length);
      assert.equal(await s.count('source_reliability_metrics'), sources.length);
      assert.equal(await s.count('sentiment_scores'), sentiment.length);
      assert.equal(await s.count('alert_events'), alerts.length);
      for (const q of QUERIES) {
        const answer = await s.runQuery(q.id, p);
        assert.deepEqual(answer.columns, queryById(q.id)!.columns, q.id);
        assertClose(answer, expected[q.id], q.id);
      }
    });

    await t.test('a rejected write fails with the server message', async () => {
      const w = await s.writer('market_price_ticks', 'copy');
      try {
        await assert.rejects(w.write({ rows: 1, bytes: 9, payload: { body: Buffer.from('bad line\n'), gzip: false } }), /HTTP 400.*unable to parse/);
      } finally {
        await w.close();
      }
      assert.equal(await s.count('market_price_ticks'), ticks.length);
    });

    await t.test('downsampling: CQs created, backfill answers equal the raw answers', async () => {
      const ds = s.downsample!;
      const created = await ds.setup(['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores', 'alert_events'], p);
      // The shared aggregate set (bench/queries/aggregates.ts), as on PostgreSQL and TimescaleDB.
      assert.deepEqual([...created].sort(), ['sentiment_hourly', 'source_hourly_stats', 'ticks_hourly', 'ticks_ohlcv_1m']);
      const cqs = (await (await authFetch(`${baseUrl}/query?q=SHOW%20CONTINUOUS%20QUERIES`)).json()) as { results: { series?: { name: string; values?: string[][] }[] }[] };
      const ours = (cqs.results[0].series ?? []).filter((x) => x.name.startsWith('tsdb_bench_itest_')).flatMap((x) => x.values ?? []);
      assert.equal(ours.length, 4);
      const sizes: number[] = [];
      for (const id of created) {
        await ds.refresh(id, p);
        const queryId = aggregateById(id)!.answers.queryId;
        const raw = await s.runQuery(queryId, p);
        const agg = await ds.runAggregateQuery(id, p);
        assert.deepEqual(agg.columns, raw.columns);
        assertClose(agg, raw.rows, `aggregate ${id}`);
        assert.ok((await ds.rowCount!(id)) > 0, `${id} rows`);
        sizes.push(await ds.storageBytes(id));
      }
      assert.ok(
        sizes.every((b) => b > 0),
        `every aggregate has its own shards: ${sizes.join(', ')}`,
      );
    });

    await t.test('generated ticks through two concurrent writers arrive completely', async () => {
      const spec = {
        table: 'sentiment_scores' as const,
        seed: 11,
        stream: 'itest',
        shape: defaultShape('sentiment_scores'),
        anchorMs: A,
        startMs: A - 2 * DAY,
        endMs: A - DAY,
        rows: 20_000,
      };
      await s.truncate('sentiment_scores');
      assert.equal(await s.count('sentiment_scores'), 0);
      const batches = [...generateBatches(spec, 2_500)];
      const halves = [batches.filter((_, i) => i % 2 === 0), batches.filter((_, i) => i % 2 === 1)];
      const written = await Promise.all(halves.map((h) => writeBatches(s, 'sentiment_scores', 'copy', h)));
      assert.equal(written[0] + written[1], 20_000);
      assert.equal(await s.count('sentiment_scores'), 20_000);
    });

    await t.test('flush, then storage per table in allocated bytes', async () => {
      await s.flush();
      const storage = await s.storage(['market_price_ticks', 'sentiment_scores']);
      assert.equal(storage.length, 2);
      for (const st of storage) {
        assert.equal(st.primary, 'diskBytes');
        assert.ok(st.engineBytes.diskBytes > 0, `${st.table} diskBytes`);
        assert.equal(st.engineBytes.cacheBytes, 0, `${st.table} cache flushed`);
        assert.ok(st.engineBytes.tsmBytes > 0, `${st.table} TSM bytes after flush`);
        assert.ok(st.dataPaths.some((d) => d.startsWith('data/')) && st.dataPaths.some((d) => d.startsWith('wal/')));
        const allocated = await server.allocatedBytes(st.dataPaths);
        assert.ok(allocated !== null && allocated > 0, `${st.table} allocated ${allocated}`);
      }
      assert.equal(storage.find((x) => x.table === 'sentiment_scores')!.rows, 20_000);
      // the aggregates' RPs are not part of the table's paths
      assert.ok(!storage[0].dataPaths.some((d) => d.includes('tsdb_bench_agg_')));
      assert.ok(storage[0].dataPaths.some((d) => d.includes('/autogen')));
    });

    await t.test('retention: configured RP, DELETE removes the old rows only', async () => {
      const r = s.retention!;
      assert.match(r.method, /DELETE FROM/);
      await r.configure('market_price_ticks', 90 * DAY);
      const rps = (await (await authFetch(`${baseUrl}/query?q=${encodeURIComponent('SHOW RETENTION POLICIES ON "tsdb_bench_itest_market_price_ticks"')}`)).json()) as {
        results: { series: { values: unknown[][] }[] }[];
      };
      const rp = rps.results[0].series[0].values.find((v) => v[0] === 'tsdb_bench_retention');
      assert.ok(rp, 'retention policy created');
      assert.equal(rp[1], '2160h0m0s');
      assert.equal(rp[4], false); // not default: data stays in autogen
      const before = await s.count('market_price_ticks');
      const result = await r.run('market_price_ticks', A - 7 * DAY);
      // run() does only the delete (the phase counts rows around it, the same for every engine).
      assert.equal(result.rowsRemoved, null);
      assert.match(String(result.details.statement), /DELETE FROM/);
      assert.equal(before - (await s.count('market_price_ticks')), 1);
      assert.equal(await s.count('market_price_ticks'), ticks.length - 1);
      assertClose(await s.runQuery('ticks_7d_hourly', p), expected.ticks_7d_hourly, 'after retention');
    });

    await t.test('gzip writes (second session on the same server)', async () => {
      const gz = await engine.open(server.endpoint, context('itest_gzip', { gzip: true }));
      try {
        await gz.createTables(['alert_events']);
        const w = await gz.writer('alert_events', 'copy');
        const batch = w.encode(alerts);
        assert.equal((batch.payload as { body: Buffer }).body.subarray(0, 2).toString('hex'), '1f8b');
        await w.write(batch);
        await w.close();
        assert.equal(await gz.count('alert_events'), alerts.length);
      } finally {
        await gz.close();
      }
      assert.ok(!(await databases(baseUrl)).includes('tsdb_bench_itest_gzip_alert_events'));
    });

    await s.close();
    await s.close(); // idempotent
    session = undefined;
    assert.deepEqual(
      (await databases(baseUrl)).filter((d) => d.startsWith('tsdb_bench_')),
      [],
    );
  } finally {
    await session?.close().catch(() => {});
    await server.stop();
    await server.stop(); // idempotent
  }
  assert.ok(!existsSync(dir), 'temp dir removed');
  assert.throws(() => process.kill(pid, 0), 'influxd process gone');
});
