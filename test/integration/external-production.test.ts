/**
 * The external runtime against servers set up the way production ones are, which the harness
 * did not start and must not change (README "Production-sized targets"):
 *
 * - PostgreSQL that accepts TCP logins only over TLS (hostssl), with a certificate from a CA
 *   the harness is given through `sslrootcert`, and a login role without superuser that owns
 *   one database (what a managed service hands out); somebody else's schema lives next to it.
 * - InfluxDB 1.x over HTTPS only, authentication on, and a token: a JWT signed with the
 *   server's shared secret (1.x's token), the CA given through NODE_EXTRA_CA_CERTS.
 *
 * Asserted: the run completes; the storage figure is the engine's own (no allocated bytes: the
 * disk is not the harness's to see) and the report says so; only the run's own schema or
 * databases are created, and they are dropped; the other owner's data, the server's settings and
 * its start time are as before (no restart, no ALTER SYSTEM, no per-role or per-database
 * settings); certificates are checked (without the CA the target fails, telling where the CA
 * goes); plain TCP is refused by the server; the secrets appear in no output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Results } from '../../bench/core/results.js';
import { needs } from '../helpers/require.js';
import { startPasswordPostgres, type PasswordServer } from '../helpers/password-postgres.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/tls.js';
import { startTlsInfluxd, type TlsInfluxd } from '../helpers/tls-influxd.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const ADMIN_PW = `adm-${randomBytes(9).toString('base64url')}`;
const APP_PW = `app-${randomBytes(9).toString('base64url')}`;
const out = mkdtempSync(join(tmpdir(), 'tsdb-bench-external-production-'));

let certs: TestCertificates | undefined;
let pgServer: PasswordServer | undefined;
let influx: TlsInfluxd | undefined;
let pgUnavailable: string | null = null;
let influxUnavailable: string | null = null;

function adminClient(database: string): pg.Client {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: pgServer!.port,
    user: 'admin',
    password: ADMIN_PW,
    database,
    ssl: { ca: readFileSync(certs!.caFile, 'utf8'), rejectUnauthorized: true },
  });
  client.on('error', () => {});
  return client;
}

async function sql<T extends pg.QueryResultRow>(database: string, text: string): Promise<T[]> {
  const client = adminClient(database);
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** What must not change on the server: start time, every non-default setting, role/database settings, ALTER SYSTEM's file. */
async function serverState(): Promise<unknown> {
  const [started] = await sql<{ t: string }>('postgres', 'SELECT pg_postmaster_start_time()::text AS t');
  const settings = await sql('postgres', "SELECT name, setting, source FROM pg_settings WHERE source NOT IN ('default', 'client', 'session') ORDER BY name");
  const roleSettings = await sql('postgres', 'SELECT setdatabase, setrole, setconfig FROM pg_db_role_setting ORDER BY 1, 2');
  const autoConf = readFileSync(join(pgServer!.dir, 'data', 'postgresql.auto.conf'), 'utf8');
  return { started: started.t, settings, roleSettings, autoConf };
}

