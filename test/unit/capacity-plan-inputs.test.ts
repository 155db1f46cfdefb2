/**
 * The projection inputs come from results.json alone (capacity/plan-inputs.ts): the chunk
 * interval is the one the engine recorded (targets[].settings.chunk_time_interval), whatever
 * spelling the scenario used — the scenario string is never re-parsed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Results } from '../../bench/core/results.js';
import { timescaleOptions } from '../../bench/engines/timescaledb/options.js';
import { projectionPlan, type ProjectionPlan } from '../../bench/capacity/plan-inputs.js';
import { recordedChunkInterval } from '../../bench/capacity/chunk-interval.js';
import { diskProjection } from '../../bench/report/capacity-view.js';

const CAPACITY = new URL('../../fixtures/results-capacity.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(CAPACITY, 'utf8')) as Results;
const DAY_MS = 86_400_000;

function plan(results: Results, choices = {}): ProjectionPlan {
  const p = projectionPlan(results, choices);
  assert.ok(!('why' in p), 'why' in p ? p.why : '');
  return p;
}

/** The fixture as a run with the scenario's chunkInterval `spelling` writes it: option as typed, setting as the engine records it. */
function runWithChunkInterval(spelling: string): Results {
  const results = load();
  results.scenario.engines.timescaledb = { settings: {}, options: { chunkInterval: spelling } };
  const recorded = timescaleOptions({ chunkInterval: spelling }).chunkInterval;
  for (const t of results.targets) if (t.engine === 'timescaledb') t.settings = { ...t.settings, chunk_time_interval: recorded };
  return results;
}

// Every spelling the timescaledb engine accepts (bench/engines/timescaledb/options.ts): PostgreSQL
// interval text with one unit, the short forms, plural and abbreviated words, any case and spacing.
const SPELLINGS: [string, number][] = [
  ['1 week', 7 * DAY_MS],
  ['1 weeks', 7 * DAY_MS],
  ['2 weeks', 14 * DAY_MS],
  ['1w', 7 * DAY_MS],
  ['1 Week', 7 * DAY_MS],
  ['  3 WEEKS ', 21 * DAY_MS],
  ['1 day', DAY_MS],
  ['7 days', 7 * DAY_MS],
  ['1d', DAY_MS],
  ['2d', 2 * DAY_MS],
  ['12 hours', 12 * 3_600_000],
  ['12h', 12 * 3_600_000],
  ['1 hour', 3_600_000],
  ['6 hr', 6 * 3_600_000],
  ['6 hrs', 6 * 3_600_000],
  ['30 minutes', 30 * 60_000],
  ['30 minute', 30 * 60_000],
  ['30m', 30 * 60_000],
  ['30 min', 30 * 60_000],
  ['45 mins', 45 * 60_000],
  ['90m', 90 * 60_000],
];

for (const [spelling, ms] of SPELLINGS) {
  test(`chunkInterval ${JSON.stringify(spelling)}: projected with ${ms / DAY_MS} d chunks, nothing assumed`, () => {
    const results = runWithChunkInterval(spelling);
    const p = plan(results);
    assert.equal(p.input.chunkDays, ms / DAY_MS);
    assert.deepEqual(p.assumed, []);
    // The report's Capacity section uses the same inputs.
    assert.deepEqual(diskProjection(results)!.input, p.input);
  });
}

test('the scenario string is not what is read: a recorded interval wins over any scenario option', () => {
  const results = runWithChunkInterval('1 week');
  results.scenario.engines.timescaledb!.options = { chunkInterval: 'not an interval at all' };
  assert.equal(plan(results).input.chunkDays, 7);
  delete results.scenario.engines.timescaledb;
  assert.equal(plan(results).input.chunkDays, 7);
});

test('no recorded interval (no TimescaleDB target): one-day chunks, said in assumed', () => {
  const results = load();
  for (const t of results.targets) delete t.settings?.chunk_time_interval;
  const p = plan(results);
  assert.equal(p.input.chunkDays, 1);
  assert.deepEqual(p.assumed, ['chunk interval 1 d (no target recorded a chunk_time_interval)']);
  assert.deepEqual(recordedChunkInterval(results), { missing: 'no target recorded a chunk_time_interval' });
});

test('a recorded interval the engine never writes: one-day chunks, and why', () => {
  const results = load();
  for (const t of results.targets) if (t.settings?.chunk_time_interval) t.settings.chunk_time_interval = 'fortnightly';
  const p = plan(results);
  assert.equal(p.input.chunkDays, 1);
  assert.match(p.assumed[0], /^chunk interval 1 d \(timescaledb@embedded recorded chunk_time_interval "fortnightly", not an interval the engine writes\)$/);
});

test('command-line choices replace what the file says; what neither gives is the seed policy, said in assumed', () => {
  const results = runWithChunkInterval('1 week');
  const chosen = plan(results, { rate: 50_000, retentionMs: 30 * DAY_MS, compressAfterMs: 2 * DAY_MS, chunkMs: DAY_MS / 2 });
  assert.deepEqual(chosen.input, { rate: 50_000, retentionDays: 30, compressAfterDays: 2, chunkDays: 0.5 });
  assert.deepEqual(chosen.assumed, []);

  delete results.scenario.capacity!.retentionMs;
  delete results.scenario.capacity!.compressAfterMs;
  const defaults = plan(results);
  assert.deepEqual(defaults.input, { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 7 });
  assert.equal(defaults.assumed.length, 2);
  assert.match(defaults.assumed.join('; '), /retention 90 d .*compression after 7 d/);
});

test('the rate: capacity.rate, else the ingest rate, else no projection (and why)', () => {
  const results = load();
  assert.equal(plan(results).input.rate, 10_000);
  delete results.scenario.capacity!.rate;
  const ingest = results.scenario.phases.find((p) => p.kind === 'ingest');
  if (ingest) assert.equal(plan(results).input.rate, (ingest as { rate: number }).rate);
  results.scenario.phases = results.scenario.phases.filter((p) => p.kind !== 'ingest');
  const none = projectionPlan(results);
  assert.ok('why' in none && /no rate/.test(none.why));
  assert.equal(diskProjection(results), null);
});

test("the table: the capacity phases' table by default, any measured table on request, else why not", () => {
  const results = load();
  assert.equal(plan(results).table, 'market_price_ticks');
  const unknown = projectionPlan(results, { table: 'no_such_table' });
  assert.ok('why' in unknown && /no target has storage figures for no_such_table/.test(unknown.why));
});
