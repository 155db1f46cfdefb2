/**
 * The CLI end to end, as a user runs it: `smoke` on native PostgreSQL (results.json and
 * summary.md with the expected figures, row counts verified), the same fingerprint on a second
 * run, re-rendering reports from the results file alone, bad input (exit 2) and Ctrl-C
 * (exit 130, no server, no temp dir, partial results marked incomplete).
 */
import { isPhaseOf } from '../../bench/core/results.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import { findPgInstallation } from '../../bench/runtimes/native/postgresql.js';
import { needs } from '../helpers/require.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const pgFound = !('error' in findPgInstallation());
const env = { ...process.env, TSDB_BENCH_DOCKER_PULL: '0' };

function runCli(args: string[]) {
  return spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', env, timeout: 240_000 });
}

const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-cli-test-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('smoke on native PostgreSQL writes results.json and summary.md with every headline figure', (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const out = join(tmp, 'a');
  const r = runCli(['run', '--scenario', 'smoke', '--runtime', 'native', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  assert.equal(results.status, 'complete');
  const pg = results.targets.find((x) => x.id === 'postgres@native');
  assert.ok(pg, 'postgres@native target present');
  assert.equal(pg.status, 'ok');
  const phase = (kind: string) => pg.phases.find((p) => p.kind === kind)!;
  assert.ok(phase('preload').metrics.rows_per_s.value > 0);
  const preload = phase('preload');
  assert.ok(isPhaseOf(preload, 'preload'));
  for (const trial of preload.trials) assert.equal(trial.countedRows, trial.rows);
  const ingest = phase('ingest');
  assert.ok(ingest.metrics.latency_p50_ms.value > 0 && ingest.metrics.latency_p99_ms.value >= ingest.metrics.latency_p50_ms.value);
  assert.ok('lag_p99_ms' in ingest.metrics);
  assert.ok(ingest.metrics.achieved_rows_per_s.value > 0);
  const queries = phase('query');
  for (const q of ['ticks_7d_hourly', 'ticks_last_price', 'ticks_ohlcv_1m']) {
    assert.ok(queries.metrics[`${q}.p50_ms`].value > 0, `${q} p50`);
    assert.ok(queries.metrics[`${q}.p99_ms`].value > 0, `${q} p99`);
  }
  assert.ok(phase('storage').metrics['market_price_ticks.bytes_per_row'].value > 20);
  assert.match(results.dataset.fingerprint, /^[0-9a-f]{64}$/);
  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  assert.match(summary, /postgres@native/);
  assert.match(summary, /ticks_7d_hourly/);
  assert.match(summary, new RegExp(results.dataset.fingerprint));
  assert.ok(existsSync(join(out, 'report.html')));

  // The same seed gives the same dataset fingerprint on a second run.
  const out2 = join(tmp, 'b');
  const r2 = runCli(['run', '--scenario', 'smoke', '--runtime', 'native', '--out', out2, '--quiet', '--set', 'phases[3].duration=2s', '--set', 'phases[3].warmup=500ms']);
  assert.equal(r2.status, 0, r2.stderr);
  const results2 = JSON.parse(readFileSync(join(out2, 'results.json'), 'utf8')) as Results;
  assert.equal(results2.dataset.streams[0].fingerprint, results.dataset.streams[0].fingerprint, 'preload stream fingerprint');
  assert.notEqual(results2.dataset.fingerprint, results.dataset.fingerprint, 'a shorter ingest is a different dataset');

  // Reports are a pure function of results.json.
  const elsewhere = join(tmp, 'rerendered');
  const rep = runCli(['report', join(out, 'results.json'), '--out', elsewhere]);
  assert.equal(rep.status, 0, rep.stderr);
  assert.equal(readFileSync(join(elsewhere, 'summary.md'), 'utf8'), summary);
});

test('a scenario with a misspelled key or a bad unit exits 2 naming the file and the key', () => {
  const bad = join(tmp, 'bad.yaml');
  writeFileSync(bad, 'name: bad\ndescription: x\ntargets: [postgres]\nphases:\n  - kind: ingest\n    table: market_price_ticks\n    rat: 10k/s\n');
  const r = runCli(['run', '--scenario', bad, '--out', join(tmp, 'bad-out')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.yaml/);
  assert.match(r.stderr, /phases\[0\]/);
  assert.match(r.stderr, /rat/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

  const unit = join(tmp, 'unit.yaml');
  writeFileSync(unit, 'name: unit\ndescription: x\ntargets: [postgres]\nphases:\n  - kind: ingest\n    table: market_price_ticks\n    rate: 10k/s\n    duration: 7 dayz\n');
  const r2 = runCli(['run', '--scenario', unit, '--out', join(tmp, 'unit-out')]);
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /unit\.yaml/);
  assert.match(r2.stderr, /phases\[0\]\.duration/);

  const flag = runCli(['run', '--scenario', 'smoke', '--bogus-flag']);
  assert.equal(flag.status, 2);
});

test('Ctrl-C mid-run exits promptly, leaves no server and no temp dir, keeps partial results marked incomplete', async (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const out = join(tmp, 'interrupted');
  const child = spawn(process.execPath, [...cli, 'run', '--scenario', 'smoke', '--runtime', 'native', '--out', out, '--set', 'phases[3].duration=60s'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const sawIngest = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ingest never started:\n${stderr}`)), 120_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/phase ingest/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await sawIngest;
  await new Promise((r) => setTimeout(r, 1500));
  const dataDir = /data in (\S+)\/data/.exec(stderr)?.[1];
  assert.ok(dataDir, `the log names the data dir:\n${stderr}`);
  const sentAt = Date.now();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const tookMs = Date.now() - sentAt;
  assert.equal(code, 130, stderr);
  assert.ok(tookMs < 30_000, `exited ${tookMs} ms after SIGINT`);
  assert.equal(existsSync(dataDir), false, `temp dir ${dataDir} removed`);
  const left = spawnSync('pgrep', ['-f', dataDir], { encoding: 'utf8' });
  assert.equal(left.stdout.trim(), '', 'no postgres process left');
  const partial = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  assert.equal(partial.status, 'incomplete');
  assert.match(partial.statusReason ?? '', /SIGINT/);
  assert.ok(
    partial.targets[0].phases.some((p) => p.kind === 'preload'),
    'completed phases are kept',
  );
});

test('a missing influxd fails only its target: one line naming it and how to provide it, exit 3, the other results kept', (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  // A PATH holding only node: influxd is not found, PostgreSQL still is (pg_config / Debian's directory).
  const bin = join(tmp, 'bin-without-influxd');
  spawnSync('mkdir', ['-p', bin]);
  spawnSync('ln', ['-sf', process.execPath, join(bin, 'node')]);
  const out = join(tmp, 'no-influxd');
  const r = spawnSync(
    process.execPath,
    [
      ...cli,
      'run',
      '--scenario',
      'smoke',
      '--targets',
      'postgres@native,influxdb@native',
      '--out',
      out,
      '--quiet',
      '--set',
      'phases[0].rows=5k',
      '--set',
      'phases[3].duration=2s',
      '--set',
      'phases[3].warmup=500ms',
    ],
    {
      encoding: 'utf8',
      env: { ...env, PATH: bin },
      timeout: 240_000,
    },
  );
  assert.equal(r.status, 3, r.stderr);
  const line = r.stderr.split('\n').find((l) => /influxd not found/.test(l));
  assert.ok(line, r.stderr);
  assert.match(line, /install|PATH/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  assert.equal(results.targets.find((x) => x.id === 'postgres@native')?.status, 'ok');
  const influx = results.targets.find((x) => x.id === 'influxdb@native');
  assert.equal(influx?.status, 'failed');
  assert.match(influx?.error ?? '', /influxd not found/);
  assert.ok(existsSync(join(out, 'summary.md')), 'reports are written for the targets that ran');
});

test('with --runtime auto an engine no runtime can serve is skipped: exit 0, status partial, how to get it; --strict exits 3', (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const bin = join(tmp, 'bin-without-influxd-auto');
  spawnSync('mkdir', ['-p', bin]);
  spawnSync('ln', ['-sf', process.execPath, join(bin, 'node')]);
  // No influxd on PATH, and (where a Docker daemon runs, as in CI) an InfluxDB image that is
  // not there with pulling off: no runtime can serve InfluxDB.
  const args = (out: string) => [
    ...cli,
    'run',
    '--scenario',
    'smoke',
    '--targets',
    'postgres,influxdb',
    '--image',
    'influxdb=tsdb-bench-test/absent:1',
    '--out',
    out,
    '--quiet',
    '--set',
    'phases[0].rows=5k',
    '--set',
    'phases[3].duration=2s',
    '--set',
    'phases[3].warmup=500ms',
  ];
  const opts = { encoding: 'utf8' as const, env: { ...env, PATH: bin }, timeout: 240_000 };
  const out = join(tmp, 'auto-skip');
  const r = spawnSync(process.execPath, args(out), opts);
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  assert.equal(results.status, 'partial');
  const influx = results.targets.find((x) => x.engine === 'influxdb')!;
  assert.equal(influx.status, 'skipped');
  assert.match(influx.hint ?? '', /apt-get install influxdb/);
  assert.equal(results.targets.find((x) => x.engine === 'postgres')?.status, 'ok', 'the PostgreSQL figures are there');
  assert.match(r.stdout, /Status: PARTIAL/);
  assert.match(r.stdout, /influxdb@none\s+SKIPPED\s+.*to include it: apt-get install influxdb/);
  const strict = spawnSync(process.execPath, [...args(join(tmp, 'auto-skip-strict')), '--strict'], opts);
  assert.equal(strict.status, 3, strict.stderr);
  assert.match(strict.stderr, /influxdb@none skipped \(--strict\)/);
});

test("a refuted gate claim exits 1 and the run's reports are still written", (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const file = join(tmp, 'gate.yaml');
  writeFileSync(
    file,
    [
      'name: gate',
      'description: a threshold claim no engine can meet, as a CI gate',
      'trials: 3',
      'targets: [postgres]',
      'phases:',
      '  - kind: preload',
      '    table: market_price_ticks',
      '    rows: 5k',
      'claims:',
      '  - id: impossible-load-rate',
      '    text: "PostgreSQL loads a trillion rows per second"',
      '    metric: preload.rows_per_s',
      '    target: postgres',
      '    threshold: 1_000_000_000_000',
      '    direction: higher',
      '    gate: true',
      '',
    ].join('\n'),
  );
  const out = join(tmp, 'gate-out');
  const r = runCli(['run', '--scenario', file, '--runtime', 'native', '--out', out, '--quiet']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /gate/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  const claim = results.claims.find((c) => c.id.startsWith('impossible-load-rate'));
  assert.equal(claim?.verdict, 'refuted');
  assert.equal(claim?.gate, true);
  assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /impossible-load-rate/);
  assert.ok(existsSync(join(out, 'report.html')));
});
