/**
 * Engine `postgres` on runtime `native`: a real throwaway PostgreSQL cluster, both write
 * methods, every named query (hand-computed answers on hand-crafted rows), storage accounting,
 * retention, materialized views, and a clean close/stop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { needs } from '../helpers/require.js';
import type { EngineContext, EngineSession } from '../../bench/core/engine.js';
import type { RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlEndpoint } from '../../bench/core/sql.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Row, TableName } from '../../bench/core/tables.js';
import { QUERIES, queryById, queryParams, type QueryAnswer } from '../../bench/queries/catalog.js';
import { aggregateById, aggregatesFor } from '../../bench/queries/aggregates.js';
import { engine } from '../../bench/engines/postgres/index.js';
import { postgresqlNative } from '../../bench/runtimes/native/postgresql.js';
import { allocatedBytes } from '../../bench/runtimes/native/fs-usage.js';
import { clockTicks } from '../../bench/runtimes/native/process/clock-ticks.js';
import { readProcessTree, readPssBytes } from '../../bench/runtimes/native/process/proc-read.js';
import type { ResourceSamplingFacts } from '../../bench/runtimes/native/process/tree-sampler.js';
import { pgWireConfigOf, pgWireEndpoint } from '../../bench/sql/pg-wire.js';
import { defaultShape, generateBatches, mostPopularKey } from '../../bench/generate/index.js';
import { writeBatches } from '../helpers/engine-session.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const A = Date.UTC(2024, 2, 10); // anchor: window end (exclusive), midnight UTC
const us = (ms: number): number => ms * 1000;

const scenario = { name: 'postgres-native-test', dataset: { seed: 7, anchorMs: A } } as unknown as Scenario;

function request(runId: string, requirements: ServerRequest['requirements'] = {}): ServerRequest {
  return {
    engine: 'postgres',
    family: 'postgresql',
    requirements,
    options: { settings: { max_connections: '40' }, options: {} },
    scenario,
    runId,
    log: silentLogger,
    signal: new AbortController().signal,
    flags: {},
  };
}

function context(runId: string): EngineContext {
  return { scenario, runId, options: { settings: {}, options: {} }, log: silentLogger, signal: new AbortController().signal };
}

/** Answers equal: keys, times and counts exactly, other numbers within 1e-9 relative. */
function assertSameAnswer(actual: QueryAnswer, expected: QueryAnswer, queryId: string): void {
  const def = queryById(queryId)!;
  assert.deepEqual(actual.columns, expected.columns);
  assert.equal(actual.rows.length, expected.rows.length, `${queryId}: row count`);
  actual.rows.forEach((row, i) => {
    row.forEach((cell, j) => {
      const other = expected.rows[i][j];
      const column = def.columns[j];
      if (typeof cell === 'number' && typeof other === 'number' && !def.key.includes(column) && !def.exactColumns.includes(column)) {
        assert.ok(Math.abs(cell - other) <= 1e-9 * Math.max(1, Math.abs(other)), `${queryId} row ${i} ${column}: ${cell} vs ${other}`);
      } else {
        assert.equal(cell, other, `${queryId} row ${i} ${column}`);
      }
    });
  });
}

