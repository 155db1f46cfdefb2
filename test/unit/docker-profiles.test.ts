import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  envListToRecord,
  influx1EntrypointProfile,
  influx1EnvName,
  influx1LocalProfile,
  influx2EntrypointProfile,
  influx2EnvName,
  influx3CoreProfile,
  influxMajor,
  postgresArgs,
  postgresEntrypointProfile,
  postgresLocalProfile,
  selectProfile,
  type ImageFacts,
  type PlanInput,
} from '../../bench/runtimes/docker/profiles.js';

const facts = (ref: string, labels: Record<string, string> = {}, env: Record<string, string> = {}): ImageFacts => ({
  ref,
  id: 'sha256:0',
  labels,
  env,
});

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  network: 'host',
  hostPorts: [40001, 40002],
  settings: {},
  preloadLibraries: [],
  password: 'pw-secret',
  token: 'tok-secret',
  ...over,
});

describe('image profile selection', () => {
  test('the local label selects the local profiles, per family', () => {
    const local = { 'tsdb-bench.image': 'local' };
    assert.equal(selectProfile('postgresql', facts('tsdb-bench/postgres:15-bookworm', local)), postgresLocalProfile);
    assert.equal(selectProfile('influxdb', facts('tsdb-bench/influxdb:1.6-bookworm', local)), influx1LocalProfile);
  });

  test('official images use their entrypoint', () => {
    assert.equal(selectProfile('postgresql', facts('postgres:16.11-bookworm')), postgresEntrypointProfile);
    assert.equal(selectProfile('postgresql', facts('timescale/timescaledb:2.24.0-pg16')), postgresEntrypointProfile);
  });

  test('the InfluxDB major version comes from the image env, else the tag', () => {
    assert.equal(selectProfile('influxdb', facts('influxdb:latest', {}, { INFLUXDB_VERSION: '2.7.12' })), influx2EntrypointProfile);
    assert.equal(selectProfile('influxdb', facts('influxdb:1.11.8', {}, { INFLUXDB_VERSION: '1.11.8' })), influx1EntrypointProfile);
    assert.equal(selectProfile('influxdb', facts('influxdb:2.7')), influx2EntrypointProfile);
    assert.equal(influxMajor(facts('registry.local:5000/influxdb:1.8')), 1);
    assert.equal(selectProfile('influxdb', facts('influxdb:3-core', {}, { INFLUXDB_VERSION: '3.2.0' })), influx3CoreProfile);
    assert.throws(() => selectProfile('influxdb', facts('influxdb:3-enterprise', {}, { INFLUXDB_VERSION: '3.2.0' })), /3\.x Enterprise is not supported/);
  });

  test('envListToRecord splits at the first =', () => {
    assert.deepEqual(envListToRecord(['A=1', 'B=x=y', 'BAD']), { A: '1', B: 'x=y' });
    assert.deepEqual(envListToRecord(null), {});
  });
});

describe('PostgreSQL plans', () => {
  test('settings become -c arguments; preload libraries are merged into shared_preload_libraries', () => {
    const plan = postgresEntrypointProfile.plan(input({ settings: { shared_preload_libraries: 'pg_stat_statements', work_mem: '64MB' }, preloadLibraries: ['timescaledb'] }));
    assert.equal(plan.command[0], 'postgres');
    assert.ok(plan.command.join(' ').includes('-c shared_preload_libraries=pg_stat_statements,timescaledb'));
    assert.ok(plan.command.join(' ').includes('-c work_mem=64MB'));
    assert.equal(plan.appliedSettings.shared_preload_libraries, 'pg_stat_statements,timescaledb');
  });

  test('host mode binds 127.0.0.1 on the chosen port; bridge mode listens everywhere on 5432', () => {
    const host = postgresEntrypointProfile.plan(input());
    assert.equal(host.port, 40001);
    assert.equal(host.appliedSettings.listen_addresses, '127.0.0.1');
    assert.equal(host.appliedSettings.port, '40001');
    assert.equal(host.env.PGPORT, '40001');
    const bridge = postgresEntrypointProfile.plan(input({ network: 'bridge', hostPorts: [] }));
    assert.equal(bridge.port, 5432);
    assert.equal(bridge.appliedSettings.listen_addresses, '*');
    assert.equal(bridge.appliedSettings.port, undefined);
  });

  test('the official image gets the password, locale and no timescaledb-tune; waits for two ready lines', () => {
    const plan = postgresEntrypointProfile.plan(input());
    assert.equal(plan.env.POSTGRES_PASSWORD, 'pw-secret');
    assert.equal(plan.env.NO_TS_TUNE, 'true');
    assert.match(plan.env.POSTGRES_INITDB_ARGS, /--locale=C\.UTF-8/);
    assert.equal(plan.waitLog.times, 2);
    assert.equal(plan.user, undefined);
    assert.deepEqual(plan.credentials, { username: 'postgres', password: 'pw-secret', database: 'postgres' });
  });

  test('the local image runs initdb + postgres as postgres, settings passed as script arguments', () => {
    const plan = postgresLocalProfile.plan(input({ settings: { fsync: 'off' } }));
    assert.equal(plan.user, 'postgres');
    assert.deepEqual(plan.command.slice(0, 2), ['/bin/sh', '-c']);
    assert.match(plan.command[2], /initdb -D "\$PGDATA"/);
    assert.match(plan.command[2], /exec postgres -D "\$PGDATA" "\$@"/);
    assert.equal(plan.command[3], 'postgres'); // $0
    assert.deepEqual(plan.command.slice(4), postgresArgs(plan.appliedSettings));
    assert.ok(!plan.command.join(' ').includes('pw-secret'), 'the password never appears in the command line');
    assert.equal(plan.waitLog.times, 1);
  });
});

