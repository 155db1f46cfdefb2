/**
 * The growth phase on native PostgreSQL through its phase runner: the stream is loaded in the
 * requested steps on top of the preloaded rows, each step records its rows/s and batch
 * latency, and the engine holds exactly the preloaded + grown rows afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPgInstallation } from '../../bench/runtimes/native/postgresql.js';
import { needs } from '../helpers/require.js';
import { scenarioFromYaml, startTarget } from '../helpers/target.js';

const pgFound = !('error' in findPgInstallation());

const PRELOAD = 20_000;
const GROWTH = 100_000;
const BATCH = 5_000;

const scenarioYaml = `
seed: 5
trials: 1
targets: [postgres]
runtime: native
dataset:
  tables:
    market_price_ticks: { keys: 10, exchanges: 2 }
phases:
  - kind: preload
    table: market_price_ticks
    rows: ${PRELOAD}
    span: 7d
    batchSize: 10k
  - kind: growth
    table: market_price_ticks
    rows: ${GROWTH}
    steps: 3
    batchSize: ${BATCH}
    workers: 2
`;

interface GrowthStep {
  step: number;
  tableRowsAfter: number;
  rows: number;
  rowsPerSec: number;
  batchP50Ms: number;
  batchP99Ms: number;
  seconds: number;
}

test('growth on native PostgreSQL: rows/s per step on a growing table, row count verified', { timeout: 180_000 }, async (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const scenario = scenarioFromYaml(scenarioYaml);
  const target = await startTarget({ scenario, engine: 'postgres', runtime: 'native' });
  try {
    await target.runPhase('preload');
    const result = await target.runPhase('growth');
    assert.equal(result.status, 'ok', result.message);
    const details = result.kind === 'growth' ? result.details! : assert.fail(`a ${result.kind} result`);
    const steps: GrowthStep[] = details.steps;
    assert.equal(details.startRows, PRELOAD);

    // 100k rows in 3 steps of whole batches: 35k, 35k, 30k.
    assert.deepEqual(
      steps.map((s) => s.rows),
      [35_000, 35_000, 30_000],
    );
    assert.deepEqual(
      steps.map((s) => s.step),
      [1, 2, 3],
    );
    assert.deepEqual(
      steps.map((s) => s.tableRowsAfter),
      [PRELOAD + 35_000, PRELOAD + 70_000, PRELOAD + GROWTH],
    );
    for (const s of steps) {
      assert.ok(s.rowsPerSec > 0 && Number.isFinite(s.rowsPerSec), `step ${s.step} rows/s ${s.rowsPerSec}`);
      assert.ok(s.seconds > 0);
      // rows/s is rows over the step's own wall time (3 decimals of rounding on seconds).
      assert.ok(Math.abs(s.rowsPerSec - s.rows / s.seconds) / s.rowsPerSec < 0.01, `step ${s.step}: ${s.rowsPerSec} vs ${s.rows}/${s.seconds}`);
      assert.ok(s.batchP50Ms > 0 && s.batchP99Ms >= s.batchP50Ms);
    }
    assert.equal(result.metrics.first_step_rows_per_s.value, steps[0].rowsPerSec);
    assert.equal(result.metrics.last_step_rows_per_s.value, steps[2].rowsPerSec);
    assert.ok(Math.abs(result.metrics.last_to_first_ratio.value - steps[2].rowsPerSec / steps[0].rowsPerSec) < 1e-3);

    // The engine holds exactly the preloaded + grown rows (the phase verified it too).
    assert.equal(await target.session.count('market_price_ticks'), PRELOAD + GROWTH);
    assert.equal(target.state.expectedRows.get('market_price_ticks'), PRELOAD + GROWTH);
    // Growth rows are live rows after the anchor: the preloaded 7-day window is untouched.
    const stream = target.dataset.streams.get('growth')![0];
    assert.ok(stream.startMs >= scenario.dataset.anchorMs);
  } finally {
    await target.stop();
  }
});
