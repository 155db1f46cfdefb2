/**
 * The docker runtime against a real Docker daemon with the local Debian images
 * (scripts/build-images.sh), in host network mode (the CI daemon runs with --bridge=none).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { cleanContainers, LOCAL_IMAGES, runtime } from '../../bench/runtimes/docker/index.js';
import { dockerClient, dockerode, inspectImage } from '../../bench/runtimes/docker/daemon.js';
import { runCleanups } from '../../bench/core/cleanup.js';
import { silentLogger } from '../../bench/core/log.js';
import { redact } from '../../bench/core/redact.js';
import { type RunningServer, type ServerRequest } from '../../bench/core/runtime.js';
import { TargetError } from '../../bench/core/errors.js';
import type { ServerFamily, ServerRequirements } from '../../bench/core/engine.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { HttpEndpoint, SqlEndpoint } from '../../bench/core/sql.js';
import { needs } from '../helpers/require.js';

const scenario: Scenario = {
  name: 'docker-runtime-test',
  description: '',
  file: '<inline>',
  trials: 1,
  targets: [],
  runtime: 'docker',
  engines: {},
  dataset: { seed: 1, anchorMs: 0, anchorSource: 'test', tables: {} },
  overrides: [],
  phases: [],
  claims: [],
};

const runId = `test-${randomUUID().slice(0, 8)}`;

function makeRequest(engine: string, family: ServerFamily, image: string, requirements: ServerRequirements = {}): ServerRequest {
  return {
    engine,
    family,
    requirements,
    options: { settings: {}, options: {} },
    scenario,
    runId,
    log: silentLogger,
    signal: new AbortController().signal,
    flags: { dockerNetwork: 'host', images: { [engine]: image } },
  };
}

/** Containers of this test run, as `docker ps -a` lists them. */
function containersOfRun(): string[] {
  const out = execFileSync('docker', ['ps', '-a', '-q', '--filter', `label=tsdb-bench.run-id=${runId}`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

let unavailable: string | null = null;

before(async () => {
  try {
    const client = await dockerClient(silentLogger);
    for (const ref of Object.values(LOCAL_IMAGES)) {
      if (!(await inspectImage(dockerode(client), ref))) {
        unavailable = `image ${ref} missing (run scripts/build-images.sh)`;
        return;
      }
    }
  } catch (err) {
    unavailable = `no Docker daemon (${err instanceof Error ? err.message : String(err)}); source .ci/docker.sh && start_dockerd`;
  }
});

after(async () => {
  await runCleanups();
});

describe('docker runtime (local images, host network)', () => {
  test('postgres: probe, start, query, settings applied, allocated bytes, stats, stop removes the container', async (t) => {
    if (!needs(t, unavailable === null, unavailable ?? '')) return;
    const req = makeRequest('postgres', 'postgresql', LOCAL_IMAGES.postgresql, { settings: { work_mem: '7MB' } });
    const probe = await runtime.probe(req);
    assert.equal(probe.available, true, probe.reason);

    let server: RunningServer | null = null;
    try {
      server = await runtime.start(req);
      assert.equal(server.runtime, 'docker');
      assert.equal(server.details.imageProfile, 'postgres-local');
      assert.equal(server.details.network, 'host');
      const endpoint = server.endpoint as SqlEndpoint;
      assert.equal(endpoint.protocol, 'sql');
      const client = await endpoint.connect();
      try {
        const one = await client.query('select 1 as one');
        assert.equal(one.rows[0].one, 1);
        const wm = await client.query('show work_mem');
        assert.equal(wm.rows[0].work_mem, '7MB');
        const version = await client.query('show server_version');
        assert.match(String(version.rows[0].server_version), /^15\./);
      } finally {
        await client.close();
      }
      // The generated password is registered: neither the display nor the details show it.
      assert.ok(!endpoint.display.includes('password'));
      assert.equal(redact(JSON.stringify(server.details)), JSON.stringify(server.details));

      const whole = await server.allocatedBytes();
      const base = await server.allocatedBytes(['base']);
      assert.ok(whole !== null && whole > 0, `whole data dir: ${whole}`);
      assert.ok(base !== null && base > 0 && base < whole!, `base: ${base}, whole: ${whole}`);
      t.diagnostic(`postgres data dir ${whole} bytes allocated, base ${base}; started in ${server.details.startMs} ms`);

      const sample = await server.sampleResources!();
      assert.ok(sample.memoryBytes !== null && sample.memoryBytes > 0, `memory ${sample.memoryBytes}`);
      assert.ok(sample.cpuPercent === null || sample.cpuPercent >= 0);
      assert.equal(containersOfRun().length, 1);
    } finally {
      await server?.stop();
    }
    assert.deepEqual(containersOfRun(), []);
    await server!.stop(); // idempotent
  });

  test('influxdb: start, /ping answers 204, allocated bytes, cleanContainers removes it by run id', async (t) => {
    if (!needs(t, unavailable === null, unavailable ?? '')) return;
    const server = await runtime.start(makeRequest('influxdb', 'influxdb', LOCAL_IMAGES.influxdb));
    try {
      assert.equal(server.details.imageProfile, 'influxdb1-local');
      const endpoint = server.endpoint as HttpEndpoint;
      assert.equal(endpoint.protocol, 'http');
      const ping = await request(`${endpoint.baseUrl}/ping`);
      await ping.body.dump();
      assert.equal(ping.statusCode, 204);
      assert.match(String(ping.headers['x-influxdb-version']), /^1\.6/);
      const bytes = await server.allocatedBytes();
      assert.ok(bytes !== null && bytes > 0, `allocated ${bytes}`);
      t.diagnostic(`influxdb data dir ${bytes} bytes allocated; started in ${server.details.startMs} ms`);
      assert.equal(containersOfRun().length, 1);
      assert.equal(await cleanContainers({ runId }), 1);
      assert.deepEqual(containersOfRun(), []);
    } finally {
      await server.stop(); // after cleanContainers: must not throw
    }
    assert.deepEqual(containersOfRun(), []);
  });

  test('a missing image fails fast with a TargetError naming it', async (t) => {
    if (!needs(t, unavailable === null, unavailable ?? '')) return;
    const req = makeRequest('postgres', 'postgresql', 'does/not:exist');
    const probe = await runtime.probe(req);
    assert.equal(probe.available, false);
    assert.match(probe.reason, /does\/not:exist/);
    const t0 = Date.now();
    await assert.rejects(runtime.start(req), (err: unknown) => {
      assert.ok(err instanceof TargetError, String(err));
      assert.match(err.message, /does\/not:exist/);
      assert.match(err.message, /docker pull does\/not:exist/);
      return true;
    });
    const elapsed = Date.now() - t0;
    t.diagnostic(`missing image failed after ${elapsed} ms`);
    assert.ok(elapsed < 10_000, `the brief requires failing within 10 s, took ${elapsed} ms`);
    assert.deepEqual(containersOfRun(), []);
  });
});