before(async () => {
  const c = makeTestCertificates('tsdb-bench-external-tls-');
  if (typeof c === 'string') {
    pgUnavailable = influxUnavailable = c;
    return;
  }
  certs = c;
  const s = await startPasswordPostgres('tsdb-bench-external-managed-', 'admin', ADMIN_PW, { tls: { certFile: c.certFile, keyFile: c.keyFile } });
  if (typeof s === 'string') pgUnavailable = s;
  else {
    pgServer = s;
    await sql('postgres', `CREATE ROLE app LOGIN PASSWORD '${APP_PW}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await sql('postgres', 'CREATE DATABASE appdb OWNER app');
    await sql('appdb', "CREATE SCHEMA keepme; CREATE TABLE keepme.precious (id int primary key, note text); INSERT INTO keepme.precious VALUES (1, 'do not drop')");
  }
  const i = await startTlsInfluxd('tsdb-bench-external-influxd-', c);
  if (typeof i === 'string') influxUnavailable = i;
  else influx = i;
});

after(async () => {
  pgServer?.stop();
  await influx?.stop();
  certs?.remove();
  rmSync(out, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => (statSync(join(root, name)).isDirectory() ? filesUnder(join(root, name)) : [join(root, name)]));
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const runOut = join(out, name);
  const r = spawnSync(process.execPath, [...cli, 'run', '--scenario', 'smoke', '--runtime', 'external', '--out', runOut, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TSDB_BENCH_DOCKER_PULL: '0', ...env },
    timeout: 300_000,
  });
  const resultsFile = join(runOut, 'results.json');
  const results = statSync(resultsFile, { throwIfNoEntry: false }) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : undefined;
  return { r, runOut, results };
}

function assertSecretAbsent(secret: string, runOut: string, output: string): void {
  for (const file of filesUnder(runOut)) assert.ok(!readFileSync(file).toString('latin1').includes(secret), `secret in ${file}`);
  assert.ok(!output.includes(secret), 'secret in the output');
}

/** Storage is the engine's figure, and the report says why. */
function assertEngineReportedStorage(results: Results, runOut: string): void {
  const storage = results.targets[0].phases.find((p) => p.kind === 'storage');
  assert.ok(storage, 'a storage phase ran');
  const tables = (storage.details as { tables: { allocatedBytes: number | null; bytesSource: string; bytes: number }[] }).tables;
  assert.ok(tables.length > 0);
  for (const t of tables) {
    assert.equal(t.allocatedBytes, null, 'no allocated-bytes figure on a server the harness did not start');
    assert.notEqual(t.bytesSource, 'allocated');
    assert.ok(t.bytes > 0, 'the engine reported bytes');
  }
  assert.ok(
    storage.warnings.some((w) => /external runtime cannot see the data files; the figure is the engine's/.test(w)),
    storage.warnings.join('\n'),
  );
  assert.match(readFileSync(join(runOut, 'summary.md'), 'utf8'), /external runtime cannot see the data files/);
}

test('managed-style PostgreSQL: TLS checked against sslrootcert, a role without superuser, only its own schema, server neither restarted nor reconfigured', async (t) => {
  if (!needs(t, pgUnavailable === null, pgUnavailable ?? '')) return;
  const before = await serverState();
  const url = `postgresql://app:\${APP_PW}@127.0.0.1:${pgServer!.port}/appdb?sslmode=verify-full&sslrootcert=${certs!.caFile}`;
  const { r, runOut, results } = run('pg-managed', ['--url', `postgres=${url}`], { APP_PW });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.ok(results);
  assert.equal(results.status, 'complete');
  const target = results.targets[0];
  assert.equal(target.id, 'postgres@external');
  assert.equal(target.status, 'ok', target.error);
  assert.match(String(target.server?.tls), /^sslmode=verify-full: encrypted, certificate chain checked against the CA from sslrootcert, host name checked$/);
  assertEngineReportedStorage(results, runOut);
  // Without superuser (or pg_checkpoint) the flush is refused; the storage phase says so
  // instead of pretending a CHECKPOINT ran.
  const storage = target.phases.find((p) => p.kind === 'storage')!;
  assert.ok(
    storage.warnings.some((w) => /CHECKPOINT failed \(permission denied|must be superuser/.test(w) && /relation sizes are exact without it/.test(w)),
    storage.warnings.join('\n'),
  );

  assert.deepEqual(await serverState(), before, 'no restart, no setting changed on the server');
  assert.deepEqual(await sql('appdb', 'SELECT id, note FROM keepme.precious'), [{ id: 1, note: 'do not drop' }]);
  const schemas = (await sql<{ n: string }>('appdb', "SELECT nspname AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1")).map(
    (s) => s.n,
  );
  assert.deepEqual(schemas, ['keepme', 'public'], 'the run dropped its own schema and touched no other');
  assertSecretAbsent(APP_PW, runOut, r.stdout + r.stderr);
});

test('PostgreSQL over TLS without the CA: the certificate is not trusted blindly, and the hint says where the CA goes', async (t) => {
  if (!needs(t, pgUnavailable === null, pgUnavailable ?? '')) return;
  const url = `postgresql://app:\${APP_PW}@127.0.0.1:${pgServer!.port}/appdb?sslmode=verify-full`;
  const { r, results } = run('pg-no-ca', ['--url', `postgres=${url}`], { APP_PW, NODE_EXTRA_CA_CERTS: '' });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(results?.targets[0].status, 'failed');
  assert.match(results!.targets[0].error ?? '', /self-signed certificate|unable to verify/);
  assert.match(r.stderr, /sslrootcert=<file>/);
});

test("PostgreSQL refuses plain TCP (hostssl only): sslmode=disable fails with the server's own reason", async (t) => {
  if (!needs(t, pgUnavailable === null, pgUnavailable ?? '')) return;
  const url = `postgresql://app:\${APP_PW}@127.0.0.1:${pgServer!.port}/appdb?sslmode=disable`;
  const { r, results } = run('pg-plain', ['--url', `postgres=${url}`], { APP_PW });
  assert.equal(r.status, 3, r.stderr);
  assert.match(results!.targets[0].error ?? '', /no pg_hba\.conf entry .* no encryption/);
});

test('timescaledb@external on a server without the extension fails naming it, and leaves nothing behind', async (t) => {
  if (!needs(t, pgUnavailable === null, pgUnavailable ?? '')) return;
  const url = `postgresql://app:\${APP_PW}@127.0.0.1:${pgServer!.port}/appdb?sslmode=verify-full&sslrootcert=${certs!.caFile}`;
  const { r, results } = run('tsdb-missing', ['--targets', 'timescaledb', '--url', `timescaledb=${url}`], { APP_PW });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(results?.targets[0].id, 'timescaledb@external');
  assert.match(results!.targets[0].error ?? '', /timescaledb/);
  const left = await sql<{ n: string }>('appdb', "SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'tsdb\\_bench\\_%'");
  assert.deepEqual(left, []);
});

test('InfluxDB over HTTPS with a token (1.x JWT): own databases only, created and dropped; the other database and the server untouched', async (t) => {
  if (!needs(t, influxUnavailable === null, influxUnavailable ?? '')) return;
  const { r, runOut, results } = run('influx-tls', ['--targets', 'influxdb', '--url', `influxdb=${influx!.baseUrl}`], {
    TSDB_BENCH_INFLUXDB_TOKEN: influx!.token,
    NODE_EXTRA_CA_CERTS: certs!.caFile,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.ok(results);
  const target = results.targets[0];
  assert.equal(target.id, 'influxdb@external');
  assert.equal(target.status, 'ok', target.error);
  assert.match(String(target.server?.tls), /^https: certificate chain and host name checked/);
  assertEngineReportedStorage(results, runOut);
  assertSecretAbsent(influx!.token, runOut, r.stdout + r.stderr);

  const databases = JSON.stringify(await influx!.query('SHOW DATABASES'));
  assert.ok(databases.includes('"keepme"'), databases);
  assert.ok(!databases.includes('tsdb_bench_'), `the run's databases were dropped: ${databases}`);
  const kept = JSON.stringify(await influx!.query('SELECT * FROM precious', 'keepme'));
  assert.match(kept, /42/);
  process.kill(influx!.pid, 0); // the same server process answered throughout
});

test('InfluxDB over HTTPS without the CA: the target fails, and the hint names NODE_EXTRA_CA_CERTS', async (t) => {
  if (!needs(t, influxUnavailable === null, influxUnavailable ?? '')) return;
  const { r, results } = run('influx-no-ca', ['--targets', 'influxdb', '--url', `influxdb=${influx!.baseUrl}`], {
    TSDB_BENCH_INFLUXDB_TOKEN: influx!.token,
    NODE_EXTRA_CA_CERTS: '',
  });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(results?.targets[0].status, 'failed');
  assert.match(r.stderr, /NODE_EXTRA_CA_CERTS=<file>/);
});