// Hand-crafted rows (values in TableSpec column order).
const M = A - HOUR; // a minute (and hour) boundary one hour before the anchor
const H = A - 2 * HOUR;
const TICKS_COPY: Row[] = [
  [us(M + 1_000), 'BTC', '100.50000000', '1', 'binance'],
  [us(M + 20_000), 'BTC', '102', '2', 'kraken'],
  [us(M + 30_000), 'BTC', null, '1', 'coinbase'],
  [us(M + 40_000), 'BTC', '99', '0.5', 'binance'],
  [us(M + 61_000), 'BTC', '101', '3', 'binance'],
];
const TICKS_INSERT: Row[] = [
  [us(M + 62_000), 'ETH', '10', '1', 'binance'],
  [us(M + 90_000), 'ETH', null, '2', 'kraken'],
  [us(A - 8 * DAY), 'BTC', '1', '1', 'binance'], // before the 7-day window
  [us(A) + 1, 'BTC', '999', '1', 'binance'], // at/after the anchor: outside
  [us(A - 2 * DAY), 'BTC', '50', '1', 'kraken'], // in the week, not in the day
  [us(A) - 1000, 'BTC', '105.12345678', '1', 'kraken'], // last millisecond of the window
];
const SOURCES: Row[] = [
  [us(H + 60_000), 'src-a', 0.8, 100, 0.01],
  [us(H + 120_000), 'src-a', null, 120, 0.05],
  [us(H + 180_000), 'src-a', 0.6, null, null],
  [us(H + 300_000), 'src-b', 0.9, 90, 0.02],
  [us(A - 8 * DAY), 'src-a', 0.1, 1, 0.9],
];
const SENTIMENT: Row[] = [
  [us(H + 60_000), 'n1', 0.5, 10],
  [us(H + 120_000), 'n1', -0.1, 5],
  [us(H + HOUR + 60_000), 'n1', 0.2, 7],
];
const ALERTS: Row[] = [
  [us(A - DAY + HOUR), 'price_spike', 'high', 'src-a', '{"x": 1}'],
  [us(A - DAY + 2 * HOUR), 'price_spike', 'high', null, null],
  [us(A - DAY + 3 * HOUR), 'price_spike', 'low', 'src-b', '{"tags": ["a", "b\\tc"]}'],
  [us(A - 3 * DAY + HOUR), 'outage', 'high', null, '{}'],
];

