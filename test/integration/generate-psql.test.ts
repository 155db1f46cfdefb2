/**
 * `generate` output loads with the real psql: the smoke scenario's preload rows, written as
 * COPY text and as CSV, go through `psql \copy` into a native PostgreSQL (the harness's own
 * runtime and table), and the table then holds exactly the planned rows — and the same rows
 * the harness's own preload writes (compared by an order-independent content hash).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlEndpoint } from '../../bench/core/sql.js';
import { TABLES } from '../../bench/core/tables.js';
import { columnNames } from '../../bench/engines/postgres/ddl.js';
import { plannedStream, writeStreamFile, type FileFormat } from '../../bench/commands/generate.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { needs } from '../helpers/require.js';
import { probeTarget, startTarget } from '../helpers/target.js';

test('generate --phase preload: psql \\copy of the COPY and CSV files loads exactly the planned rows', { timeout: 180_000 }, async (t) => {
  const scenario = loadScenario('smoke', { runtime: 'native', trials: 1 });
  const probe = await probeTarget(scenario, 'postgres', 'native');
  if (!needs(t, probe.available, `native PostgreSQL: ${probe.reason ?? ''}`)) return;
  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-generate-test-'));
  const target = await startTarget({ scenario, engine: 'postgres', runtime: 'native' });
  try {
    const planned = await plannedStream(scenario, 'preload');
    const table = planned.spec.table;
    const qualified = `"${target.session.info.namespace}"."${table}"`;
    const columns = columnNames(TABLES[table])
      .map((c) => `"${c}"`)
      .join(', ');
    const endpoint = target.server.endpoint as SqlEndpoint;
    const admin = await endpoint.connect();
    const password = randomBytes(12).toString('hex');
    const contentHash = async (): Promise<string> => {
      const r = await admin.query(`SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS h FROM ${qualified} t`);
      return String(r.rows[0].h);
    };
    try {
      await admin.exec(`CREATE ROLE generate_test LOGIN SUPERUSER PASSWORD '${password}'`);
      const hashes: string[] = [];
      for (const [format, options] of [
        ['copy', ''],
        ['csv', ' WITH (FORMAT csv)'],
      ] as [FileFormat, string][]) {
        const file = join(dir, `preload.${format}`);
        const written = await writeStreamFile(planned.spec, format, file);
        assert.equal(written.fingerprint, planned.fingerprint, `${format}: the file's rows are the planned stream`);
        assert.equal(written.rows, planned.rows);
        await target.session.truncate(table);
        const psql = spawnSync(
          join(String(target.server.details.bin), 'psql'),
          [
            '-X',
            '-q',
            '-v',
            'ON_ERROR_STOP=1',
            '-h',
            '127.0.0.1',
            '-p',
            String(target.server.details.port),
            '-U',
            'generate_test',
            '-d',
            'postgres',
            '-c',
            `\\copy ${qualified} (${columns}) FROM '${file}'${options}`,
          ],
          { env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8' },
        );
        assert.equal(psql.status, 0, `psql (${format}): ${psql.stderr}`);
        assert.equal(await target.session.count(table), planned.rows, `${format}: row count after psql \\copy`);
        hashes.push(await contentHash());
      }
      assert.equal(hashes[0], hashes[1], 'COPY text and CSV load the same values');
      // The harness's own preload of the same phase stores the same rows.
      const result = await target.runPhase('preload');
      assert.equal((result.trials[0] as { countedRows: number }).countedRows, planned.rows);
      assert.equal(await contentHash(), hashes[0], 'harness preload stores what psql loaded');
    } finally {
      await admin.close();
    }
  } finally {
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a streamed COPY (one per writer) loads every batch, and a bad row fails it with the server message', { timeout: 120_000 }, async (t) => {
  const scenario = loadScenario('smoke', { runtime: 'native', trials: 1 });
  const probe = await probeTarget(scenario, 'postgres', 'native');
  if (!needs(t, probe.available, `native PostgreSQL: ${probe.reason ?? ''}`)) return;
  const target = await startTarget({ scenario, engine: 'postgres', runtime: 'native' });
  try {
    const planned = await plannedStream(scenario, 'preload');
    const { generateBatches } = await import('../../bench/generate/index.js');
    const writer = await target.session.writer(planned.spec.table, 'copy');
    try {
      assert.ok(writer.openStream, 'a wire writer on its own connection can stream');
      const stream = writer.openStream();
      for (const rows of generateBatches(planned.spec, 3_000)) await stream.write(writer.encode(rows));
      await stream.end();
      assert.equal(await target.session.count(planned.spec.table), planned.rows);
      await target.session.truncate(planned.spec.table);
      const bad = writer.openStream();
      const rows = generateBatches(planned.spec, 100).next().value!;
      await bad.write(writer.encode(rows));
      await bad.write({ rows: 1, bytes: 8, payload: Buffer.from('garbage\n') });
      await assert.rejects(bad.end(), /invalid input syntax|missing data/);
    } finally {
      await writer.close();
    }
    assert.equal(await target.session.count(planned.spec.table), 0, 'a failed stream stores nothing');
  } finally {
    await target.stop();
  }
});
