/**
 * Cross-engine answer check: the same generated dataset (all four seed tables, default shapes
 * with late rows and nulls, rows before, inside and after the query windows) loaded into native
 * InfluxDB 1.x and native PostgreSQL must give the same answer to every named query (keys,
 * times and counts exactly, other numbers within the catalogue tolerance), and InfluxDB's
 * hourly aggregates must answer like PostgreSQL's raw queries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needs } from '../helpers/require.js';
import type { EngineContext, EngineSession } from '../../bench/core/engine.js';
import type { RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Row, TableName } from '../../bench/core/tables.js';
import { QUERIES, queryById, queryParams } from '../../bench/queries/catalog.js';
import { aggregateById } from '../../bench/queries/aggregates.js';
import { diffAnswers } from '../../bench/queries/compare.js';
import { engine as influxEngine } from '../../bench/engines/influxdb/index.js';
import { engine as postgresEngine } from '../../bench/engines/postgres/index.js';
import { influxdbNative } from '../../bench/runtimes/native/influxdb.js';
import { postgresqlNative } from '../../bench/runtimes/native/postgresql.js';
import { defaultShape, generateBatches, mostPopularKey } from '../../bench/generate/index.js';
import type { StreamSpec } from '../../bench/generate/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const A = Date.UTC(2025, 2, 3, 14); // anchor on an hour boundary
const SEED = 42;
const scenario = { name: 'answers-influx-postgres', dataset: { seed: SEED, anchorMs: A } } as unknown as Scenario;

const DATASET: Record<TableName, number> = {
  market_price_ticks: 30_000,
  source_reliability_metrics: 6_000,
  sentiment_scores: 6_000,
  alert_events: 3_000,
};

function request(engine: string, family: 'influxdb' | 'postgresql', runId: string): ServerRequest {
  return {
    engine,
    family,
    requirements: {},
    options: { settings: {}, options: {} },
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

/** Batches of one table: 8 days of history before the anchor and one hour of live data after it. */
function batches(table: TableName): Row[][] {
  const shape = defaultShape(table);
  const rows = DATASET[table];
  const history: StreamSpec = { table, seed: SEED, stream: 'preload', shape, anchorMs: A, startMs: A - 8 * DAY, endMs: A, rows };
  const live: StreamSpec = { table, seed: SEED, stream: 'ingest', shape, anchorMs: A, startMs: A, endMs: A + HOUR, rows: Math.ceil(rows / 100) };
  return [...generateBatches(history, 2_000), ...generateBatches(live, 2_000)];
}

async function load(session: EngineSession, table: TableName, data: readonly Row[][]): Promise<number> {
  const w = await session.writer(table, 'copy');
  let n = 0;
  try {
    for (const rows of data) {
      await w.write(w.encode(rows));
      n += rows.length;
    }
  } finally {
    await w.close();
  }
  return n;
}

test('InfluxDB and PostgreSQL give the same answers on the same dataset', async (t) => {
  const influxProbe = await influxdbNative.probe(request('influxdb', 'influxdb', 'probe'));
  if (!needs(t, influxProbe.available, `native influxd: ${influxProbe.reason}`)) return;
  const pgProbe = await postgresqlNative.probe(request('postgres', 'postgresql', 'probe'));
  if (!needs(t, pgProbe.available, `native PostgreSQL: ${pgProbe.reason}`)) return;

  const runId = `xanswers_${process.pid}`;
  const servers: RunningServer[] = [];
  const sessions: EngineSession[] = [];
  try {
    const influxServer = await influxdbNative.start(request('influxdb', 'influxdb', runId));
    servers.push(influxServer);
    const pgServer = await postgresqlNative.start(request('postgres', 'postgresql', runId));
    servers.push(pgServer);
    const influx = await influxEngine.open(influxServer.endpoint, context(runId));
    sessions.push(influx);
    const pg = await postgresEngine.open(pgServer.endpoint, context(runId));
    sessions.push(pg);

    const tables = Object.keys(DATASET) as TableName[];
    await influx.createTables(tables);
    await pg.createTables(tables);
    for (const table of tables) {
      const data = batches(table);
      const expected = data.reduce((n, b) => n + b.length, 0);
      assert.equal(await load(influx, table, data), expected);
      assert.equal(await load(pg, table, data), expected);
      assert.equal(await influx.count(table), expected, `${table}: InfluxDB count`);
      assert.equal(await pg.count(table), expected, `${table}: PostgreSQL count`);
    }

    const params = queryParams(A, mostPopularKey('market_price_ticks', defaultShape('market_price_ticks'), SEED));
    for (const q of QUERIES) {
      const def = queryById(q.id)!;
      const a = await influx.runQuery(q.id, params);
      const b = await pg.runQuery(q.id, params);
      assert.ok(b.rows.length > 0, `${q.id}: the dataset must produce rows`);
      assert.deepEqual(diffAnswers(def, a, b), [], `${q.id}: InfluxDB vs PostgreSQL`);
    }

    // The same aggregate set on both engines: InfluxDB CQ + backfill and PostgreSQL materialized
    // views answer like PostgreSQL's raw data.
    const ds = influx.downsample!;
    const pgDs = pg.downsample!;
    const created = await ds.setup(tables, params);
    assert.deepEqual(await pgDs.setup(tables, params), created, 'same aggregate ids on both engines');
    assert.ok(created.length > 0);
    for (const id of created) {
      await ds.refresh(id, params);
      await pgDs.refresh(id, params);
      const queryId = aggregateById(id)!.answers.queryId;
      const raw = await pg.runQuery(queryId, params);
      assert.deepEqual(diffAnswers(queryById(queryId)!, await ds.runAggregateQuery(id, params), raw), [], `${id}: InfluxDB aggregate vs PostgreSQL raw`);
      assert.deepEqual(diffAnswers(queryById(queryId)!, await pgDs.runAggregateQuery(id, params), raw), [], `${id}: PostgreSQL view vs PostgreSQL raw`);
    }
  } finally {
    for (const s of sessions.reverse()) await s.close().catch(() => {});
    for (const s of servers.reverse()) await s.stop();
  }
});
