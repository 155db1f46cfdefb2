/**
 * The docker runtime through the CLI, as a user runs it, with the local Debian images
 * (scripts/build-images.sh) on a daemon without bridge network (host networking on 127.0.0.1).
 * Never pulls: TSDB_BENCH_DOCKER_PULL=0 for every run.
 *
 * - smoke end to end on postgres and influxdb containers: exit 0, rows verified, answers agree,
 *   no container left;
 * - a missing image fails at once (no pull), naming the image, exit 3;
 * - Ctrl-C during a phase and during a container start: exit 130, partial results marked
 *   incomplete, no container left;
 * - kill -9 leaves the container behind; `clean` keeps it while its run is alive and removes it
 *   once the run is gone;
 * - `--runtime auto` picks docker for postgres and influxdb when the images are present.
 *
 * Containers are checked per run id (label tsdb-bench.run-id, read from results.json): other
 * runs may share the daemon on a developer machine.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Results } from '../../bench/core/results.js';
import { LOCAL_IMAGES } from '../../bench/runtimes/docker/images.js';
import { needs } from '../helpers/require.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const env: NodeJS.ProcessEnv = { ...process.env, TSDB_BENCH_DOCKER_PULL: '0' };
const PG_IMAGE = LOCAL_IMAGES.postgresql;
const INFLUX_IMAGE = LOCAL_IMAGES.influxdb;
const dockerArgs = ['--runtime', 'docker', '--docker-network', 'host'];

/** `--set` overrides for smoke's ingest phase, found by kind (the scenario's phase order may change). */
function ingestSet(overrides: Record<string, string>): string[] {
  const scenario = parseYaml(readFileSync('scenarios/smoke.yaml', 'utf8')) as { phases: { kind: string }[] };
  const i = scenario.phases.findIndex((p) => p.kind === 'ingest');
  assert.ok(i >= 0, 'smoke has an ingest phase');
  return Object.entries(overrides).flatMap(([key, value]) => ['--set', `phases[${i}].${key}=${value}`]);
}

const docker = (args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 30_000 });

function dockerUnavailable(): string | null {
  const info = docker(['info', '--format', '{{.ServerVersion}}']);
  if (info.error || info.status !== 0) return 'no Docker daemon answers `docker info` (source .ci/docker.sh && start_dockerd)';
  for (const ref of [PG_IMAGE, INFLUX_IMAGE]) {
    if (docker(['image', 'inspect', ref]).status !== 0) return `image ${ref} missing (source .ci/docker.sh && build_images)`;
  }
  return null;
}

