/**
 * `tsdb-bench plan` end to end, as a user runs it: a real short run (PostgreSQL and TimescaleDB,
 * both embedded — in-process, so always available) produces storage figures before and after
 * compression; `plan results.json --rate 10k/s --retention 90d --compress-after 7d` must exit 0,
 * print the steady-state disk per target, and write projection.md, projection.json and the
 * chart PNG, with figures that follow from the measured bytes per row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import type { EngineProjection, ProjectionInput } from '../../bench/capacity/projection.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const env = { ...process.env, TSDB_BENCH_DOCKER_PULL: '0' };
const DAY_ROWS = 10_000 * 86_400;

function runCli(args: string[]) {
  return spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', env, timeout: 240_000 });
}

const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-plan-test-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const scenarioYaml = `name: plan-source
description: storage before and after compression, the inputs of the plan command
seed: 3
trials: 1
targets: [postgres, timescaledb]
runtime: embedded
engines:
  timescaledb:
    options: { chunkInterval: 1d }
dataset:
  tables:
    market_price_ticks: { keys: 10, exchanges: 2 }
capacity: { rate: 10k/s, retention: 90d, compressAfter: 7d }
phases:
  - kind: preload
    table: market_price_ticks
    rows: 20k
    span: 7d
    batchSize: 5k
  - kind: storage
  - kind: compress
    olderThan: 1h
  - kind: storage
    id: storage-compressed
`;

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('plan on the results of a real run: exit 0, steady-state disk per target, projection.md/json and the chart', { timeout: 300_000 }, () => {
  const scenarioFile = join(tmp, 'plan-source.yaml');
  writeFileSync(scenarioFile, scenarioYaml);
  const runOut = join(tmp, 'run');
  const run = runCli(['run', '--scenario', scenarioFile, '--out', runOut, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  const resultsFile = join(runOut, 'results.json');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
  const ids = results.targets.map((t) => t.id).sort();
  assert.deepEqual(ids, ['postgres@embedded', 'timescaledb@embedded']);

  const planOut = join(tmp, 'plan');
  const plan = runCli(['plan', resultsFile, '--rate', '10k/s', '--retention', '90d', '--compress-after', '7d', '--out', planOut]);
  assert.equal(plan.status, 0, plan.stderr);

  // The printed table: one row per target with its steady-state disk.
  assert.match(plan.stdout, /steady-state disk/);
  assert.match(plan.stdout, /10,000 rows\/s/);
  // Decimal units, as every byte figure of the harness is shown.
  for (const id of ids) assert.match(plan.stdout, new RegExp(`^\\| ${id.replace('.', '\\.')} \\|.*\\d+(\\.\\d+)? (GB|TB)`, 'm'), `${id} row with a disk figure`);
  assert.doesNotMatch(plan.stdout, /[KMGT]iB/);

  // projection.md is what was printed; projection.json holds the day-by-day figures.
  const md = readFileSync(join(planOut, 'projection.md'), 'utf8');
  assert.ok(plan.stdout.startsWith(md), 'stdout starts with projection.md');
  const json = JSON.parse(readFileSync(join(planOut, 'projection.json'), 'utf8')) as { input: ProjectionInput; table: string; projections: EngineProjection[] };
  assert.equal(json.table, 'market_price_ticks');
  assert.deepEqual(
    { rate: json.input.rate, retentionDays: json.input.retentionDays, compressAfterDays: json.input.compressAfterDays, chunkDays: json.input.chunkDays },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1 },
  );

  const storageOf = (id: string) => {
    const target = results.targets.find((t) => t.id === id)!;
    const storage = target.phases.find((p) => p.id === 'storage')!;
    assert.equal(storage.kind, 'storage');
    return storage.kind === 'storage' ? storage.details!.tables.find((x) => x.table === 'market_price_ticks')! : assert.fail('not a storage phase');
  };

  // PostgreSQL (no compression): steady state = 90 days of rows at the measured raw bytes/row.
  const pg = json.projections.find((p) => p.target === 'postgres@embedded')!;
  const pgRaw = storageOf('postgres@embedded');
  const pgBytesPerRow = pgRaw.bytes / pgRaw.rows;
  assert.ok(Math.abs(pg.steadyStateBytes - 90 * DAY_ROWS * pgBytesPerRow) / pg.steadyStateBytes < 1e-9, `postgres steady state ${pg.steadyStateBytes}`);
  assert.equal(pg.days.length, pg.days[pg.days.length - 1].day);
  assert.ok(pg.days.every((d) => d.compressedRows === 0));

  // TimescaleDB: compressed bytes/row = raw bytes/row x (after / before) of the compressed chunks.
  const ts = json.projections.find((p) => p.target === 'timescaledb@embedded')!;
  const tsTarget = results.targets.find((t) => t.id === 'timescaledb@embedded')!;
  const compress = tsTarget.phases.find((p) => p.kind === 'compress')!;
  assert.equal(compress.status, 'ok', compress.message);
  const chunks = (compress.trials[0] as unknown as { tables: Record<string, { beforeBytes: number; afterBytes: number; compressed: number }> }).tables.market_price_ticks;
  assert.ok(chunks.compressed > 0, 'chunks were compressed');
  const tsRaw = storageOf('timescaledb@embedded');
  const rawPerRow = tsRaw.bytes / tsRaw.rows;
  const compressedPerRow = rawPerRow * (chunks.afterBytes / chunks.beforeBytes);
  assert.ok(compressedPerRow < rawPerRow);
  const last = ts.days[ts.days.length - 1];
  assert.ok(last.compressedRows > 0 && last.rawRows > 0);
  const expected = last.rawRows * rawPerRow + last.compressedRows * compressedPerRow;
  assert.ok(Math.abs(ts.steadyStateBytes - expected) / expected < 1e-9, `timescaledb steady state ${ts.steadyStateBytes} vs ${expected}`);
  assert.ok(ts.steadyStateBytes < 90 * DAY_ROWS * rawPerRow, 'compression lowers the steady state');

  // The chart: a PNG at 2x the spec's size, not a blank image.
  const png = join(planOut, 'disk-projection.png');
  assert.ok(existsSync(png));
  const size = pngSize(png);
  assert.ok(size.width >= 1200 && size.height >= 600, `chart ${size.width}x${size.height}`);
  assert.ok(readFileSync(png).length > 20_000, 'the chart has content');

  // Bad input: one line, exit 2.
  const bad = runCli(['plan', resultsFile, '--rate', 'fast', '--out', join(tmp, 'bad')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--rate/);
  const missing = runCli(['plan', join(tmp, 'nope.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.json/);
});

// A chunk interval spelled as the scenario allows ('1 week') but not as a duration flag: `plan`
// takes the interval the engine recorded in results.json, never re-parses the scenario string.
const weekScenarioYaml = `name: plan-week-chunks
description: weekly hypertable chunks; plan from the results file alone
seed: 5
trials: 1
targets: [timescaledb]
runtime: embedded
engines:
  timescaledb:
    options: { chunkInterval: '1 week' }
dataset:
  tables:
    market_price_ticks: { keys: 5, exchanges: 1 }
capacity: { rate: 10k/s, retention: 90d, compressAfter: 14d }
phases:
  - kind: preload
    table: market_price_ticks
    rows: 5k
    span: 7d
    batchSize: 5k
  - kind: storage
`;

test("plan on a run with chunkInterval '1 week': exit 0, 7-day chunks from the recorded chunk_time_interval, no flag needed", { timeout: 300_000 }, () => {
  const scenarioFile = join(tmp, 'plan-week.yaml');
  writeFileSync(scenarioFile, weekScenarioYaml);
  const runOut = join(tmp, 'run-week');
  const run = runCli(['run', '--scenario', scenarioFile, '--out', runOut, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  const resultsFile = join(runOut, 'results.json');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
  assert.equal(results.targets[0].settings?.chunk_time_interval, '1 week', 'the engine records the interval it created the hypertables with');

  const planOut = join(tmp, 'plan-week');
  const plan = runCli(['plan', resultsFile, '--out', planOut]);
  assert.equal(plan.status, 0, plan.stderr);
  assert.doesNotMatch(plan.stderr, /--chunk/);
  assert.match(plan.stdout, /chunk interval 7 d/);
  const json = JSON.parse(readFileSync(join(planOut, 'projection.json'), 'utf8')) as { input: ProjectionInput; assumed: string[] };
  assert.deepEqual(
    { rate: json.input.rate, retentionDays: json.input.retentionDays, compressAfterDays: json.input.compressAfterDays, chunkDays: json.input.chunkDays },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 14, chunkDays: 7 },
  );
  assert.deepEqual(json.assumed, []);
  // A flag still wins over the recorded value.
  const flagged = runCli(['plan', resultsFile, '--chunk', '1d', '--out', join(tmp, 'plan-week-1d')]);
  assert.equal(flagged.status, 0, flagged.stderr);
  assert.match(flagged.stdout, /chunk interval 1 d/);
});
