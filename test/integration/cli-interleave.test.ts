/**
 * Interleaved trials end to end: two targets (PostgreSQL native and embedded) run every
 * trial-wise phase round by round in rotated order (results.trialOrder), metrics carry their
 * per-trial values, claim ratios are formed from paired trials with n shown; an ingest window
 * that holds no measured batch is reported as no data (and a claim on it is inconclusive);
 * `--repeat 2` writes the stability report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import { findPgInstallation } from '../../bench/runtimes/native/postgresql.js';
import { needs } from '../helpers/require.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const pgFound = !('error' in findPgInstallation());
const env = { ...process.env, TSDB_BENCH_DOCKER_PULL: '0' };
const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-interleave-test-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function runCli(args: string[]) {
  return spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', env, timeout: 400_000 });
}

const scenario = (extra: string[]) =>
  [
    'name: interleave',
    'description: two targets, three interleaved trials',
    'seed: 5',
    'trials: 3',
    'targets: [timescaledb@embedded, postgres@embedded]',
    'phases:',
    '  - kind: preload',
    '    table: market_price_ticks',
    '    rows: 3k',
    '  - kind: query',
    '    queries: [ticks_7d_hourly]',
    '    warmup: 1',
    '    iterations: 2',
    ...extra,
    '',
  ].join('\n');

test('trials run round by round across targets, in rotated order, and ratios come from the pairs', (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const file = join(tmp, 'interleave.yaml');
  writeFileSync(
    file,
    scenario([
      // A trial whose whole ingest window is warm-up: nothing is measured.
      '  - kind: ingest',
      '    table: market_price_ticks',
      '    rate: 1k/s',
      '    batchSize: 1000',
      '    duration: 600ms',
      '    warmup: 500ms',
      '    trials: 1',
      'claims:',
      '  - id: load-ratio',
      '    text: "TimescaleDB loads at least as fast as PostgreSQL"',
      '    metric: preload.rows_per_s',
      '    target: timescaledb',
      '    baseline: postgres',
      '    factor: 1',
      '  - id: no-batch',
      '    text: "ingest p50 below 1 s"',
      '    metric: ingest.latency_p50_ms',
      '    target: timescaledb',
      '    threshold: 1000',
      '    direction: lower',
    ]),
  );
  const out = join(tmp, 'one');
  const r = runCli(['run', '--scenario', file, '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  const rounds = results.trialOrder!.filter((x) => x.phase === 'preload');
  assert.deepEqual(
    rounds.map((x) => x.order),
    [
      ['timescaledb@embedded', 'postgres@embedded'],
      ['postgres@embedded', 'timescaledb@embedded'],
      ['timescaledb@embedded', 'postgres@embedded'],
    ],
  );
  assert.equal(results.trialOrder!.filter((x) => x.phase === 'query').length, 3);
  for (const target of results.targets) {
    assert.equal(target.status, 'ok');
    const preload = target.phases.find((p) => p.id === 'preload')!;
    assert.equal(preload.trials.length, 3);
    assert.equal(preload.metrics.rows_per_s.trialValues?.length, 3);
    assert.equal(preload.metrics.rows_per_s.n, 3);
    assert.ok(preload.load?.before.loadavg.length === 3, 'machine load recorded around the phase');
    const query = target.phases.find((p) => p.id === 'query')!;
    assert.equal(query.metrics['ticks_7d_hourly.p50_ms'].trialValues?.length, 3, 'one p50 per trial');
    assert.equal(query.metrics['ticks_7d_hourly.p50_ms'].samples.length, 6, 'every timed iteration kept');
    const ingest = target.phases.find((p) => p.id === 'ingest')!;
    assert.equal(ingest.metrics.latency_p50_ms, undefined, 'never a 0 for nothing measured');
    assert.match(ingest.noData?.latency_p50_ms ?? '', /no batch was scheduled after the 500 ms warm-up/);
  }
  const noBatch = results.claims.filter((c) => c.id.startsWith('no-batch'));
  assert.ok(noBatch.length > 0);
  for (const c of noBatch) {
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.reason, /no data/);
  }
  const ratio = results.claims.find((c) => c.id === 'load-ratio')!;
  assert.equal(ratio.n, 3, ratio.reason);
  assert.equal(ratio.intervalKind, 'rerun');
  assert.equal(ratio.embedded, true);
  assert.match(ratio.reason, /n=3 paired trials/);
  assert.match(r.stdout, /Status: COMPLETE/);
  assert.match(r.stdout, /timescaledb@embedded\s+OK/);
});

test('--repeat 2 runs twice and writes stability.md', (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const file = join(tmp, 'repeat.yaml');
  writeFileSync(
    file,
    scenario([
      'claims:',
      '  - id: rows-fast',
      '    text: "PostgreSQL loads over 10 rows/s"',
      '    metric: preload.rows_per_s',
      '    target: postgres',
      '    threshold: 10',
      '    direction: higher',
    ]).replace('targets: [timescaledb@embedded, postgres@embedded]', 'targets: [postgres@native]'),
  );
  const out = join(tmp, 'repeat');
  const r = runCli(['run', '--scenario', file, '--out', out, '--quiet', '--repeat', '2']);
  assert.ok(existsSync(join(out, 'run-1', 'results.json')) && existsSync(join(out, 'run-2', 'results.json')), r.stderr);
  const md = readFileSync(join(out, 'stability.md'), 'utf8');
  assert.match(md, /Stability of interleave: 2 runs/);
  assert.match(md, /rows-fast/);
  const report = JSON.parse(readFileSync(join(out, 'stability.json'), 'utf8')) as { stable: boolean; items: { id: string; verdicts?: string[] }[] };
  const claim = report.items.find((i) => i.id === 'rows-fast')!;
  assert.deepEqual(claim.verdicts, ['confirmed', 'confirmed']);
  assert.equal(r.status, report.stable ? 0 : 1, r.stderr);
  assert.match(r.stdout, /stability: (STABLE|NOT STABLE) over 2 runs/);
});