test('postgres engine on native PostgreSQL', async (t) => {
  const probe = await postgresqlNative.probe(request('probe'));
  if (!needs(t, probe.available, `native PostgreSQL: ${probe.reason}`)) return;
  assert.match(probe.reason, /PostgreSQL \d+\.\d+ found at /);

  const runId = `it-${process.pid}-${Date.now()}`;
  const server: RunningServer = await postgresqlNative.start(request(runId));
  const dataDir = String(server.details.dataDir);
  const pid = Number(server.details.pid);
  let session: EngineSession | null = null;
  try {
    assert.equal(server.label, 'native');
    assert.ok(existsSync(dataDir));
    assert.doesNotThrow(() => process.kill(pid, 0), 'postmaster is running');
    session = await engine.open(server.endpoint, context(runId));
    const s = session;
    const schema = s.info.namespace;
    const params = queryParams(A, 'BTC');

    await t.test('info: version, versions, non-default settings', () => {
      assert.equal(s.info.version, `PostgreSQL ${server.details.version}`);
      assert.equal(s.info.versions.postgresql, server.details.version);
      assert.equal(s.info.settings.listen_addresses, '127.0.0.1');
      assert.equal(s.info.settings.max_connections, '40');
      assert.equal(s.info.settings.application_name, undefined, 'client-side settings left out');
      assert.match(schema, /^tsdb_bench_it_/);
    });

    await t.test('planner state: jit=off on the query connection (native PostgreSQL has JIT), settings recorded', async () => {
      assert.equal(s.info.settings.jit, 'off');
      for (const k of ['random_page_cost', 'work_mem', 'max_parallel_workers_per_gather']) assert.ok(s.info.settings[k], k);
      assert.equal(s.info.settings['tsdb_bench.planner_reset'], undefined, 'a stock server leaves every enable_* at its default');
    });

    await t.test('writers: COPY and INSERT, one connection each, every row arrives', async () => {
      await s.createTables(['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores', 'alert_events']);
      const w1 = await s.writer('market_price_ticks', 'copy');
      const w2 = await s.writer('market_price_ticks', 'insert');
      const sql = server.endpoint as SqlEndpoint;
      const probeClient = await sql.connect();
      try {
        const r = await probeClient.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tsdb-bench' AND datname = 'postgres'`);
        assert.equal(r.rows[0].n, 4, 'session + 2 writers + this probe');
      } finally {
        await probeClient.close();
      }
      await w1.write(w1.encode(TICKS_COPY));
      await w2.write(w2.encode(TICKS_INSERT));
      await w1.close();
      await w2.close();
      await writeBatches(s, 'source_reliability_metrics', 'insert', [SOURCES.slice(0, 2), SOURCES.slice(2)]);
      await writeBatches(s, 'sentiment_scores', 'copy', [SENTIMENT]);
      await writeBatches(s, 'alert_events', 'insert', [ALERTS]);
      assert.equal(await s.count('market_price_ticks'), TICKS_COPY.length + TICKS_INSERT.length);
      assert.equal(await s.count('source_reliability_metrics'), SOURCES.length);
      assert.equal(await s.count('sentiment_scores'), SENTIMENT.length);
      assert.equal(await s.count('alert_events'), ALERTS.length);
    });

    await t.test('named queries: hand-computed answers', async () => {
      assert.deepEqual(await s.runQuery('ticks_last_price', params), {
        columns: ['symbol', 'last_time', 'last_price'],
        rows: [
          ['BTC', A - 1, 105.12345678],
          ['ETH', M + 62_000, 10],
        ],
      });
      assert.deepEqual((await s.runQuery('ticks_ohlcv_1m', params)).rows, [
        [M, 100.5, 102, 99, 99, 4.5],
        [M + 60_000, 101, 101, 101, 101, 3],
        [A - 60_000, 105.12345678, 105.12345678, 105.12345678, 105.12345678, 1],
      ]);
      assertSameAnswer(
        await s.runQuery('source_hourly_stats', params),
        {
          columns: ['hour', 'source_ref', 'avg_trust', 'max_errors', 'sample_count'],
          rows: [
            [H, 'src-a', 0.7, 0.05, 3],
            [H, 'src-b', 0.9, 0.02, 1],
          ],
        },
        'source_hourly_stats',
      );
      assertSameAnswer(
        await s.runQuery('sources_7d_avg_trust', params),
        {
          columns: ['source_ref', 'avg_trust'],
          rows: [
            ['src-a', 0.7],
            ['src-b', 0.9],
          ],
        },
        'sources_7d_avg_trust',
      );
      assertSameAnswer(
        await s.runQuery('sentiment_hourly', params),
        {
          columns: ['hour', 'narrative_id', 'avg_sentiment', 'total_volume', 'samples'],
          rows: [
            [H, 'n1', 0.2, 15, 2],
            [H + HOUR, 'n1', 0.2, 7, 1],
          ],
        },
        'sentiment_hourly',
      );
      assert.deepEqual((await s.runQuery('alerts_daily_by_type', params)).rows, [
        [A - 3 * DAY, 'outage', 'high', 1],
        [A - DAY, 'price_spike', 'high', 2],
        [A - DAY, 'price_spike', 'low', 1],
      ]);
      assertSameAnswer(
        await s.runQuery('ticks_7d_hourly', params),
        {
          columns: ['hour', 'symbol', 'avg_price', 'total_volume', 'ticks'],
          rows: [
            [A - 2 * DAY, 'BTC', 50, 1, 1],
            [M, 'BTC', (100.5 + 102 + 99 + 101 + 105.12345678) / 5, 8.5, 6],
            [M, 'ETH', 10, 3, 2],
          ],
        },
        'ticks_7d_hourly',
      );
      await assert.rejects(s.runQuery('no_such_query', params), /does not implement/);
    });

    await t.test('generated data: every query runs and has the catalogue shape', async () => {
      for (const table of ['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores'] as TableName[]) {
        await s.truncate(table);
        assert.equal(await s.count(table), 0);
      }
      const spec = (table: TableName, rows: number) => ({
        table,
        seed: 42,
        stream: 'preload',
        shape: defaultShape(table),
        anchorMs: A,
        startMs: A - 8 * DAY,
        endMs: A,
        rows,
      });
      const ticks = generateBatches(spec('market_price_ticks', 20_000), 2_500);
      const tickRows: Row[] = [];
      const copied = await writeBatches(
        s,
        'market_price_ticks',
        'copy',
        (function* () {
          for (const b of ticks) {
            tickRows.push(...b);
            yield b;
          }
        })(),
      );
      assert.equal(await s.count('market_price_ticks'), copied);
      assert.equal(copied, 20_000);
      const sources = await writeBatches(s, 'source_reliability_metrics', 'insert', generateBatches(spec('source_reliability_metrics', 5_000), 1_000));
      assert.equal(await s.count('source_reliability_metrics'), sources);
      const sentiment = await writeBatches(s, 'sentiment_scores', 'copy', generateBatches(spec('sentiment_scores', 5_000), 1_000));
      assert.equal(await s.count('sentiment_scores'), sentiment);

      // ANALYZE after the load, seen from another connection in pg_stat_user_tables.
      const prep = await s.prepareForQueries!(['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores']);
      assert.match(prep.method, /^ANALYZE market_price_ticks, source_reliability_metrics, sentiment_scores \(planner settings: .*jit=off/);
      const other = await (server.endpoint as SqlEndpoint).connect();
      try {
        const st = await other.query(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND last_analyze IS NOT NULL ORDER BY relname`, [schema]);
        assert.deepEqual(
          st.rows.map((r) => r.relname),
          ['market_price_ticks', 'sentiment_scores', 'source_reliability_metrics'],
        );
      } finally {
        await other.close();
      }

      const symbol = mostPopularKey('market_price_ticks', defaultShape('market_price_ticks'), 42);
      const p = queryParams(A, symbol);
      for (const def of QUERIES) {
        const answer = await s.runQuery(def.id, p);
        assert.deepEqual(answer.columns, def.columns);
        assert.ok(answer.rows.length > 0, `${def.id} returns rows`);
        for (const row of answer.rows) {
          assert.equal(row.length, def.columns.length);
          for (const c of def.timeColumns) {
            const v = row[def.columns.indexOf(c)] as number;
            const from = def.id === 'ticks_ohlcv_1m' ? p.dayFromMs : def.id === 'alerts_daily_by_type' ? p.fromMs - DAY : p.fromMs;
            assert.ok(typeof v === 'number' && v >= from && v < p.toMs, `${def.id}.${c} = ${v} in window`);
          }
          for (const c of def.exactColumns) assert.ok(Number.isInteger(row[def.columns.indexOf(c)]), `${def.id}.${c} integer`);
        }
      }
      const hourly = await s.runQuery('ticks_7d_hourly', p);
      const inWindow = tickRows.filter((r) => (r[0] as number) >= us(p.fromMs) && (r[0] as number) < us(p.toMs)).length;
      assert.equal(
        hourly.rows.reduce((n, r) => n + (r[4] as number), 0),
        inWindow,
        'hourly tick counts add up to the rows in the window',
      );
      const last = await s.runQuery('ticks_last_price', p);
      const lastBtc = tickRows
        .filter((r) => r[1] === symbol && r[2] !== null && (r[0] as number) < us(p.toMs) && (r[0] as number) >= us(p.fromMs))
        .reduce((a, b) => ((a[0] as number) > (b[0] as number) ? a : b));
      const mine = last.rows.find((r) => r[0] === symbol)!;
      assert.equal(mine[1], Math.floor((lastBtc[0] as number) / 1000));
      assert.equal(mine[2], Number(lastBtc[2]));
    });

    await t.test('downsample: materialized views answer like the raw queries', async () => {
      const ds = s.downsample!;
      assert.ok(ds, 'postgres offers downsampling');
      assert.equal(s.compress, undefined, 'plain PostgreSQL has no compression');
      const created = await ds.setup(['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores'], params);
      // The shared aggregate set (bench/queries/aggregates.ts), as on every engine.
      assert.deepEqual(
        created,
        aggregatesFor(['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores']).map((a) => a.id),
      );
      assert.deepEqual([...created].sort(), ['sentiment_hourly', 'source_hourly_stats', 'ticks_hourly', 'ticks_ohlcv_1m']);
      assert.deepEqual(created.map((id) => ds.objectName(id)).sort(), ['sentiment_hourly_mv', 'source_hourly_stats_mv', 'ticks_hourly_mv', 'ticks_ohlcv_1m_mv']);
      // the generated data of the previous step: its most popular symbol has candles
      const generated = queryParams(A, mostPopularKey('market_price_ticks', defaultShape('market_price_ticks'), 42));
      for (const id of created) {
        await ds.refresh(id, generated);
        assert.ok((await ds.storageBytes(id)) > 0, `${id} has bytes`);
        assert.ok((await ds.rowCount!(id)) > 0, `${id} has rows`);
        const queryId = aggregateById(id)!.answers.queryId;
        const raw = await s.runQuery(queryId, generated);
        assert.ok(raw.rows.length > 0, `${queryId} has rows`);
        assertSameAnswer(await ds.runAggregateQuery(id, generated), raw, queryId);
      }
      await assert.rejects(ds.runAggregateQuery('ticks_hourly', { ...params, toMs: params.toMs - 1 }), /whole-hour/);
    });

    await t.test('storage: engine figures and allocated bytes of the data files', async () => {
      await s.flush();
      const [ticks] = await s.storage(['market_price_ticks']);
      assert.equal(ticks.table, 'market_price_ticks');
      assert.equal(ticks.rows, 20_000);
      assert.equal(ticks.primary, 'pg_total_relation_size');
      const e = ticks.engineBytes;
      assert.ok(e.pg_relation_size > 0 && e.pg_indexes_size > 0);
      assert.ok(e.pg_total_relation_size >= e.pg_relation_size + e.pg_indexes_size + e.toast);
      assert.ok(ticks.dataPaths.length >= 2, 'heap and primary-key index');
      for (const p of ticks.dataPaths) assert.match(p, /^base\/\d+\/\d+$/);
      const allocated = await server.allocatedBytes(ticks.dataPaths);
      assert.ok(allocated !== null && allocated > 0);
      // Same files, counted by the file system: within 10% of PostgreSQL's own figure.
      assert.ok(Math.abs(allocated - e.pg_total_relation_size) <= 0.1 * e.pg_total_relation_size, `${allocated} vs ${e.pg_total_relation_size}`);
      const whole = await server.allocatedBytes();
      assert.ok(whole !== null && whole > allocated);
      assert.equal(whole, await allocatedBytes(dataDir));
      const sample = await server.sampleResources!();
      assert.ok(sample.memoryBytes !== null && sample.memoryBytes > 0);
      const again = await server.sampleResources!();
      assert.ok(again.cpuPercent !== null && again.cpuPercent >= 0);
    });

    await t.test('resource samples: PSS summed over the postmaster and all its children exceeds the postmaster alone', async () => {
      const facts = server.details.resourceSampling as ResourceSamplingFacts;
      assert.equal(facts.scope, 'process tree (server pid and all descendants)');
      assert.equal(facts.clockTicksPerSec, clockTicks().perSecond, 'CPU ticks are divided by the real CLK_TCK');
      const tree = readProcessTree(pid);
      assert.equal(tree[0].pid, pid);
      assert.ok(tree.length > 1 && tree.slice(1).some((p) => p.ppid === pid), 'the postmaster has children (checkpointer, walwriter, backends)');
      if (existsSync('/proc/self/smaps_rollup')) assert.equal(facts.memory, 'PSS');
      if (facts.memory !== 'PSS') return;
      const postmasterAlone = readPssBytes(pid);
      const sample = await server.sampleResources!();
      assert.ok(postmasterAlone !== null && postmasterAlone > 0);
      assert.ok(sample.memoryBytes !== null && sample.memoryBytes > postmasterAlone, `tree ${sample.memoryBytes} vs postmaster ${postmasterAlone}`);
    });

    await t.test('retention: DELETE + VACUUM removes exactly the rows before the cutoff', async () => {
      const r = s.retention!;
      assert.match(r.method, /DELETE/);
      const before = await s.count('market_price_ticks');
      const cutoff = A - 3 * DAY - 12 * HOUR;
      const expected = (await s.runQuery('ticks_7d_hourly', { ...params, fromMs: 0, toMs: cutoff - (cutoff % HOUR) })).rows.reduce((n, row) => n + (row[4] as number), 0);
      await r.configure('market_price_ticks', 90 * DAY);
      const result = await r.run('market_price_ticks', cutoff);
      assert.equal(result.rowsRemoved, expected);
      assert.ok(expected > 0);
      assert.equal(await s.count('market_price_ticks'), before - expected);
      const oldest = await s.runQuery('ticks_7d_hourly', { ...params, fromMs: 0, toMs: cutoff });
      assert.equal(oldest.rows.length, 0, 'nothing older than the cutoff is left');
    });

    await t.test('maxSessions 1: writers share the session connection; sessions are isolated by schema', async () => {
      const d = server.details;
      const single = pgWireEndpoint({
        host: '127.0.0.1',
        port: Number(d.port),
        user: 'postgres',
        password: String(pgWireConfigOf(server.endpoint as SqlEndpoint)?.password), // the run's random password
        database: 'postgres',
        application_name: 'tsdb-bench-single',
        display: 'single',
        maxSessions: 1,
      });
      const other = await engine.open(single, context(`${runId}-other`));
      try {
        assert.notEqual(other.info.namespace, schema);
        await other.createTables(['alert_events']);
        const w = await other.writer('alert_events', 'insert');
        await w.write(w.encode(ALERTS.slice(0, 2)));
        const r = await other.runQuery('alerts_daily_by_type', params); // still usable while the writer is open
        assert.equal(r.rows.length, 1);
        const c = await (server.endpoint as SqlEndpoint).connect();
        try {
          const n = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tsdb-bench-single'`);
          assert.equal(n.rows[0].n, 1, 'one connection for session and writer');
        } finally {
          await c.close();
        }
        await w.close();
        assert.equal(await other.count('alert_events'), 2, 'closing a sharing writer keeps the session connection');
        assert.equal(await s.count('alert_events'), ALERTS.length, 'the first session is untouched');
      } finally {
        await other.close();
      }
    });

    await t.test('close drops the schema and is idempotent', async () => {
      await s.close();
      await s.close();
      session = null;
      const c = await (server.endpoint as SqlEndpoint).connect();
      try {
        const r = await c.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
        assert.equal(r.rows[0].n, 0);
      } finally {
        await c.close();
      }
      await assert.rejects(s.count('market_price_ticks'), /closed/);
    });
  } finally {
    if (session) await session.close();
    await server.stop();
  }

  await t.test('stop ends the postmaster and removes the data dir; idempotent', async () => {
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    assert.equal(existsSync(dataDir), false);
    assert.equal(existsSync(String(server.details.dataDir).replace(/\/data$/, '')), false);
    await server.stop();
  });
});

test('native PostgreSQL probe names what is missing', async (t) => {
  const probe = await postgresqlNative.probe(request('probe'));
  if (!needs(t, probe.available, `native PostgreSQL: ${probe.reason}`)) return;
  const ts = await postgresqlNative.probe(request('probe', { extensions: ['no_such_extension_x'], preloadLibraries: [] }));
  assert.equal(ts.available, false);
  assert.match(ts.reason, /no_such_extension_x not in pg_available_extensions of PostgreSQL \d+\.\d+ at \S+ \(no \S+no_such_extension_x\.control\)/);
  assert.match(ts.reason, /PG_BIN/);

  const saved = process.env.PG_BIN;
  process.env.PG_BIN = '/nonexistent/pg/bin';
  try {
    const bad = await postgresqlNative.probe(request('probe'));
    assert.equal(bad.available, false);
    assert.match(bad.reason, /PG_BIN=\/nonexistent\/pg\/bin lacks initdb, pg_ctl, postgres/);
    await assert.rejects(postgresqlNative.start(request('bad')), /PG_BIN/);
  } finally {
    if (saved === undefined) delete process.env.PG_BIN;
    else process.env.PG_BIN = saved;
  }
});