describe('InfluxDB plans', () => {
  test('1.x settings map to INFLUXDB_<SECTION>_<KEY>', () => {
    assert.equal(influx1EnvName('data.cache-max-memory-size'), 'INFLUXDB_DATA_CACHE_MAX_MEMORY_SIZE');
    assert.equal(influx1EnvName('reporting-disabled'), 'INFLUXDB_REPORTING_DISABLED');
    assert.equal(influx2EnvName('storage-wal-fsync-delay'), 'INFLUXD_STORAGE_WAL_FSYNC_DELAY');
  });

  test('1.x host mode binds HTTP and RPC to 127.0.0.1 ports; scenario settings override the base', () => {
    const plan = influx1EntrypointProfile.plan(input({ settings: { 'data.cache-snapshot-write-cold-duration': '1m' } }));
    assert.equal(plan.env.INFLUXDB_HTTP_BIND_ADDRESS, '127.0.0.1:40001');
    assert.equal(plan.env.INFLUXDB_BIND_ADDRESS, '127.0.0.1:40002');
    assert.equal(plan.env.INFLUXDB_REPORTING_DISABLED, 'true');
    assert.equal(plan.env.INFLUXDB_DATA_CACHE_SNAPSHOT_WRITE_COLD_DURATION, '1m');
    assert.equal(plan.port, 40001);
    assert.deepEqual(plan.command, ['influxd']);
  });

  test('the local 1.x image ignores /etc/influxdb and runs as influxdb', () => {
    const plan = influx1LocalProfile.plan(input());
    assert.deepEqual(plan.command, ['influxd', '-config', '/dev/null']);
    assert.equal(plan.user, 'influxdb');
    assert.equal(plan.env.INFLUXDB_META_DIR, '/var/lib/influxdb/meta');
    assert.match('lvl=info msg="Listening on HTTP" addr=127.0.0.1:40001', plan.waitLog.pattern);
  });

  test('2.x onboards with the per-run token and waits for the final port, not the init port', () => {
    const plan = influx2EntrypointProfile.plan(input());
    assert.equal(plan.env.DOCKER_INFLUXDB_INIT_MODE, 'setup');
    assert.equal(plan.env.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN, 'tok-secret');
    assert.equal(plan.env.INFLUXD_HTTP_BIND_ADDRESS, '127.0.0.1:40001');
    assert.equal(plan.env.INFLUXD_INIT_PORT, '40002');
    assert.deepEqual(
      { token: plan.credentials.token, org: plan.credentials.org, bucket: plan.credentials.bucket },
      { token: 'tok-secret', org: 'tsdb-bench', bucket: 'tsdb-bench' },
    );
    const final = 'ts=x lvl=info msg=Listening log_id=0 service=tcp-listener transport=http addr=127.0.0.1:40001 port=40001';
    const init = 'ts=x lvl=info msg=Listening log_id=0 service=tcp-listener transport=http addr=:40002 port=40002';
    assert.match(final, plan.waitLog.pattern);
    assert.doesNotMatch(init, plan.waitLog.pattern);
  });
});
