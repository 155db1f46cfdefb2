/**
 * Engine `timescaledb` on the embedded runtime (PGlite + TimescaleDB WASM, always available):
 * hypertables, continuous aggregates, compression and retention run by the harness through
 * CALL run_job, storage figures, and cleanup at close. Small dataset (10 days, ~33k rows).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtime } from '../../bench/runtimes/embedded/index.js';
import { engine } from '../../bench/engines/timescaledb/index.js';
import { generateBatches, mostPopularKey, resolveShape } from '../../bench/generate/index.js';
import { queryById, queryParams, DAY_MS } from '../../bench/queries/catalog.js';
import { diffAnswers } from '../../bench/queries/compare.js';
import { aggregateById, aggregatesFor } from '../../bench/queries/aggregates.js';
import { silentLogger } from '../../bench/core/log.js';
import type { EngineSession } from '../../bench/core/engine.js';
import type { RunningServer } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlClient, SqlEndpoint } from '../../bench/core/sql.js';
import type { TableName } from '../../bench/core/tables.js';
import type { QueryAnswer } from '../../bench/queries/catalog.js';
import { intervalSql, parseChunkInterval, timescaleOptions } from '../../bench/engines/timescaledb/options.js';
import { InputError } from '../../bench/core/errors.js';
import { NULL_PRICE_ROWS, nullPriceTicks } from '../helpers/engine-session.js';

const HOUR_MS = 3_600_000;
const SEED = 42;
const ANCHOR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const SPAN_DAYS = 10;
const ROWS: Record<TableName, number> = {
  market_price_ticks: 20_000,
  source_reliability_metrics: 6_000,
  sentiment_scores: 5_000,
  alert_events: 2_000,
};
const TABLES = Object.keys(ROWS) as TableName[];
/** Rows in each table once loaded (generated + the hand-made ticks below). */
const expectedRows = (t: TableName): number => ROWS[t] + (t === 'market_price_ticks' ? NULL_PRICE_ROWS : 0);
const RUN_ID = 'tsdb-embedded-test';
const scenario = { name: 'timescaledb-embedded-test' } as unknown as Scenario;
const params = queryParams(ANCHOR, mostPopularKey('market_price_ticks', resolveShape('market_price_ticks'), SEED));

let server: RunningServer;
let session: EngineSession;
let probe: SqlClient; // same shared PGlite session, for catalog checks
const schema = () => session.info.namespace;

async function load(table: TableName): Promise<void> {
  const writer = await session.writer(table, 'copy');
  const batches = generateBatches(
    {
      table,
      seed: SEED,
      stream: 'preload',
      shape: resolveShape(table),
      anchorMs: ANCHOR,
      startMs: ANCHOR - SPAN_DAYS * DAY_MS,
      endMs: ANCHOR,
      rows: ROWS[table],
    },
    5_000,
  );
  for (const batch of batches) await writer.write(writer.encode(batch));
  await writer.close();
}

function assertSameAnswer(queryId: string, a: QueryAnswer, b: QueryAnswer): void {
  const def = queryById(queryId)!;
  assert.ok(a.rows.length > 0, `${queryId} has rows`);
  assert.deepEqual(diffAnswers(def, a, b), [], `${queryId} answers differ`);
}

