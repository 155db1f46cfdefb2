/**
 * Throwaway servers are locked (issue 12 item 7): the native PostgreSQL refuses connections
 * without the run's random password (checked with pg and with psql, an independent client) and
 * accepts them with it; native influxd answers 401 without credentials and 200 with the run's
 * admin; scenario settings cannot move either server off 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { needs } from '../helpers/require.js';
import type { ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { HttpEndpoint, SqlEndpoint } from '../../bench/core/sql.js';
import { silentLogger } from '../../bench/core/log.js';
import { postgresqlNative } from '../../bench/runtimes/native/postgresql.js';
import { influxdbNative } from '../../bench/runtimes/native/influxdb.js';
import { pgWireConfigOf } from '../../bench/sql/pg-wire.js';

const scenario = { name: 'robust-locked', dataset: { seed: 1, anchorMs: Date.UTC(2024, 0, 1) } } as unknown as Scenario;

function request(family: 'postgresql' | 'influxdb', settings: Record<string, string>): ServerRequest {
  return {
    engine: family === 'postgresql' ? 'postgres' : 'influxdb',
    family,
    requirements: {},
    options: { settings, options: {} },
    scenario,
    runId: `locked-${process.pid}`,
    log: silentLogger,
    signal: new AbortController().signal,
    flags: {},
  };
}

/** Processes whose command line contains `secret` (what `ps` would show). */
function commandLinesWith(secret: string): string[] {
  const hits: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(secret)) hits.push(`${e}: ${cmd}`);
    } catch {
      /* gone or not ours */
    }
  }
  return hits;
}

async function pgConnectError(config: pg.ClientConfig): Promise<string | null> {
  const c = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => {});
  }
}

test('native PostgreSQL needs the run password (scram-sha-256), listens on 127.0.0.1 only', async (t) => {
  const probe = await postgresqlNative.probe(request('postgresql', {}));
  if (!needs(t, probe.available, probe.reason)) return;
  // A scenario trying to open the server up: the runtime's forced settings win.
  const server = await postgresqlNative.start(request('postgresql', { listen_addresses: '*', max_connections: '20' }));
  try {
    const config = pgWireConfigOf(server.endpoint as SqlEndpoint);
    assert.ok(config && typeof config.password === 'string' && config.password.length >= 20, 'a random password of at least 20 characters');
    const port = Number(server.details.port);
    const password = String(config.password);
    assert.ok(!JSON.stringify(server.details).includes(password), 'the password is not in the details (results.json)');
    assert.ok(!server.endpoint.display.includes(password), 'nor in the display string');

    const base = { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' };
    assert.match((await pgConnectError({ ...base, password: 'wrong-password' })) ?? 'connected', /password authentication failed/);
    assert.match((await pgConnectError({ ...base, password: '' })) ?? 'connected', /password|SASL|authentication/i);
    assert.equal(await pgConnectError({ ...base, password }), null, 'the run password works');
    assert.deepEqual(commandLinesWith(password), [], 'the password is on no command line (ps)');
    const log = readFileSync(join(String(server.details.dataDir), '..', 'postgresql.log'), 'utf8');
    assert.ok(!log.includes(password), 'nor in the server log');
    assert.equal(existsSync(join(String(server.details.dataDir), '..', 'auth')), false, 'the pwfile is gone after initdb');

    // The Unix socket is locked too (scram on local connections, socket dir 0700).
    const sock = String(server.details.dataDir).replace(/\/data$/, '');
    assert.match((await pgConnectError({ ...base, host: sock, password: 'wrong-password' })) ?? 'connected', /password authentication failed|permission denied|EACCES/);

    const c = await (server.endpoint as SqlEndpoint).connect();
    try {
      const rows = (
        await c.query(`SELECT current_setting('listen_addresses') AS l, current_setting('password_encryption') AS e,
        (SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres') AS scram`)
      ).rows[0];
      assert.deepEqual(rows, { l: '127.0.0.1', e: 'scram-sha-256', scram: true });
      const hba = (await c.query(`SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE error IS NULL`)).rows.map((r) => r.auth_method);
      assert.deepEqual(hba, ['scram-sha-256'], 'every pg_hba rule asks for the password');
    } finally {
      await c.close();
    }

    // psql, an independent client: refused without the password, accepted with it.
    const psql = ['/usr/bin/psql', `${process.env.PG_BIN ?? ''}/psql`].find((p) => existsSync(p));
    if (psql) {
      const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-w', '-Atc', 'SELECT 42'];
      const env = { ...process.env, PGPASSWORD: '', PGPASSFILE: '/dev/null' };
      const refused = spawnSync(psql, args, { encoding: 'utf8', env, timeout: 20_000 });
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /password/i);
      const ok = spawnSync(psql, args, { encoding: 'utf8', env: { ...env, PGPASSWORD: password }, timeout: 20_000 });
      assert.equal(ok.stdout.trim(), '42', ok.stderr);
    }
  } finally {
    await server.stop();
  }
});

test('native influxd: 401 without credentials, 200 with the run admin, bound to 127.0.0.1', async (t) => {
  const probe = await influxdbNative.probe(request('influxdb', {}));
  if (!needs(t, probe.available, probe.reason)) return;
  const server = await influxdbNative.start(request('influxdb', { 'http.auth-enabled': 'false', 'http.bind-address': '0.0.0.0:8086' }));
  try {
    const ep = server.endpoint as HttpEndpoint;
    assert.match(ep.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ep.username && ep.password && ep.password.length >= 20);
    assert.ok(!JSON.stringify(server.details).includes(ep.password!), 'the password is not in the details');
    const q = `${ep.baseUrl}/query?q=${encodeURIComponent('SHOW DATABASES')}`;
    assert.equal((await fetch(q)).status, 401);
    const wrong = { authorization: `Basic ${Buffer.from(`${ep.username}:nope`).toString('base64')}` };
    assert.equal((await fetch(q, { headers: wrong })).status, 401);
    const right = { authorization: `Basic ${Buffer.from(`${ep.username}:${ep.password}`).toString('base64')}` };
    assert.equal((await fetch(q, { headers: right })).status, 200);
    assert.deepEqual(commandLinesWith(ep.password!), [], 'the password is on no command line (ps)');
    assert.ok(!readFileSync(join(String(server.details.dir), 'influxd.log'), 'utf8').includes(ep.password!), 'nor in the influxd log');
    assert.ok(!readFileSync(join(String(server.details.dir), 'influxd.conf'), 'utf8').includes(ep.password!), 'nor in its config');
    // A write without credentials is refused too.
    const w = await fetch(`${ep.baseUrl}/write?db=x`, { method: 'POST', body: 'm v=1' });
    assert.equal(w.status, 401);
  } finally {
    await server.stop();
  }
});
