/**
 * The pure parts of deadlines and cleanup: bounds and their override, long-statement
 * classification, the one-line message, withDeadline, the phase deadline derived from the
 * scenario, and the synchronous last-resort cleanups.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  configureDeadlines,
  DEFAULT_OP_TIMEOUT_MS,
  deadlineSettings,
  EngineStoppedResponding,
  formatBound,
  isLongStatement,
  LONG_OP_FACTOR,
  parseOpTimeout,
  statementDeadlineMs,
  withDeadline,
} from '../../bench/core/deadlines.js';
import { TargetError } from '../../bench/core/errors.js';
import { phaseDeadlineMs, PHASE_SLACK_MS } from '../../bench/run/deadline.js';
import type { PhaseSpec } from '../../bench/core/scenario.js';
import { registerCleanup, runCleanups, runLastResortCleanups } from '../../bench/core/cleanup.js';
import { operationLabel, requestDeadlineMs } from '../../bench/engines/influxdb/http.js';
import { queryRequest, writeRequest } from '../../bench/engines/influxdb/requests.js';
import { createAdminStatement } from '../../bench/runtimes/influx1-auth.js';
import { forcedSettings } from '../../bench/runtimes/native/postgresql.js';
import { influx1EntrypointProfile, influx1LocalProfile, postgresEntrypointProfile, postgresLocalProfile, type PlanInput } from '../../bench/runtimes/docker/profiles.js';
import { daemonIsLocal } from '../../bench/runtimes/docker/container.js';

describe('operation deadlines', () => {
  test('default 120 s, long statements x10; TSDB_BENCH_OP_TIMEOUT and configureDeadlines override', () => {
    configureDeadlines({});
    assert.deepEqual(deadlineSettings({}), { opTimeoutMs: DEFAULT_OP_TIMEOUT_MS, longOpTimeoutMs: DEFAULT_OP_TIMEOUT_MS * LONG_OP_FACTOR });
    assert.equal(DEFAULT_OP_TIMEOUT_MS, 120_000);
    assert.deepEqual(deadlineSettings({ TSDB_BENCH_OP_TIMEOUT: '30s' }), { opTimeoutMs: 30_000, longOpTimeoutMs: 300_000 });
    configureDeadlines({ opTimeoutMs: 5_000 });
    assert.deepEqual(deadlineSettings({ TSDB_BENCH_OP_TIMEOUT: '30s' }), { opTimeoutMs: 5_000, longOpTimeoutMs: 50_000 });
    configureDeadlines({});
  });

  test('TSDB_BENCH_OP_TIMEOUT forms; garbage is refused naming the variable', () => {
    assert.equal(parseOpTimeout('45'), 45_000);
    assert.equal(parseOpTimeout('1500ms'), 1_500);
    assert.equal(parseOpTimeout('2m'), 120_000);
    assert.equal(parseOpTimeout(' 1.5s '), 1_500);
    assert.throws(() => parseOpTimeout('soon'), /TSDB_BENCH_OP_TIMEOUT=soon: not a duration/);
    assert.throws(() => parseOpTimeout('10ms'), /at least 100ms/);
    assert.throws(() => parseOpTimeout('-5s'), /not a duration/);
  });

  test('long statements: compression, refresh, jobs, maintenance, index builds, backfills', () => {
    for (const sql of [
      `SELECT compress_chunk(c) FROM show_chunks('t') c`,
      `CALL refresh_continuous_aggregate('x', NULL, NULL)`,
      `CALL run_job(1000)`,
      'VACUUM ANALYZE t',
      'CHECKPOINT',
      'CREATE INDEX ON t (ts)',
      'REFRESH MATERIALIZED VIEW m',
      'CREATE MATERIALIZED VIEW m AS SELECT 1',
      `SELECT mean(price) INTO "db"."rp"."m" FROM t GROUP BY time(1h)`,
      `DELETE FROM t WHERE ts < now() - interval '90 days'`,
      'INSERT INTO agg SELECT time_bucket(1, ts), avg(v) FROM t GROUP BY 1',
      'CREATE TABLE x AS SELECT * FROM t',
    ]) {
      assert.equal(isLongStatement(sql), true, sql);
    }
    for (const sql of ['SELECT count(*) FROM t', 'INSERT INTO t VALUES (1)', 'CREATE TABLE t (a int)', 'TRUNCATE t', `SET TimeZone = 'UTC'`, 'SELECT * FROM t WHERE x = 1']) {
      assert.equal(isLongStatement(sql), false, sql);
    }
    const s = { opTimeoutMs: 7_000, longOpTimeoutMs: 70_000 };
    assert.equal(statementDeadlineMs('CHECKPOINT', s), 70_000);
    assert.equal(statementDeadlineMs('SELECT 1', s), 7_000);
  });

  test('the one-line message names the operation and the bound; it is a TargetError', () => {
    const err = new EngineStoppedResponding('a COPY batch', 60_000);
    assert.equal(err.message, 'engine stopped responding (no answer to a COPY batch within 60 s)');
    assert.ok(err instanceof TargetError);
    assert.match(err.hint ?? '', /TSDB_BENCH_OP_TIMEOUT/);
    assert.equal(formatBound(1_500), '1.5 s');
    assert.equal(formatBound(1_200_000), '20 min');
  });

  test('withDeadline: passes results through, rejects on expiry after running onExpiry', async () => {
    assert.equal(await withDeadline(Promise.resolve(3), 1_000, 'x'), 3);
    await assert.rejects(withDeadline(Promise.reject(new Error('boom')), 1_000, 'x'), /boom/);
    let expired = false;
    const never = new Promise<never>(() => {});
    await assert.rejects(
      withDeadline(never, 20, 'a test operation', () => (expired = true)),
      (err: Error) => err instanceof EngineStoppedResponding && err.message === 'engine stopped responding (no answer to a test operation within 20 ms)',
    );
    assert.equal(expired, true);
  });

  test('InfluxDB requests: write/query labels, long bound for SELECT ... INTO', () => {
    configureDeadlines({ opTimeoutMs: 1_000 });
    try {
      const conn = { major: 1 as const, username: 'u', password: 'p' };
      const write = writeRequest(conn, { database: 'd' }, Buffer.from('m v=1'));
      assert.equal(operationLabel(write), 'an InfluxDB write');
      assert.equal(requestDeadlineMs(write), 1_000);
      const q = queryRequest(conn, 'SELECT count(*) FROM m', 'd');
      assert.equal(operationLabel(q), 'an InfluxDB query');
      assert.equal(requestDeadlineMs(q), 1_000);
      assert.equal(requestDeadlineMs(queryRequest(conn, 'SELECT mean(v) INTO "d"."autogen"."x" FROM m GROUP BY time(1h)', 'd')), 10_000);
      assert.ok(!write.path.includes('p=') && write.headers.authorization?.startsWith('Basic '), 'credentials in a header, never in the URL');
    } finally {
      configureDeadlines({});
    }
  });
});

describe('phase deadline', () => {
  const scenario = { trials: 3 };
  const base = { id: 'p', trials: 3 };

  test('time-bound phases: duration x trials x 3 + slack', () => {
    const ingest = { ...base, kind: 'ingest', durationMs: 20_000 } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(ingest, scenario), 20_000 * 3 * 3 + PHASE_SLACK_MS);
    const saturate = { ...base, trials: 1, kind: 'saturate', budgetMs: 60_000 } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(saturate, scenario), 60_000 * 3 + PHASE_SLACK_MS);
  });

  test('row-bound phases at 5k rows/s; query phases per query and iteration; others from the long bound', () => {
    const preload = { ...base, kind: 'preload', rows: 1_000_000 } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(preload, scenario), 200_000 * 3 * 3 + PHASE_SLACK_MS);
    const query = { ...base, trials: 1, kind: 'query', queries: ['a', 'b'], warmup: 2, iterations: 8 } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(query, scenario), 10 * 2 * 10_000 * 3 + PHASE_SLACK_MS);
    const storage = { ...base, trials: 1, kind: 'storage' } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(storage, scenario, { opTimeoutMs: 1_000, longOpTimeoutMs: 10_000 }), 30_000 + PHASE_SLACK_MS);
  });

  test('more trials or rows never shorten it; missing numbers fall back safely', () => {
    const p = (rows: number, trials: number) => phaseDeadlineMs({ ...base, trials, kind: 'preload', rows } as unknown as PhaseSpec, scenario);
    assert.ok(p(2_000_000, 3) > p(1_000_000, 3));
    assert.ok(p(1_000_000, 5) > p(1_000_000, 3));
    const broken = { id: 'x', kind: 'ingest' } as unknown as PhaseSpec;
    assert.equal(phaseDeadlineMs(broken, { trials: 2 }), PHASE_SLACK_MS);
  });
});

describe('cleanup last resorts', () => {
  test('a second signal runs the synchronous last resort of cleanups still running, once', async () => {
    const calls: string[] = [];
    let release!: () => void;
    registerCleanup(
      'slow server',
      () => new Promise<void>((r) => (release = r)),
      () => calls.push('kill slow'),
    );
    registerCleanup(
      'done dir',
      () => void calls.push('rm done'),
      () => calls.push('never: completed'),
    );
    const graceful = runCleanups(() => {});
    await new Promise((r) => setImmediate(r));
    // 'done dir' completed, 'slow server' is stuck: the second signal arrives now.
    runLastResortCleanups(() => {});
    runLastResortCleanups(() => {});
    assert.deepEqual(calls, ['rm done', 'kill slow']);
    release();
    await graceful;
    assert.deepEqual(calls, ['rm done', 'kill slow']);
  });

  test('a cleanup whose asynchronous part fails falls back to its last resort', async () => {
    const calls: string[] = [];
    const run = registerCleanup(
      'broken',
      () => Promise.reject(new Error('daemon gone')),
      () => calls.push('last resort'),
    );
    await assert.rejects(run(), /daemon gone/);
    assert.deepEqual(calls, ['last resort']);
    runLastResortCleanups(() => {});
    assert.deepEqual(calls, ['last resort'], 'not run twice');
  });
});

describe('locked servers (pure parts)', () => {
  test('native PostgreSQL: loopback, port, socket dir and hba file are forced', () => {
    assert.deepEqual(forcedSettings(5555, '/tmp/x', '/tmp/x/data'), {
      listen_addresses: '127.0.0.1',
      port: '5555',
      unix_socket_directories: '/tmp/x',
      unix_socket_permissions: '0700',
      unix_socket_group: '',
      hba_file: '/tmp/x/data/pg_hba.conf',
    });
  });

  test('InfluxDB 1.x admin statement; unsafe characters refused', () => {
    assert.equal(createAdminStatement({ username: 'tsdb_bench', password: 'Ab-9_x' }), `CREATE USER "tsdb_bench" WITH PASSWORD 'Ab-9_x' WITH ALL PRIVILEGES`);
    assert.throws(() => createAdminStatement({ username: 'tsdb_bench', password: "x' OR 1" }));
  });

  const plan = (over: Partial<PlanInput> = {}): PlanInput => ({
    network: 'bridge',
    hostPorts: [],
    settings: {},
    preloadLibraries: [],
    password: 'pw-Secret_123',
    token: 'tok',
    ...over,
  });

  test('docker PostgreSQL: scram-sha-256 for every TCP client (loopback too), password only in the environment', () => {
    for (const network of ['bridge', 'host'] as const) {
      const p = postgresEntrypointProfile.plan(plan({ network, hostPorts: [40001] }));
      assert.equal(p.env.POSTGRES_HOST_AUTH_METHOD, 'scram-sha-256');
      assert.match(p.env.POSTGRES_INITDB_ARGS, /--auth-host=scram-sha-256/);
      assert.ok(!p.command.join(' ').includes('pw-Secret_123'));
      const local = postgresLocalProfile.plan(plan({ network, hostPorts: [40001] }));
      assert.match(local.command[2], /--auth-host=scram-sha-256/);
      assert.ok(!local.command.join(' ').includes('pw-Secret_123'));
    }
  });

  test('docker InfluxDB 1.x: auth forced on whatever the scenario says, per-run admin bootstrapped', () => {
    for (const profile of [influx1EntrypointProfile, influx1LocalProfile]) {
      const p = profile.plan(plan({ network: 'host', hostPorts: [40001, 40002], settings: { 'http.auth-enabled': 'false' } }));
      assert.equal(p.env.INFLUXDB_HTTP_AUTH_ENABLED, 'true');
      assert.equal(p.env.INFLUXDB_HTTP_BIND_ADDRESS, '127.0.0.1:40001');
      assert.deepEqual(p.credentials, { username: 'tsdb_bench', password: 'pw-Secret_123' });
      assert.equal(p.adminBootstrap, 'influxdb1');
    }
  });

  test('mapped docker ports are published on loopback when the daemon is on this machine', () => {
    assert.equal(daemonIsLocal('localhost'), true);
    assert.equal(daemonIsLocal('127.0.0.1'), true);
    assert.equal(daemonIsLocal('docker.example.com'), false);
  });
});
