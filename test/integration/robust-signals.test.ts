/**
 * Cleanup that survives a second signal (issue 12 item 3): the real CLI, an InfluxDB preload on
 * native influxd, SIGINT twice ~100 ms apart while the graceful stop is stuck (influxd is
 * SIGSTOPped first, so the first signal's cleanup cannot finish before the second arrives). The
 * harness exits 130 and, within 5 s, neither the influxd process nor its temp dir is left.
 */
import type { ServerRequest } from '../../bench/core/runtime.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needs } from '../helpers/require.js';
import { findInfluxd } from '../../bench/runtimes/native/influxdb.js';

const SCENARIO = `
name: robust-double-sigint
description: InfluxDB preload long enough to be interrupted.
seed: 5
anchor: 2024-03-10T00:00:00Z
trials: 1
targets: [influxdb]
runtime: native
phases:
  - kind: preload
    table: market_price_ticks
    rows: 1M
    span: 7d
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const influxTempDirs = (): string[] => readdirSync(tmpdir()).filter((d) => d.startsWith('tsdb-bench-influx-'));

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

test('double SIGINT during an InfluxDB preload: exit 130, no influxd and no temp dir left', { timeout: 240_000 }, async (t) => {
  if (!needs(t, findInfluxd() !== null, 'influxd not found on PATH (Debian: apt-get install influxdb)')) return;
  const work = mkdtempSync(join(tmpdir(), 'robust-signals-'));
  let pid = 0;
  const before = new Set(influxTempDirs());
  try {
    const scenario = join(work, 'scenario.yaml');
    writeFileSync(scenario, SCENARIO);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/cli.ts', 'run', '--scenario', scenario, '--targets', 'influxdb@native', '--out', join(work, 'out'), '--verbose'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    let stderr = '';
    // (pid is read in the finally block below)
    let dir = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const preloading = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /influxd \S+ pid (\d+) on \S+, dir (\S+)/.exec(stderr);
        if (m) [pid, dir] = [Number(m[1]), m[2]];
        if (pid && /phase preload/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the CLI exited before the preload started:\n${stderr}`)));
    });
    child.stdout.resume();
    await preloading;
    assert.ok(alive(pid), 'influxd runs during the preload');
    assert.ok(existsSync(dir), 'its temp dir exists during the preload');
    // Let the first batches go out. Then make the graceful stop slow for sure (a stopped influxd
    // answers neither the session's DROP DATABASE nor SIGTERM), so the second signal arrives
    // while the first one's cleanup is still waiting: it must not leave anything behind.
    await new Promise((r) => setTimeout(r, 500));
    process.kill(pid, 'SIGSTOP');
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stderr);
    assert.ok(await eventually(() => !alive(pid), 5_000), `influxd pid ${pid} still alive 5 s after the harness exited`);
    assert.ok(await eventually(() => !existsSync(dir), 5_000), `${dir} still there 5 s after the harness exited`);
    assert.deepEqual(
      influxTempDirs().filter((d) => !before.has(d)),
      [],
      'no new tsdb-bench-influx-* dir in tmpdir',
    );
    assert.match(stderr, /second signal/);
  } finally {
    rmSync(work, { recursive: true, force: true });
    // Never leak a server from the test itself, whatever failed above.
    if (pid && alive(pid)) {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    }
  }
});

test('a server that fails to start leaves no temp dir and no process (bad influxd setting, bad PostgreSQL setting)', { timeout: 120_000 }, async (t) => {
  const { influxdbNative } = await import('../../bench/runtimes/native/influxdb.js');
  const { postgresqlNative } = await import('../../bench/runtimes/native/postgresql.js');
  const { silentLogger } = await import('../../bench/core/log.js');
  const { pendingCleanups } = await import('../../bench/core/cleanup.js');
  const request = (family: 'postgresql' | 'influxdb', settings: Record<string, string>) =>
    ({
      engine: family === 'postgresql' ? 'postgres' : 'influxdb',
      family,
      requirements: {},
      options: { settings, options: {} },
      scenario: { name: 'bad-setting', dataset: { seed: 1, anchorMs: 0 } },
      runId: 'bad-setting',
      log: silentLogger,
      signal: new AbortController().signal,
      flags: {},
    }) as unknown as ServerRequest;
  const dirs = (prefix: string) => readdirSync(tmpdir()).filter((d) => d.startsWith(prefix));

  const influx = await influxdbNative.probe(request('influxdb', {}));
  if (!needs(t, influx.available, influx.reason)) return;
  const beforeInflux = new Set(dirs('tsdb-bench-influx-'));
  await assert.rejects(influxdbNative.start(request('influxdb', { 'no such key!': '1' })), /bad influxd setting name 'no such key!'/);
  assert.deepEqual(
    dirs('tsdb-bench-influx-').filter((d) => !beforeInflux.has(d)),
    [],
    'no empty influx temp dir left',
  );
  // influxd refuses a value it cannot parse: it exits during start, its dir goes with it.
  await assert.rejects(influxdbNative.start(request('influxdb', { 'data.cache-max-memory-size': 'lots' })), /influxd exited/);
  assert.deepEqual(
    dirs('tsdb-bench-influx-').filter((d) => !beforeInflux.has(d)),
    [],
  );

  const pg = await postgresqlNative.probe(request('postgresql', {}));
  if (!needs(t, pg.available, pg.reason)) return;
  const beforePg = new Set(dirs('tsdb-bench-pg-'));
  await assert.rejects(postgresqlNative.start(request('postgresql', { no_such_setting: '1' })), /postgres exited during startup/);
  assert.deepEqual(
    dirs('tsdb-bench-pg-').filter((d) => !beforePg.has(d)),
    [],
    'no PostgreSQL temp dir left',
  );
  assert.deepEqual(pendingCleanups(), [], 'nothing left registered either');
});

