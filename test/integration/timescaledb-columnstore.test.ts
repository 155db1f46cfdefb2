/**
 * TimescaleDB's compression API choice (issue 15 item 4): on the embedded build (TimescaleDB
 * 2.23.0-dev, >= 2.18) the default configures compression with the columnstore names
 * (timescaledb.enable_columnstore / segmentby / orderby, CALL add_columnstore_policy), and
 * `compressionApi: seed` keeps the seed's own statements; both compress the same chunks through
 * the policy job, and the compress details (results.json) say which API was used.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtime } from '../../bench/runtimes/embedded/index.js';
import { engine } from '../../bench/engines/timescaledb/index.js';
import { generateBatches, resolveShape } from '../../bench/generate/index.js';
import { DAY_MS } from '../../bench/queries/catalog.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlEndpoint } from '../../bench/core/sql.js';
import { InputError } from '../../bench/core/errors.js';
import { decideApi, enableStatement, policyStatement, supportsColumnstore } from '../../bench/engines/timescaledb/compression-api.js';
import { timescaleOptions } from '../../bench/engines/timescaledb/options.js';

const ANCHOR = Date.UTC(2026, 10, 30);
const ROWS = 3_000;
const scenario = { name: 'timescaledb-columnstore-test' } as unknown as Scenario;

describe('compression API choice (pure)', () => {
  test('auto picks the columnstore from 2.18 on; columnstore on an older server is refused; seed always works', () => {
    assert.equal(supportsColumnstore('2.23.0-dev'), true);
    assert.equal(supportsColumnstore('2.18.0'), true);
    assert.equal(supportsColumnstore('2.17.2'), false);
    assert.equal(supportsColumnstore(null), false);
    assert.deepEqual(decideApi('auto', '2.23.0-dev'), { api: 'columnstore', reason: 'auto: TimescaleDB 2.23.0-dev >= 2.18' });
    assert.equal(decideApi('auto', '2.14.2').api, 'seed');
    assert.equal(decideApi('seed', '2.23.0').api, 'seed');
    assert.throws(() => decideApi('columnstore', '2.14.2'), /needs TimescaleDB >= 2\.18/);
    assert.equal(
      enableStatement('columnstore', '"s"."t"', 'symbol', '"timestamp" DESC'),
      `ALTER TABLE "s"."t" SET (timescaledb.enable_columnstore = true, timescaledb.segmentby = 'symbol', timescaledb.orderby = '"timestamp" DESC')`,
    );
    assert.match(enableStatement('seed', '"s"."t"', 'symbol', '"timestamp" DESC'), /timescaledb\.compress, timescaledb\.compress_segmentby = 'symbol'/);
    assert.equal(policyStatement('columnstore', '"s"."t"', `INTERVAL '1 day'`), `CALL add_columnstore_policy('"s"."t"', after => INTERVAL '1 day')`);
  });

  test('the scenario option is validated', () => {
    assert.equal(timescaleOptions({}).compressionApi, 'auto');
    assert.equal(timescaleOptions({ compressionApi: 'seed' }).compressionApi, 'seed');
    assert.throws(() => timescaleOptions({ compressionApi: 'hypercore' }), InputError);
  });
});

for (const [choice, api] of [
  ['auto', 'columnstore'],
  ['seed', 'seed'],
] as const) {
  test(`timescaledb@embedded, compressionApi ${choice}: the ${api} API compresses the chunks before the cutoff`, async () => {
    const server = await runtime.start({
      engine: engine.name,
      family: engine.server,
      requirements: engine.requirements,
      options: { settings: {}, options: {} },
      scenario,
      runId: `columnstore_${choice}`,
      log: silentLogger,
      signal: new AbortController().signal,
      flags: {},
    });
    const session = await engine.open(server.endpoint, {
      scenario,
      runId: `columnstore_${choice}`,
      options: { settings: {}, options: { chunkInterval: '1 day', compressionApi: choice } },
      log: silentLogger,
      signal: new AbortController().signal,
    });
    const probe = await (server.endpoint as SqlEndpoint).connect();
    try {
      await session.createTables(['market_price_ticks']);
      const w = await session.writer('market_price_ticks', 'copy');
      for (const batch of generateBatches(
        {
          table: 'market_price_ticks',
          seed: 3,
          stream: 'preload',
          shape: resolveShape('market_price_ticks'),
          anchorMs: ANCHOR,
          startMs: ANCHOR - 4 * DAY_MS,
          endMs: ANCHOR,
          rows: ROWS,
        },
        1_000,
      )) {
        await w.write(w.encode(batch));
      }
      await w.close();
      const comp = session.compress!;
      await comp.configure(['market_price_ticks'], DAY_MS);
      const cutoff = ANCHOR - DAY_MS;
      const result = await comp.run(['market_price_ticks'], cutoff);
      assert.equal(result.details.api, api);
      assert.match(String(result.details.apiReason), choice === 'auto' ? /^auto: TimescaleDB 2\.\d+\.\d+\S* >= 2\.18$/ : /compressionApi: seed/);
      const statements = result.details.statements as string[];
      if (api === 'columnstore') {
        assert.match(statements[0], /timescaledb\.enable_columnstore = true, timescaledb\.segmentby = 'symbol'/);
        assert.match(statements[1], /^CALL add_columnstore_policy\(/);
        assert.match(String(result.details.method), /^columnstore API/);
      } else {
        assert.match(statements[0], /timescaledb\.compress, timescaledb\.compress_segmentby/);
        assert.match(statements[1], /^SELECT add_compression_policy\(/);
      }
      // Same outcome either way: one unscheduled policy_compression job, chunks ending by the cutoff compressed.
      const jobs = await probe.query(
        `SELECT count(*)::int AS n, bool_and(NOT scheduled) AS unscheduled FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_schema = $1`,
        [session.info.namespace],
      );
      assert.deepEqual(jobs.rows[0], { n: 1, unscheduled: true });
      const chunks = await probe.query(
        `SELECT count(*) FILTER (WHERE range_end <= $2::timestamptz)::int AS eligible, count(*) FILTER (WHERE is_compressed)::int AS compressed,
                bool_and(is_compressed = (range_end <= $2::timestamptz)) AS exact
           FROM timescaledb_information.chunks WHERE hypertable_schema = $1`,
        [session.info.namespace, new Date(cutoff).toISOString()],
      );
      assert.equal(chunks.rows[0].exact, true);
      assert.equal(result.unitsCompressed, chunks.rows[0].compressed);
      assert.ok(Number(chunks.rows[0].compressed) >= 3, `compressed chunks: ${chunks.rows[0].compressed}`);
      assert.equal(await session.count('market_price_ticks'), ROWS);
    } finally {
      await session.close();
      await probe.close();
      await server.stop();
    }
  });
}
