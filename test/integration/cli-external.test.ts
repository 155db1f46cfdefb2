/**
 * The CLI's `external` runtime as a user runs it: a PostgreSQL server started here by hand
 * (initdb as the postgres OS user in a temp dir, password authentication on 127.0.0.1, a schema
 * `keepme` that belongs to "somebody else"), then `run --scenario smoke --runtime external
 * --url postgres=postgres://bench:${PGPASS_TEST}@127.0.0.1:<port>/postgres` with the password in
 * an environment variable. Exit 0, rows verified, the password in no output file and in neither
 * stdout nor stderr, the server's other schemas untouched and the run's own schema dropped.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Results } from '../../bench/core/results.js';
import { schemaNameFor } from '../../bench/engines/postgres/namespace.js';
import { needs } from '../helpers/require.js';
import { startPasswordPostgres, type PasswordServer } from '../helpers/password-postgres.js';

const PW_VAR = 'PGPASS_TEST';
// Characters that need URL encoding, so the ${VAR} substitution is exercised for real.
const PASSWORD = `ext/${randomBytes(9).toString('base64url')}@:x`;
const cli = ['--import', 'tsx', 'bench/cli.ts'];

let port = 0;
let server: PasswordServer | undefined;
let unavailable: string | null = null;
const out = mkdtempSync(join(tmpdir(), 'tsdb-bench-cli-external-'));

function adminClient(): pg.Client {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'bench', password: PASSWORD, database: 'postgres' });
  client.on('error', () => {});
  return client;
}

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = adminClient();
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

before(async () => {
  const s = await startPasswordPostgres('tsdb-bench-cli-external-pg-', 'bench', PASSWORD);
  if (typeof s === 'string') {
    unavailable = s;
    return;
  }
  server = s;
  port = s.port;
  // Somebody else's data on the same server: the harness must leave it alone.
  await sql("CREATE SCHEMA keepme; CREATE TABLE keepme.precious (id int primary key, note text); INSERT INTO keepme.precious VALUES (1, 'do not drop'), (2, 'me neither')");
});

after(() => {
  server?.stop();
  rmSync(out, { recursive: true, force: true });
});

/** Every regular file under `root`. */
function filesUnder(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/** Runs smoke against the server with `url`; returns the CLI's output and the results. */
function runSmoke(name: string, url: string) {
  const runOut = join(out, name);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...cli, 'run', '--scenario', 'smoke', '--runtime', 'external', '--url', `postgres=${url}`, '--out', runOut, '--verbose'], {
    encoding: 'utf8',
    env: { ...process.env, [PW_VAR]: PASSWORD, TSDB_BENCH_DOCKER_PULL: '0' },
    timeout: 240_000,
  });
  return { r, runOut, ms: Date.now() - t0 };
}

/** The password, raw or URL-encoded, in no file under `runOut` and in neither stdout nor stderr. */
function assertNoPassword(t: TestContext, runOut: string, r: SpawnSyncReturns<string>): void {
  const forms = [PASSWORD, encodeURIComponent(PASSWORD)];
  const files = filesUnder(runOut);
  assert.ok(files.some((f) => f.endsWith('results.json')) && files.some((f) => f.endsWith('summary.md')) && files.some((f) => f.endsWith('report.html')), files.join('\n'));
  for (const file of files) {
    const content = readFileSync(file).toString('latin1');
    for (const form of forms) assert.ok(!content.includes(form), `password found in ${file}`);
  }
  for (const form of forms) {
    assert.ok(!r.stdout.includes(form), 'password in stdout');
    assert.ok(!r.stderr.includes(form), 'password in stderr');
  }
  // The run did talk about the target (so the checks above looked at real output).
  assert.match(r.stderr, new RegExp(`postgresql://bench@127\\.0\\.0\\.1:${port}/postgres`));
  t.diagnostic(`checked ${files.length} output files and ${r.stdout.length + r.stderr.length} chars of output`);
}

