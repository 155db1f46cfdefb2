/**
 * Sharded load generation end to end, on one machine: ONE native PostgreSQL started here (as an
 * external server: password authentication on 127.0.0.1), four shard processes
 * (`run --shard 0/4` ... `3/4`) started together with one `--start-at` a few seconds ahead,
 * then `merge`. Checks: the merged row counts equal the unsharded scenario's (and the engine
 * held the union), the union's fingerprint equals the unsharded dataset's (computed here
 * independently, from the unsharded streams), every merged latency histogram is exactly the
 * sum of the shards' histograms, the merged report renders and states 4 shards, a gate claim
 * is decided on the merged figure; merge refuses a duplicate and a missing shard (exit 2).
 * The commands are those of deploy/kubernetes/README.md (test/unit/kubernetes-guide.test.ts
 * compares them).
 */
import { isPhaseOf } from '../../bench/core/results.js';
import type { PhaseResult } from '../../bench/core/results.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LatencySummary, Results } from '../../bench/core/results.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { loadPhases } from '../../bench/run/registry.js';
import { planDataset } from '../../bench/phases/dataset.js';
import { keyedFingerprintOf } from '../../bench/shard/fingerprint.js';
import { decodeHistogram, LatencyHistogram } from '../../bench/measure/histogram.js';
import type { MergedShards } from '../../bench/shard/merge.js';
import { needs } from '../helpers/require.js';
import { startPasswordPostgres, type PasswordServer } from '../helpers/password-postgres.js';
import { mergeArgs, shardRunArgs } from '../helpers/shard-commands.js';

/** Trial records of any kind, field by field (the histogram fields are checked generically). */
const trialRecords = (p: PhaseResult) => p.trials as unknown as Record<string, unknown>[];

const SHARDS = 4;
const PASSWORD = `shard-${randomBytes(6).toString('hex')}`;
const cli = ['--import', 'tsx', 'bench/cli.ts'];
const out = mkdtempSync(join(tmpdir(), 'tsdb-bench-shards-'));
const scenarioFile = join(out, 'shards.yaml');
let server: PasswordServer | undefined;
let unavailable: string | null = null;

// Small and quick: 4k preloaded ticks, then 3 ingest trials of 2 s at 400 rows/s in total.
writeFileSync(
  scenarioFile,
  `name: shards-test
description: four shards against one PostgreSQL
seed: 41
anchor: now-day
trials: 3
targets: [postgres]
runtime: external
phases:
  - kind: preload
    table: market_price_ticks
    rows: 4k
    span: 1d
    batchSize: 500
  - kind: ingest
    table: market_price_ticks
    rate: 400/s
    duration: 2s
    warmup: 500ms
    batchSize: 20
    workers: 1
    maxLag: 30s
claims:
  - id: merged-p99-gate
    text: "merged ingest batch latency p99 under 10 s"
    metric: ingest.latency_p99_ms
    target: postgres
    threshold: 10000
    direction: lower
    gate: true
`,
);

before(async () => {
  const s = await startPasswordPostgres('tsdb-bench-shards-pg-', 'bench', PASSWORD);
  if (typeof s === 'string') unavailable = s;
  else server = s;
});