/** IDs of the containers carrying a label (`key=value`), running or not. */
function containersWith(label: string): string[] {
  const r = docker(['ps', '-a', '-q', '--filter', `label=${label}`]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

const runContainers = (runId: string) => containersWith(`tsdb-bench.run-id=${runId}`);

let unavailable: string | null = null;
const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-cli-docker-'));
const children = new Set<ChildProcess>();
const runIds = new Set<string>();

before(() => {
  unavailable = dockerUnavailable();
});

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Whatever a failed assertion left behind, by the run ids this file saw (never other runs').
  for (const id of runIds) {
    const left = containersWith(`tsdb-bench.run-id=${id}`);
    if (left.length) docker(['rm', '-f', '-v', ...left]);
  }
  rmSync(tmp, { recursive: true, force: true });
});

function readResults(out: string): Results {
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  runIds.add(results.runId);
  return results;
}

/** A CLI run in the background whose stderr can be awaited line by line. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [...cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  let stdout = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    /** Resolves once stderr matches; rejects when the process exits first or after `ms`. */
    waitFor(pattern: RegExp, ms = 180_000): Promise<void> {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never saw ${pattern} within ${ms} ms:\n${stderr}`)), ms);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then((code) => {
          clearTimeout(timer);
          if (!pattern.test(stderr)) reject(new Error(`exited (${code}) before ${pattern}:\n${stderr}`));
        });
      });
    },
  };
}

function runCli(args: string[], timeout = 300_000) {
  return spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', env, timeout });
}

function skipUnlessDocker(t: TestContext): boolean {
  return needs(t, unavailable === null, unavailable ?? '');
}

describe('CLI with the docker runtime (local images, host network)', () => {
  test('smoke on postgres and influxdb containers: exit 0, rows verified, answers agree, no container left', (t) => {
    if (!skipUnlessDocker(t)) return;
    const out = join(tmp, 'smoke');
    const t0 = Date.now();
    const r = runCli([
      'run',
      '--scenario',
      'smoke',
      ...dockerArgs,
      '--targets',
      'postgres,influxdb',
      '--image',
      `postgres=${PG_IMAGE}`,
      '--image',
      `influxdb=${INFLUX_IMAGE}`,
      ...ingestSet({ duration: '2s', warmup: '500ms' }),
      '--out',
      out,
    ]);
    const runMs = Date.now() - t0;
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const results = readResults(out);
    assert.equal(results.status, 'complete');
    assert.deepEqual(
      results.targets.map((x) => x.id),
      ['postgres@docker', 'influxdb@docker'],
    );
    for (const target of results.targets) {
      assert.equal(target.status, 'ok', `${target.id}: ${target.error}`);
      assert.equal(target.runtimeLabel, 'docker');
      assert.equal(target.server?.image, target.engine === 'postgres' ? PG_IMAGE : INFLUX_IMAGE);
      assert.equal(target.server?.imageSource, 'flag');
      assert.equal(target.server?.network, 'host');
      assert.equal(target.server?.host, '127.0.0.1');
      const preload = target.phases.find((p) => p.kind === 'preload')!;
      assert.equal(preload.status, 'ok');
      assert.ok(preload.trials.length >= 1);
      for (const trial of preload.trials) assert.equal(trial.countedRows, trial.rows, `${target.id} preload rows counted in the engine`);
      // Ingest appends to the preloaded table: the engine's count is the running total.
      const ingest = target.phases.find((p) => p.kind === 'ingest')!;
      let total = preload.trials.at(-1)!.rows as number;
      for (const trial of ingest.trials) {
        assert.ok((trial.rows as number) > 0);
        total += trial.rows as number;
        assert.equal(trial.countedRows, total, `${target.id} ingest rows counted in the engine`);
      }
      const storage = target.phases.find((p) => p.kind === 'storage')!;
      assert.equal(storage.status, 'ok');
      t.diagnostic(`${target.id}: ${target.engineVersion}, container ready in ${target.server?.startMs} ms`);
    }
    assert.ok(results.answers.length >= 3, 'the tick queries were compared');
    for (const a of results.answers) {
      assert.equal(a.status, 'agree', `${a.query}: ${a.differences?.join('; ')}`);
      assert.deepEqual([...a.targets].sort(), ['influxdb@docker', 'postgres@docker']);
    }
    assert.match(r.stdout, /results: .*results\.json/);
    assert.deepEqual(runContainers(results.runId), [], 'every container of the run was removed');
    t.diagnostic(`run took ${runMs} ms`);
  });

  test('a missing image fails at once, naming the image, without pulling: exit 3', (t) => {
    if (!skipUnlessDocker(t)) return;
    const out = join(tmp, 'missing');
    const t0 = Date.now();
    // The daemon has no bridge network: the runtime must pick host networking by itself.
    const r = runCli(['run', '--scenario', 'smoke', '--runtime', 'docker', '--image', 'postgres=does/not:exist', '--out', out]);
    const ms = Date.now() - t0;
    assert.equal(r.status, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /postgres@docker: image does\/not:exist not found locally \(pulling disabled\)/);
    assert.match(r.stderr, /docker pull does\/not:exist/, 'says how to get it');
    assert.doesNotMatch(r.stderr, /trying docker pull/, 'no pull was attempted');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const results = readResults(out);
    assert.equal(results.status, 'failed');
    assert.match(results.targets[0].error ?? '', /does\/not:exist/);
    assert.deepEqual(runContainers(results.runId), []);
    t.diagnostic(`the whole CLI run (node start-up, dataset planning, probe, failure) took ${ms} ms`);
  });

  test('Ctrl-C during a phase: exit 130, partial results marked incomplete, no container left', async (t) => {
    if (!skipUnlessDocker(t)) return;
    const out = join(tmp, 'sigint');
    const run = startCli(['run', '--scenario', 'smoke', ...dockerArgs, '--image', `postgres=${PG_IMAGE}`, ...ingestSet({ duration: '60s' }), '--out', out]);
    await run.waitFor(/phase ingest/);
    await new Promise((r) => setTimeout(r, 1500));
    const runId = readResults(out).runId;
    assert.equal(runContainers(runId).length, 1, 'the postgres container runs during the phase');
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    const code = await run.exited;
    assert.equal(code, 130, run.stderr);
    const partial = readResults(out);
    assert.equal(partial.status, 'incomplete');
    assert.match(partial.statusReason ?? '', /SIGINT/);
    assert.equal(partial.targets[0].status, 'incomplete');
    assert.ok(
      partial.targets[0].phases.some((p) => p.kind === 'preload'),
      'completed phases are kept',
    );
    assert.deepEqual(runContainers(runId), [], 'the container was removed');
    t.diagnostic(`exited ${Date.now() - sentAt} ms after SIGINT`);
  });

  test('Ctrl-C while the container is being created: exit 130, no container left', async (t) => {
    if (!skipUnlessDocker(t)) return;
    // The create request may still be on its way to the daemon when the signal arrives: the
    // cleanup must find the container that appears after its first look.
    for (const delayMs of [0, 150, 300]) {
      const out = join(tmp, `sigint-start-${delayMs}`);
      const run = startCli(['run', '--scenario', 'smoke', ...dockerArgs, '--image', `postgres=${PG_IMAGE}`, '--out', out]);
      await run.waitFor(/docker: starting/);
      await new Promise((r) => setTimeout(r, delayMs));
      run.child.kill('SIGINT');
      const code = await run.exited;
      assert.equal(code, 130, run.stderr);
      const runId = readResults(out).runId;
      assert.equal(readResults(out).status, 'incomplete');
      assert.deepEqual(runContainers(runId), [], `no container left (SIGINT ${delayMs} ms after "docker: starting")`);
    }
  });

  test('kill -9 leaves the container; `clean` keeps it while the run lives and removes it once the run is gone', async (t) => {
    if (!skipUnlessDocker(t)) return;
    const out = join(tmp, 'killed');
    const run = startCli(['run', '--scenario', 'smoke', ...dockerArgs, '--image', `postgres=${PG_IMAGE}`, ...ingestSet({ duration: '60s' }), '--out', out]);
    await run.waitFor(/phase ingest/);
    const runId = readResults(out).runId;
    const [container] = runContainers(runId);
    assert.ok(container, 'the run has its container');
    const owner = docker(['inspect', '--format', '{{index .Config.Labels "tsdb-bench.owner-pid"}}', container]);
    assert.equal(owner.stdout.trim(), String(run.child.pid), 'the container names the CLI process as its owner');

    // While the run is alive, `clean` leaves its container alone (it is not a leftover).
    const early = runCli(['clean']);
    assert.equal(early.status, 0, early.stderr);
    assert.match(early.stderr, new RegExp(`kept ${container.slice(0, 12)} of run ${runId}: its run is in progress \\(harness PID ${run.child.pid}\\)`));
    assert.deepEqual(runContainers(runId), [container]);

    run.child.kill('SIGKILL');
    await run.exited;
    assert.deepEqual(runContainers(runId), [container], 'a killed CLI cannot remove its container');

    const r = runCli(['clean']);
    assert.equal(r.status, 0, r.stderr);
    const removed = Number(/removed (\d+) container\(s\)/.exec(r.stdout)?.[1]);
    assert.ok(removed >= 1, r.stdout);
    assert.match(r.stderr, new RegExp(`removed ${container.slice(0, 12)} \\(run ${runId}`));
    assert.deepEqual(runContainers(runId), [], '`clean` removed the leftover');
    t.diagnostic(`clean removed ${removed} container(s)`);
  });

  test('--runtime auto with dockerd and the local images: docker for postgres and influxdb, and why', async (t) => {
    if (!skipUnlessDocker(t)) return;
    const out = join(tmp, 'auto');
    const run = startCli(['run', '--scenario', 'smoke', '--runtime', 'auto', '--targets', 'postgres,timescaledb,influxdb', '--out', out]);
    // The plan is printed and saved before the first server starts; stop there.
    await run.waitFor(/starting \S+ \(docker\)\.\.\./);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 130, run.stderr);
    const results = readResults(out);
    const plan = new Map(results.plan.map((p) => [p.target, p]));
    for (const line of results.plan) t.diagnostic(`${line.target}: ${line.reason}`);
    // The first default candidate present wins: the local image here (and in CI), the official
    // pinned image on a machine that has pulled it.
    assert.match(plan.get('postgres@docker')?.reason ?? '', /^auto: docker: image \S+ present \(postgres-(local|entrypoint), default choice\)/);
    assert.match(plan.get('influxdb@docker')?.reason ?? '', /^auto: docker: image \S+ present \(influxdb1-(local|entrypoint), default choice\)/);
    if (docker(['image', 'inspect', 'postgres:16.11-bookworm']).status !== 0) assert.match(plan.get('postgres@docker')!.reason, /postgres:15-bookworm/);
    // TimescaleDB has no local image: it falls to another runtime, which says why docker was not it.
    const tsdb = results.plan.find((p) => p.engine === 'timescaledb')!;
    assert.notEqual(tsdb.runtime, 'docker');
    assert.match(tsdb.reason, /not docker: docker: image timescale\/timescaledb:\S+ not present/);
    if (tsdb.runtime === 'embedded') {
      assert.ok(plan.has('postgres@embedded'), 'like-for-like companion for the embedded TimescaleDB');
    }
    assert.match(run.stderr, /postgres@docker\s+auto: docker: image/);
    assert.deepEqual(runContainers(results.runId), []);
    assert.ok(existsSync(join(out, 'results.json')));
  });
});