describe('timescaledb engine options', () => {
  test('chunkInterval: PostgreSQL or short form, validated', () => {
    assert.deepEqual(parseChunkInterval('1 day'), { text: '1 day', ms: DAY_MS });
    assert.deepEqual(parseChunkInterval('12h'), { text: '12 hours', ms: 12 * HOUR_MS });
    assert.deepEqual(parseChunkInterval('2 weeks'), { text: '2 weeks', ms: 14 * DAY_MS });
    assert.equal(timescaleOptions({}).chunkIntervalSql, `INTERVAL '1 day'`);
    for (const bad of ['1 fortnight', '0 days', '1.5 days', "1 day'; DROP TABLE x; --", 7]) {
      assert.throws(() => parseChunkInterval(bad), InputError, String(bad));
    }
    assert.throws(() => timescaleOptions({ chunkInterval: '1 day', compresion: true }), /unknown timescaledb option\(s\): compresion/);
    assert.equal(timescaleOptions({}).createDefaultIndexes, true);
    assert.equal(timescaleOptions({ createDefaultIndexes: false }).createDefaultIndexes, false);
    assert.throws(() => timescaleOptions({ createDefaultIndexes: 'no' }), InputError);
    assert.equal(intervalSql(7 * DAY_MS), `INTERVAL '7 days'`);
    assert.equal(intervalSql(90 * 60_000), `INTERVAL '90 minutes'`);
    assert.equal(intervalSql(1500), `INTERVAL '1500 milliseconds'`);
  });

  test('a bad option fails open() before anything is created', async () => {
    const endpoint = { protocol: 'sql' as const, display: 'none', maxSessions: 1, connect: () => Promise.reject(new Error('must not connect')) };
    await assert.rejects(
      engine.open(endpoint, { scenario, runId: 'x', options: { settings: {}, options: { chunkInterval: 'soon' } }, log: silentLogger, signal: new AbortController().signal }),
      InputError,
    );
  });
});