after(() => {
  server?.stop();
  rmSync(out, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cli, ...args], { env: { ...process.env, PGPASSWORD_SHARDS: PASSWORD, TSDB_BENCH_DOCKER_PULL: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The shard command of the guide, for shard `i` (URL with the password from the environment). */
function shardArgs(i: number, startAt: string, url: string, dir: string): string[] {
  return shardRunArgs({ scenario: scenarioFile, engine: 'postgres', shard: `${i}/${SHARDS}`, startAt, url, out: dir });
}

test('four shards against one PostgreSQL merge into the unsharded dataset with exactly summed histograms', { timeout: 300_000 }, async (t) => {
  if (!needs(t, unavailable === null, unavailable ?? '')) return;
  const url = `postgres://bench:\${PGPASSWORD_SHARDS}@127.0.0.1:${server!.port}/postgres`;
  const startAt = new Date(Date.now() + 30_000).toISOString();
  const dirs = Array.from({ length: SHARDS }, (_, i) => join(out, `shard-${i}`));
  const runs = await Promise.all(dirs.map((dir, i) => run(shardArgs(i, startAt, url, dir))));
  runs.forEach((r, i) => assert.equal(r.status, 0, `shard ${i}:\n${r.stdout}\n${r.stderr}`));
  const shards = dirs.map((d) => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) as Results);
  // A shard alone decides no claim (its figures cover its keys only).
  for (const s of shards) assert.deepEqual(s.claims, []);

  const merged = join(out, 'merged');
  const m = await run(mergeArgs(dirs, merged));
  assert.equal(m.status, 0, `${m.stdout}\n${m.stderr}`);
  const results = JSON.parse(readFileSync(join(merged, 'results.json'), 'utf8')) as Results;
  const info = results.shards as MergedShards;
  assert.equal(info.count, SHARDS);

  // The unsharded scenario, planned here without any shard code.
  const scenario = loadScenario(scenarioFile);
  const plan = await planDataset(scenario, await loadPhases());
  const planned = (phase: string) => plan.fingerprint.streams.filter((s) => s.phase === phase).reduce((a, s) => a + s.rows, 0);
  assert.equal(results.dataset.fingerprint, plan.fingerprint.fingerprint, 'every shard planned the unsharded dataset');
  const unshardedKeyed = await keyedFingerprintOf([...plan.streams.get('preload')!, ...plan.streams.get('ingest')!]);
  assert.equal(info.unionKeyedFingerprint, unshardedKeyed, "union of the shards' rows = the unsharded dataset");

  const target = results.targets.find((x) => x.id === 'postgres@external')!;
  assert.equal(target.status, 'ok', target.error);
  const preload = target.phases.find((p) => p.id === 'preload')!;
  const ingest = target.phases.find((p) => p.id === 'ingest')!;
  assert.equal(preload.trials.length, 1);
  assert.ok(isPhaseOf(preload, 'preload') && isPhaseOf(ingest, 'ingest'));
  assert.equal(preload.trials[0].rows, planned('preload'), 'merged preload rows = unsharded');
  assert.equal(ingest.trials.length, 3);
  assert.equal(
    ingest.trials.reduce((a, tr) => a + tr.rows, 0),
    planned('ingest'),
    'merged ingest rows = unsharded',
  );
  // Shard 0 counted the union in the engine before it went on.
  assert.deepEqual(
    info.union?.map((u) => [u.table, u.counted, u.complete]),
    [['market_price_ticks', planned('preload') + planned('ingest'), true]],
  );
  // Every shard wrote some rows and recorded its start.
  for (const s of info.shards) {
    assert.ok(s.rows > 0, `shard ${s.index} wrote rows`);
    assert.equal(s.start?.startAt, startAt);
    assert.equal(typeof s.start?.lateMs, 'number');
    // Its clock was read against the one clock all shards share: the target's (same machine
    // here, so the offset is within the reading's own bound plus a little scheduling noise).
    const clock = s.start?.clock;
    assert.ok(clock, `shard ${s.index} measured its clock offset`);
    assert.equal(clock.reference, 'target server clock');
    assert.ok(clock.uncertaintyMs >= 0 && clock.readings === 7);
    assert.ok(Math.abs(clock.offsetMs) <= clock.uncertaintyMs + 50, `one host, one clock: offset ${clock.offsetMs} ± ${clock.uncertaintyMs} ms`);
  }
  assert.equal(info.clockSpread?.measured, SHARDS);
  t.diagnostic(
    `lateness (ms): ${info.shards.map((s) => s.start?.lateMs).join(', ')}; clocks (ms): ${info.shards.map((s) => `${s.start?.clock?.offsetMs}±${s.start?.clock?.uncertaintyMs}`).join(', ')}; rows per shard: ${info.shards.map((s) => s.rows).join(', ')}`,
  );
  assert.match(readFileSync(join(merged, 'summary.md'), 'utf8'), /The shards' clocks were [\d.]+ ms apart/);

  // Merged histograms = the sum of the shards' decoded histograms, trial by trial.
  for (const [phase, field] of [
    ['ingest', 'latency'],
    ['ingest', 'serviceTime'],
    ['ingest', 'lag'],
    ['preload', 'batchLatency'],
  ] as const) {
    const mergedTrials = trialRecords(target.phases.find((p) => p.id === phase)!);
    for (const tr of mergedTrials) {
      const sum = new LatencyHistogram();
      for (const s of shards) {
        const part = trialRecords(s.targets[0].phases.find((p) => p.id === phase)!).find((x) => x.trial === tr.trial)![field] as LatencySummary;
        if (part.count > 0) sum.merge(decodeHistogram(part.hdr!));
      }
      const got = tr[field] as LatencySummary;
      assert.equal(got.count, sum.count, `${phase} trial ${tr.trial} ${field} count`);
      for (const p of [50, 90, 99, 99.9]) assert.equal(decodeHistogram(got.hdr!).percentileMs(p), sum.percentileMs(p), `${phase} ${field} p${p}`);
      assert.equal(got.p99, sum.percentileMs(99));
    }
  }
  // The metric is recomputed from the merged trials (never averaged percentiles).
  const p99 = ingest.metrics.latency_p99_ms;
  assert.deepEqual(
    p99.trialValues,
    ingest.trials.map((tr) => (tr.latency as LatencySummary).p99),
  );

  // The gate claim is decided on the merged figure.
  const claim = results.claims.find((c) => c.id === 'merged-p99-gate')!;
  assert.ok(claim, 'claim evaluated');
  assert.equal(claim.measured, p99.value);
  assert.notEqual(claim.verdict, 'refuted');

  // The merged report renders like a single run and says it is 4 shards.
  const summary = readFileSync(join(merged, 'summary.md'), 'utf8');
  assert.match(summary, /Sharded run: 4 shards, merged/);
  assert.match(summary, /merged-p99-gate/);
  assert.match(readFileSync(join(merged, 'report.html'), 'utf8'), /Sharded run: 4 shards, merged/);

  // Nothing left behind on the server: the shared schema was dropped by shard 0.
  const client = new pg.Client({ host: '127.0.0.1', port: server!.port, user: 'bench', password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const left = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tsdb\\_bench\\_%'");
    assert.deepEqual(left.rows, []);
  } finally {
    await client.end();
  }

  // merge refuses a duplicate and a missing shard: exit 2, one line.
  const dup = spawnSync(process.execPath, [...cli, 'merge', dirs[0], dirs[0], dirs[1], dirs[2], '--out', join(out, 'dup')], { encoding: 'utf8' });
  assert.equal(dup.status, 2, dup.stderr);
  assert.match(dup.stderr.trim(), /^tsdb-bench: merge: shard 0 given twice/);
  assert.equal(dup.stderr.trim().split('\n').length, 1);
  const missing = spawnSync(process.execPath, [...cli, 'merge', dirs[0], dirs[1], dirs[3], '--out', join(out, 'missing')], { encoding: 'utf8' });
  assert.equal(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /shard\(s\) 2 of 4 missing/);
});