test('a harness killed with SIGKILL leaves no server and no temp dir (watchdog)', { timeout: 120_000 }, async (t) => {
  const { postgresqlNative } = await import('../../bench/runtimes/native/postgresql.js');
  const { influxdbNative } = await import('../../bench/runtimes/native/influxdb.js');
  const probeRequest = { requirements: {}, options: { settings: {}, options: {} }, flags: {} } as never;
  const pg = await postgresqlNative.probe(probeRequest);
  if (!needs(t, pg.available, pg.reason)) return;
  const influx = await influxdbNative.probe(probeRequest);
  if (!needs(t, influx.available, influx.reason)) return;
  const work = mkdtempSync(join(tmpdir(), 'robust-watchdog-'));
  const servers: { pid: number; dir: string }[] = [];
  try {
    // A stand-in harness: starts both native servers, prints their pid and dir, then waits.
    const script = join(work, 'harness.mts'); // .mts: ESM (top-level await) outside the package
    const root = join(process.cwd(), 'bench');
    writeFileSync(
      script,
      `import { postgresqlNative } from '${root}/runtimes/native/postgresql.js';
import { influxdbNative } from '${root}/runtimes/native/influxdb.js';
import { silentLogger } from '${root}/core/log.js';
const req = (family: string) => ({ engine: family === 'postgresql' ? 'postgres' : 'influxdb', family, requirements: {}, options: { settings: {}, options: {} },
  scenario: { name: 'watchdog', dataset: { seed: 1, anchorMs: 0 } }, runId: 'watchdog', log: silentLogger, signal: new AbortController().signal, flags: {} }) as any;
for (const [p, f] of [[postgresqlNative, 'postgresql'], [influxdbNative, 'influxdb']] as const) {
  const s = await p.start(req(f));
  const dir = String(s.details.dataDir ?? '').replace(/\\/data$/, '') || String(s.details.dir);
  process.stdout.write('SERVER ' + s.details.pid + ' ' + dir + '\\n');
}
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if ((out.match(/^SERVER /gm) ?? []).length === 2) resolve();
      });
      child.on('exit', () => reject(new Error(`the stand-in harness exited early:\n${out}\n${err}`)));
    });
    for (const m of out.matchAll(/^SERVER (\d+) (\S+)$/gm)) servers.push({ pid: Number(m[1]), dir: m[2] });
    assert.equal(servers.length, 2);
    for (const s of servers) assert.ok(alive(s.pid) && existsSync(s.dir), 'both servers run');
    child.kill('SIGKILL'); // no exit hook, no cleanup can run in the harness
    for (const s of servers) {
      assert.ok(await eventually(() => !alive(s.pid), 5_000), `server pid ${s.pid} still alive 5 s after the harness was killed`);
      assert.ok(await eventually(() => !existsSync(s.dir), 5_000), `${s.dir} still there 5 s after the harness was killed`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const s of servers) {
      if (alive(s.pid)) process.kill(s.pid, 'SIGKILL');
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
});

test('a command watchdog (docker containers: clean --run-id) runs when the harness is killed, not after cancel()', { timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'robust-cmd-watchdog-'));
  try {
    const root = join(process.cwd(), 'bench');
    const script = join(work, 'harness.mts');
    writeFileSync(
      script,
      `import { startCommandWatchdog } from '${root}/runtimes/native/watchdog.js';
startCommandWatchdog(['/bin/sh', '-c', 'echo fired > "$0"', '${join(work, 'killed')}']);
startCommandWatchdog(['/bin/sh', '-c', 'echo fired > "$0"', '${join(work, 'cancelled')}']).cancel();
process.stdout.write('READY\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
      child.on('exit', () => reject(new Error('the stand-in harness exited early')));
    });
    child.kill('SIGKILL');
    assert.ok(await eventually(() => existsSync(join(work, 'killed')), 5_000), 'the command ran within 5 s of the harness dying');
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(existsSync(join(work, 'cancelled')), false, 'a cancelled watchdog never runs its command');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
