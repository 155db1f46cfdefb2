/**
 * Engine `timescaledb` on the native runtime: needs a local PostgreSQL with TimescaleDB
 * installed (Timescale's packages; not in Debian bookworm), so it skips with the runtime's
 * reason elsewhere (and fails under REQUIRE_ENGINES=1). Same checks as on embedded, smaller.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runtime } from '../../bench/runtimes/native/index.js';
import { engine } from '../../bench/engines/timescaledb/index.js';
import { generateBatches, mostPopularKey, resolveShape } from '../../bench/generate/index.js';
import { queryById, queryParams, DAY_MS } from '../../bench/queries/catalog.js';
import { aggregateById } from '../../bench/queries/aggregates.js';
import { diffAnswers } from '../../bench/queries/compare.js';
import { silentLogger } from '../../bench/core/log.js';
import type { ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlEndpoint } from '../../bench/core/sql.js';
import type { TableName } from '../../bench/core/tables.js';
import { onlyWhere } from '../helpers/require.js';

const HOUR_MS = 3_600_000;
const SEED = 11;
const ANCHOR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const scenario = { name: 'timescaledb-native-test' } as unknown as Scenario;
const RUN_ID = 'tsdb-native-test';

test('timescaledb@native: hypertables, compression and retention via run_job, continuous aggregates', async (t) => {
  const signal = new AbortController().signal;
  const request: ServerRequest = {
    engine: engine.name,
    family: engine.server,
    requirements: engine.requirements,
    options: { settings: {}, options: {} },
    scenario,
    runId: RUN_ID,
    log: silentLogger,
    signal,
    flags: {},
  };
  const availability = await runtime.probe(request);
  if (!onlyWhere(t, availability.available, `native TimescaleDB (not packaged for Debian; skipped even in CI): ${availability.reason}`)) return;

  const server = await runtime.start(request);
  try {
    const session = await engine.open(server.endpoint, { scenario, runId: RUN_ID, options: request.options, log: silentLogger, signal });
    const probe = await (server.endpoint as SqlEndpoint).connect();
    try {
      assert.match(session.info.version, /^TimescaleDB \d+\.\d+/);
      const telemetry = await probe.query(`SELECT current_setting('timescaledb.telemetry_level', true) AS v`);
      assert.equal(telemetry.rows[0].v, 'off');

      const tables: TableName[] = ['market_price_ticks', 'source_reliability_metrics'];
      const rows = 10_000;
      await session.createTables(tables);
      for (const table of tables) {
        const writer = await session.writer(table, 'copy');
        const spec = { table, seed: SEED, stream: 'preload', shape: resolveShape(table), anchorMs: ANCHOR, startMs: ANCHOR - 10 * DAY_MS, endMs: ANCHOR, rows };
        for (const batch of generateBatches(spec, 5_000)) await writer.write(writer.encode(batch));
        await writer.close();
        assert.equal(await session.count(table), rows);
      }
      const schema = session.info.namespace;
      const chunks = await probe.query(`SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_schema = $1 AND hypertable_name = 'market_price_ticks'`, [
        schema,
      ]);
      assert.ok(Number(chunks.rows[0].n) >= 10);

      const params = queryParams(ANCHOR, mostPopularKey('market_price_ticks', resolveShape('market_price_ticks'), SEED));
      const ds = session.downsample!;
      const created = await ds.setup(tables, params);
      assert.ok(created.length > 0);
      for (const id of created) {
        await ds.refresh(id, params);
        const queryId = aggregateById(id)!.answers.queryId;
        const raw = await session.runQuery(queryId, params);
        assert.ok(raw.rows.length > 0);
        assert.deepEqual(diffAnswers(queryById(queryId)!, await ds.runAggregateQuery(id, params), raw), [], id);
      }

      const before = await session.runQuery('ticks_7d_hourly', params);
      await session.compress!.configure(tables, 7 * DAY_MS);
      const comp = await session.compress!.run(tables, ANCHOR - 7 * DAY_MS);
      assert.ok(comp.unitsCompressed >= 4);
      await session.flush();
      const [ticks] = await session.storage(['market_price_ticks']);
      assert.ok(ticks.engineBytes.compressed_before_total_bytes / ticks.engineBytes.compressed_after_total_bytes > 1);
      assert.equal(await session.count('market_price_ticks'), rows);
      assert.deepEqual(diffAnswers(queryById('ticks_7d_hourly')!, await session.runQuery('ticks_7d_hourly', params), before), []);
      const allocated = await server.allocatedBytes(ticks.dataPaths);
      assert.ok(allocated !== null && allocated > 0);

      await session.retention!.configure('source_reliability_metrics', 8 * DAY_MS);
      const ret = await session.retention!.run('source_reliability_metrics', ANCHOR - 8 * DAY_MS);
      assert.ok((ret.details as { chunksDropped: number }).chunksDropped >= 1);
      assert.equal(ret.rowsRemoved, rows - (await session.count('source_reliability_metrics')));

      await session.close();
      const left = await probe.query(`SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_schema = $1`, [schema]);
      assert.equal(left.rows[0].n, 0);
    } finally {
      await session.close();
      await probe.close();
    }
  } finally {
    await server.stop();
  }
});