/** Other schemas untouched; the run's own schema gone; nothing in public; no session left open. */
async function assertServerAsBefore(runId: string): Promise<void> {
  const precious = await sql<{ id: number; note: string }>('SELECT id, note FROM keepme.precious ORDER BY id');
  assert.deepEqual(precious, [
    { id: 1, note: 'do not drop' },
    { id: 2, note: 'me neither' },
  ]);
  const own = schemaNameFor(runId);
  const schemas = (await sql<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1")).map(
    (s) => s.nspname,
  );
  assert.deepEqual(schemas, ['keepme', 'public'], `schemas after the run (the run's was ${own})`);
  const publicTables = await sql<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public'");
  assert.equal(publicTables[0].n, '0', 'nothing created in public');
  const sessions = await sql<{ n: string }>("SELECT count(*)::text AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
  assert.equal(sessions[0].n, '0', 'the harness closed every connection');
}

test('smoke on an external PostgreSQL: exit 0, rows verified, no password anywhere, only its own schema created and dropped', async (t) => {
  if (!needs(t, unavailable === null, unavailable ?? '')) return;
  const { r, runOut, ms } = runSmoke('env', `postgres://bench:\${${PW_VAR}}@127.0.0.1:${port}/postgres`);
  t.diagnostic(`external smoke run took ${ms} ms`);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);

  const results = JSON.parse(readFileSync(join(runOut, 'results.json'), 'utf8')) as Results;
  assert.equal(results.status, 'complete');
  assert.equal(results.targets.length, 1);
  const target = results.targets[0];
  assert.equal(target.id, 'postgres@external');
  assert.equal(target.status, 'ok', target.error);
  assert.equal(target.runtimeLabel, 'external');
  assert.equal(target.server?.url, `postgresql://bench@127.0.0.1:${port}/postgres`);
  const preload = target.phases.find((p) => p.kind === 'preload')!;
  assert.ok(preload.trials.length > 0);
  for (const trial of preload.trials) assert.equal(trial.countedRows, trial.rows, 'preload rows counted in the engine');
  const ingest = target.phases.find((p) => p.kind === 'ingest')!;
  let expected = preload.trials.at(-1)!.rows as number;
  for (const trial of ingest.trials) {
    expected += trial.rows as number;
    assert.equal(trial.countedRows, expected, 'ingest rows counted in the engine (table total)');
  }
  assert.ok(target.phases.some((p) => p.kind === 'query' && p.status === 'ok'));

  assertNoPassword(t, runOut, r);
  await assertServerAsBefore(results.runId);
});

test('a password typed into the URL itself is redacted in every output file and line too', async (t) => {
  if (!needs(t, unavailable === null, unavailable ?? '')) return;
  // Discouraged (it shows in `ps`), but users do it: results.json, summary.md and report.html
  // all carry the command line.
  const { r, runOut } = runSmoke('literal', `postgres://bench:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/postgres`);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const results = JSON.parse(readFileSync(join(runOut, 'results.json'), 'utf8')) as Results;
  assert.equal(results.targets[0].status, 'ok', results.targets[0].error);
  assert.match(results.command, /--url postgres=postgres:\/\/bench:\*\*\*@127\.0\.0\.1/);
  assertNoPassword(t, runOut, r);
  await assertServerAsBefore(results.runId);
});

test('a missing password variable fails the target naming the variable, and nothing is created', async (t) => {
  if (!needs(t, unavailable === null, unavailable ?? '')) return;
  const env: NodeJS.ProcessEnv = { ...process.env, TSDB_BENCH_DOCKER_PULL: '0' };
  delete env.TSDB_BENCH_CLI_EXTERNAL_UNSET;
  const r = spawnSync(
    process.execPath,
    [
      ...cli,
      'run',
      '--scenario',
      'smoke',
      '--runtime',
      'external',
      '--url',
      `postgres=postgres://bench:\${TSDB_BENCH_CLI_EXTERNAL_UNSET}@127.0.0.1:${port}/postgres`,
      '--out',
      join(out, 'unset'),
    ],
    { encoding: 'utf8', env, timeout: 120_000 },
  );
  // Bad input (an unset variable in --url) ends the run with exit 2, naming the variable;
  // the server is never contacted.
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /postgres@external URL: environment variable TSDB_BENCH_CLI_EXTERNAL_UNSET is not set/);
  t.diagnostic(`exit ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`);
  const schemas = (await sql<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tsdb\\_bench\\_%'")).map((s) => s.nspname);
  assert.deepEqual(schemas, []);
});
