/**
 * The InfluxDB 3 Core docker profile (no daemon here): what `--image influxdb=influxdb:3-core`
 * plans — the image choice, the profile selected from the image's facts, the start command
 * (influxdb3 serve with file object store and a per-run offline admin token), readiness and the
 * credentials handed to the engine.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairs } from '../../bench/core/pairs.js';
import { listenSettingProblems } from '../../bench/scenario/limits.js';
import { chooseImages } from '../../bench/runtimes/docker/images.js';
import {
  INFLUX3_BASE_SETTINGS,
  INFLUX3_START_SCRIPT,
  INFLUX3_TOKEN_FILE,
  INFLUXDB3_CORE_IMAGE,
  influx3Args,
  influx3CoreProfile,
  influx3Token,
  selectProfile,
  type ImageFacts,
  type PlanInput,
} from '../../bench/runtimes/docker/profiles.js';

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  network: 'host',
  hostPorts: [41001],
  settings: {},
  preloadLibraries: [],
  password: 'pw-secret',
  token: 'tok-secret',
  ...over,
});

// As docker image inspect reports the official image (Dockerfile: ENV INFLUXDB_VERSION=3.11.1).
const facts = (ref: string, env: Record<string, string> = { INFLUXDB_VERSION: '3.11.1' }): ImageFacts => ({ ref, id: 'sha256:3', labels: {}, env });

describe('--image influxdb=influxdb:3-core', () => {
  test('plans the 3.x Core flavour: the flag image, then the 3.x profile (from the image env or the tag)', () => {
    const flags = { images: parsePairs(['influxdb=influxdb:3-core'], 'image') };
    const choice = chooseImages({ engine: 'influxdb', family: 'influxdb', requirements: {}, flagImages: flags.images });
    assert.deepEqual(choice, { refs: ['influxdb:3-core'], source: 'flag' });
    assert.equal(selectProfile('influxdb', facts(choice.refs[0])), influx3CoreProfile);
    assert.equal(selectProfile('influxdb', facts('influxdb:3-core', {})), influx3CoreProfile, 'tag alone');
    assert.equal(selectProfile('influxdb', facts(INFLUXDB3_CORE_IMAGE)), influx3CoreProfile);
  });

  test('the pinned tag names an exact release', () => {
    assert.match(INFLUXDB3_CORE_IMAGE, /^influxdb:3\.\d+\.\d+-core$/);
  });
});

describe('InfluxDB 3 Core plan', () => {
  test('host network: influxdb3 serve bound to 127.0.0.1 on the chosen port, file object store, offline admin token file', () => {
    const plan = influx3CoreProfile.plan(input({ settings: { 'query-file-limit': '2000' } }));
    assert.deepEqual(plan.command.slice(0, 4), ['/bin/sh', '-c', INFLUX3_START_SCRIPT, 'influxdb3']);
    const args = plan.command.slice(4);
    const arg = (name: string): string | undefined => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : undefined;
    };
    assert.equal(arg('http-bind'), '127.0.0.1:41001');
    assert.equal(arg('object-store'), 'file');
    assert.equal(arg('data-dir'), '/var/lib/influxdb3');
    assert.equal(arg('node-id'), 'tsdb-bench');
    assert.equal(arg('admin-token-file'), INFLUX3_TOKEN_FILE);
    assert.equal(arg('query-file-limit'), '2000', 'scenario settings become serve options');
    assert.equal(arg('wal-snapshot-size'), INFLUX3_BASE_SETTINGS['wal-snapshot-size']);
    assert.ok(args.includes('--disable-telemetry-upload') && arg('disable-telemetry-upload') !== 'true', 'a true flag is passed alone');
    assert.equal(plan.port, 41001);
    assert.equal(influx3CoreProfile.hostPorts, 1);
    assert.equal(influx3CoreProfile.dataDir, '/var/lib/influxdb3');
    // Ready once the server logs its startup time (after binding the HTTP port).
    assert.ok(plan.waitLog.pattern.test('2026-12-01T20:00:00.123Z INFO influxdb3_server: startup time: 412ms address=127.0.0.1:41001'));
    assert.equal(plan.waitLog.times, 1);
    // The token reaches the engine as a 3.x token; the password is not used.
    assert.equal(plan.credentials.token, 'apiv3_tok-secret');
    assert.equal(plan.env.TSDB_BENCH_ADMIN_TOKEN, 'apiv3_tok-secret');
    assert.equal(plan.appliedSettings['http-bind'], '127.0.0.1:41001');
    assert.ok(!plan.command.join(' ').includes('tok-secret'), 'the token is not on the command line');
  });

  test('bridge network: listens on 0.0.0.0:8181 inside the container; a scenario cannot move the bind or token file', () => {
    const plan = influx3CoreProfile.plan(input({ network: 'bridge', hostPorts: [], settings: { 'http-bind': '0.0.0.0:1', 'admin-token-file': '/x' } }));
    assert.equal(plan.port, 8181);
    assert.equal(plan.appliedSettings['http-bind'], '0.0.0.0:8181');
    assert.equal(plan.appliedSettings['admin-token-file'], INFLUX3_TOKEN_FILE);
  });

  test('a scenario may not open the server: listen and auth options are rejected at load time', () => {
    const problems = listenSettingProblems({
      influxdb: { settings: { 'without-auth': 'true', 'http-bind': '0.0.0.0:8181', 'disable-authz': 'ping', 'query-file-limit': '2000' }, options: {} },
    } as never);
    assert.deepEqual(problems.map((p) => p.path[3]).sort(), ['disable-authz', 'http-bind', 'without-auth']);
  });

  test('settings to arguments; tokens get the apiv3_ prefix once', () => {
    assert.deepEqual(influx3Args({ a: '1', flag: 'true', off: 'false' }), ['--a', '1', '--flag']);
    assert.equal(influx3Token('abc'), 'apiv3_abc');
    assert.equal(influx3Token('apiv3_abc'), 'apiv3_abc');
  });

  test('the start script writes the documented offline token file (0600) and execs influxdb3 serve with the arguments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'influx3-script-'));
    try {
      const file = join(dir, 'token.json');
      const bin = join(dir, 'bin');
      // A stand-in influxdb3 that prints its arguments, to run the real script without the image.
      spawnSync('/bin/sh', ['-c', `mkdir -p ${bin} && printf '#!/bin/sh\\necho "$@"\\n' > ${bin}/influxdb3 && chmod +x ${bin}/influxdb3`]);
      const script = INFLUX3_START_SCRIPT.replace(INFLUX3_TOKEN_FILE, file);
      const r = spawnSync('/bin/sh', ['-c', script, 'influxdb3', '--node-id', 'n1'], {
        env: { PATH: `${bin}:/usr/bin:/bin`, TSDB_BENCH_ADMIN_TOKEN: 'apiv3_t0k' },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'serve --node-id n1');
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { token: 'apiv3_t0k', name: '_admin' });
      const mode = spawnSync('stat', ['-c', '%a', file], { encoding: 'utf8' }).stdout.trim();
      assert.equal(mode, '600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