describe('timescaledb@embedded', () => {
  before(async () => {
    const requirements = engine.requirements;
    const ctrl = new AbortController();
    server = await runtime.start({
      engine: engine.name,
      family: engine.server,
      requirements,
      options: { settings: {}, options: {} },
      scenario,
      runId: RUN_ID,
      log: silentLogger,
      signal: ctrl.signal,
      flags: {},
    });
    session = await engine.open(server.endpoint, {
      scenario,
      runId: RUN_ID,
      options: { settings: {}, options: { chunkInterval: '1 day' } },
      log: silentLogger,
      signal: ctrl.signal,
    });
    probe = await (server.endpoint as SqlEndpoint).connect();
    await session.createTables(TABLES);
    for (const t of TABLES) await load(t);
    const w = await session.writer('market_price_ticks', 'copy');
    await w.write(w.encode(nullPriceTicks(params.symbol, ANCHOR)));
    await w.close();
  });

  after(async () => {
    await session?.close();
    await probe?.close();
    await server?.stop();
  });

  test('engine info: TimescaleDB version from the extension, on PostgreSQL 17.5', () => {
    assert.match(session.info.version, /^TimescaleDB 2\.\d+\.\d+\S* on PostgreSQL 17\.5$/);
    assert.match(session.info.versions.timescaledb, /^2\./);
    assert.equal(session.info.settings.chunk_time_interval, '1 day');
  });

  test('hypertables are created and chunked by day; every row arrived', async () => {
    const ht = await probe.query(`SELECT hypertable_name, num_chunks FROM timescaledb_information.hypertables WHERE hypertable_schema = $1 ORDER BY 1`, [schema()]);
    assert.deepEqual(
      ht.rows.map((r) => r.hypertable_name),
      [...TABLES].sort(),
    );
    for (const row of ht.rows) assert.ok(Number(row.num_chunks) >= SPAN_DAYS, `${row.hypertable_name}: ${row.num_chunks} chunks`);
    const dim = await probe.query(
      `SELECT column_name, time_interval::text AS iv FROM timescaledb_information.dimensions WHERE hypertable_schema = $1 AND hypertable_name = 'market_price_ticks'`,
      [schema()],
    );
    assert.deepEqual(dim.rows[0], { column_name: 'timestamp', iv: '1 day' });
    for (const t of TABLES) assert.equal(await session.count(t), expectedRows(t), t);
    // create_hypertable's default ("timestamp" DESC) index beside the seed's primary key.
    const idx = await probe.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = $1 AND tablename = 'market_price_ticks'`, [schema()]);
    assert.equal(idx.rows[0].n, 2);
  });

  test('prepareForQueries: ANALYZE of the loaded hypertables and their chunks, timed, with jit=off', async () => {
    assert.equal(session.info.settings.jit, 'off');
    // The embedded TimescaleDB build starts with enable_seqscan=off: put back to on, and recorded.
    assert.equal(session.info.settings.enable_seqscan, undefined, 'no enable_* left off');
    assert.match(session.info.settings['tsdb_bench.planner_reset'] ?? '', /enable_seqscan: off \(command line\) -> on/);
    assert.equal((await probe.query(`SELECT current_setting('enable_seqscan') AS v`)).rows[0].v, 'on');
    const prep = await session.prepareForQueries!(TABLES);
    assert.match(prep.method, /^ANALYZE market_price_ticks, source_reliability_metrics, sentiment_scores, alert_events \(planner settings: .*jit=off/);
    assert.ok(prep.ms >= 0);
    const analyzed = await probe.query(
      `SELECT count(*) FILTER (WHERE s.last_analyze IS NOT NULL)::int AS done, count(*)::int AS chunks
         FROM timescaledb_information.chunks c JOIN pg_stat_user_tables s ON s.schemaname = c.chunk_schema AND s.relname = c.chunk_name
        WHERE c.hypertable_schema = $1 AND c.hypertable_name = 'market_price_ticks'`,
      [schema()],
    );
    assert.ok(Number(analyzed.rows[0].chunks) >= SPAN_DAYS);
    assert.equal(analyzed.rows[0].done, analyzed.rows[0].chunks, 'every chunk analyzed');
  });

  test('continuous aggregates answer like the raw data; their policies are jobs run by run_job', async () => {
    const ds = session.downsample!;
    const created = await ds.setup(TABLES, params);
    // The shared aggregate set (bench/queries/aggregates.ts): the same ids as PostgreSQL's views and InfluxDB's CQs.
    assert.deepEqual(
      created,
      aggregatesFor(TABLES).map((a) => a.id),
    );
    assert.deepEqual([...created].sort(), ['sentiment_hourly', 'source_hourly_stats', 'ticks_hourly', 'ticks_ohlcv_1m']);
    // Created WITH NO DATA and materialized_only: nothing to read before the refresh.
    assert.equal((await ds.runAggregateQuery('source_hourly_stats', params)).rows.length, 0);
    for (const id of created) {
      await ds.refresh(id, params);
      const queryId = aggregateById(id)!.answers.queryId;
      assertSameAnswer(queryId, await ds.runAggregateQuery(id, params), await session.runQuery(queryId, params));
      assert.ok((await ds.storageBytes(id)) > 0, `${id} has bytes`);
      assert.ok((await ds.rowCount!(id)) > 0, `${id} has rows`);
    }

    const jobs = await probe.query(
      `SELECT job_id, hypertable_name, config FROM timescaledb_information.jobs
        WHERE proc_name = 'policy_refresh_continuous_aggregate' AND hypertable_schema = $1 ORDER BY hypertable_name`,
      [schema()],
    );
    assert.equal(jobs.rows.length, 4);
    const seedJob = jobs.rows.find((r) => r.hypertable_name === 'source_hourly_stats')!;
    const seedConfig = seedJob.config as { start_offset?: unknown; end_offset?: unknown } | null;
    assert.deepEqual(seedConfig && { start: seedConfig.start_offset, end: seedConfig.end_offset }, {
      start: '03:00:00',
      end: '01:00:00',
    });
    for (const job of jobs.rows) await probe.exec(`CALL run_job(${Number(job.job_id)})`);

    // The seed's policy refreshes [now() - 3 hours, now() - 1 hour): a row written 2 hours ago
    // reaches the (materialized-only) aggregate when the harness runs the policy job.
    const raw = `"${schema()}"."source_reliability_metrics"`;
    await probe.exec(`INSERT INTO ${raw} VALUES (now() - INTERVAL '2 hours', 'policy-probe', 0.5, 10, 0.25)`);
    const seen = () => probe.query(`SELECT sample_count::int AS n FROM "${schema()}".source_hourly_stats WHERE source_ref = 'policy-probe'`);
    assert.equal((await seen()).rows.length, 0);
    await probe.exec(`CALL run_job(${Number(seedJob.job_id)})`);
    assert.deepEqual((await seen()).rows, [{ n: 1 }]);
    await probe.exec(`DELETE FROM ${raw} WHERE source_ref = 'policy-probe'`);
  });

  test('compression through the policy job: expected chunks, ratio > 1, same rows and answers', async () => {
    const comp = session.compress!;
    const before: Record<string, QueryAnswer> = {};
    for (const id of session.supportedQueries()) before[id] = await session.runQuery(id, params);
    const olderThan = 7 * DAY_MS;
    const cutoff = ANCHOR - olderThan;
    const expected = await probe.query(
      `SELECT hypertable_name AS t, count(*)::int AS n FROM timescaledb_information.chunks
        WHERE hypertable_schema = $1 AND range_end <= $2::timestamptz GROUP BY 1`,
      [schema(), new Date(cutoff).toISOString()],
    );
    const expectedTotal = expected.rows.reduce((s, r) => s + Number(r.n), 0);
    assert.ok(expectedTotal >= 4 * 2, `chunks older than the cutoff: ${expectedTotal}`);

    await comp.configure(TABLES, olderThan);
    const jobs = await probe.query(`SELECT count(*)::int AS n FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_schema = $1`, [schema()]);
    assert.equal(jobs.rows[0].n, TABLES.length);
    const result = await comp.run(TABLES, cutoff);
    assert.equal(result.unitsCompressed, expectedTotal);
    const perTable = result.details.tables as Record<string, { mismatch?: string; compressed: number }>;
    for (const t of TABLES) assert.equal(perTable[t].mismatch, undefined, t);
    // What stayed uncompressed, counted independently: chunks not compressed and the rows in them.
    const left = await probe.query(`SELECT count(*)::int AS n, min(range_start) AS first FROM timescaledb_information.chunks WHERE hypertable_schema = $1 AND NOT is_compressed`, [
      schema(),
    ]);
    assert.equal(result.unitsUncompressed, left.rows[0].n);
    assert.equal(result.unit, 'chunk');
    let rowsLeft = 0;
    for (const t of TABLES) {
      const r = await probe.query(
        `SELECT count(*)::int AS n FROM "${schema()}"."${t}" WHERE "timestamp" >= (SELECT min(range_start) FROM timescaledb_information.chunks
          WHERE hypertable_schema = $1 AND hypertable_name = $2 AND NOT is_compressed)`,
        [schema(), t],
      );
      rowsLeft += Number(r.rows[0].n);
    }
    assert.ok(rowsLeft > 0, 'the last 7 days stay uncompressed');
    assert.equal(result.rowsUncompressed, rowsLeft);

    const flags = await probe.query(`SELECT bool_and(is_compressed = (range_end <= $2::timestamptz)) AS exact FROM timescaledb_information.chunks WHERE hypertable_schema = $1`, [
      schema(),
      new Date(cutoff).toISOString(),
    ]);
    assert.equal(flags.rows[0].exact, true, 'exactly the chunks ending before the cutoff are compressed');

    const stats = await probe.query(`SELECT before_compression_total_bytes AS b, after_compression_total_bytes AS a FROM hypertable_compression_stats($1::regclass)`, [
      `"${schema()}"."market_price_ticks"`,
    ]);
    const ratio = Number(stats.rows[0].b) / Number(stats.rows[0].a);
    assert.ok(ratio > 1, `compression ratio ${ratio}`);
    process.stderr.write(`market_price_ticks compression ratio (embedded, ${ROWS.market_price_ticks} rows): ${ratio.toFixed(2)}\n`);

    for (const t of TABLES) assert.equal(await session.count(t), expectedRows(t), `${t} count after compression`);
    for (const id of session.supportedQueries()) assertSameAnswer(id, await session.runQuery(id, params), before[id]);
  });

  test('storage: hypertable figures, chunk files counted by the runtime', async () => {
    await session.flush();
    const [ticks] = await session.storage(['market_price_ticks']);
    assert.equal(ticks.primary, 'hypertable_size');
    assert.equal(ticks.rows, expectedRows('market_price_ticks'));
    for (const k of ['hypertable_size', 'table_bytes', 'index_bytes', 'toast_bytes', 'compressed_before_total_bytes', 'compressed_after_total_bytes']) {
      assert.equal(typeof ticks.engineBytes[k], 'number', k);
    }
    assert.ok(ticks.engineBytes.compressed_after_total_bytes < ticks.engineBytes.compressed_before_total_bytes);
    assert.ok(
      Object.keys(ticks.engineBytes).every((k) => !/chunks$/.test(k)),
      'engineBytes holds bytes only',
    );
    assert.ok(ticks.dataPaths.length > 3 * SPAN_DAYS, `${ticks.dataPaths.length} relation files (chunks, compressed chunks, indexes, toast)`);
    const allocated = await server.allocatedBytes(ticks.dataPaths);
    // Same files PostgreSQL measures: the MEMFS sum equals pg_total_relation_size over the relations.
    assert.equal(allocated, ticks.engineBytes.pg_total_relation_size);
    assert.ok(ticks.engineBytes.hypertable_size <= ticks.engineBytes.pg_total_relation_size);
  });

  test('retention through the policy job drops whole chunks older than the cutoff', async () => {
    const ret = session.retention!;
    const table: TableName = 'source_reliability_metrics';
    const cutoff = ANCHOR - 8 * DAY_MS; // mid-day: the straddling chunk stays
    await ret.configure(table, 8 * DAY_MS);
    const job = await probe.query(`SELECT count(*)::int AS n FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_schema = $1`, [schema()]);
    assert.equal(job.rows[0].n, 1);
    const older = await probe.query(`SELECT count(*)::int AS n FROM "${schema()}"."${table}" WHERE "timestamp" < $1::timestamptz`, [new Date(cutoff).toISOString()]);
    const r = await ret.run(table, cutoff);
    const d = r.details as Record<string, number>;
    assert.ok(d.chunksDropped >= 2, `dropped ${d.chunksDropped} chunks`);
    assert.equal(d.chunksDropped, d.chunksExpectedToDrop);
    assert.ok(r.rowsRemoved! > 0);
    assert.equal(r.rowsRemoved, ROWS[table] - (await session.count(table)));
    assert.equal(d.rowsOlderThanCutoffKept + r.rowsRemoved!, older.rows[0].n);
    const minChunk = await probe.query(`SELECT min(range_start) AS s FROM timescaledb_information.chunks WHERE hypertable_schema = $1 AND hypertable_name = $2`, [schema(), table]);
    const start = (minChunk.rows[0].s as Date).getTime();
    assert.ok(start <= cutoff && cutoff < start + DAY_MS, 'the oldest chunk left is the one holding the cutoff');
  });

  test('close drops the schema, hypertables, aggregates and jobs', async () => {
    const ns = schema();
    await session.close();
    const left = await probe.query(
      `SELECT (SELECT count(*)::int FROM timescaledb_information.hypertables WHERE hypertable_schema = $1) AS ht,
              (SELECT count(*)::int FROM timescaledb_information.jobs WHERE hypertable_schema = $1) AS jobs,
              (SELECT count(*)::int FROM timescaledb_information.continuous_aggregates WHERE view_schema = $1) AS caggs,
              (SELECT count(*)::int FROM _timescaledb_catalog.hypertable) AS all_ht,
              (SELECT count(*)::int FROM pg_namespace WHERE nspname = $1) AS ns`,
      [ns],
    );
    assert.deepEqual(left.rows[0], { ht: 0, jobs: 0, caggs: 0, all_ht: 0, ns: 0 });
  });
});
