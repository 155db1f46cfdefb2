/**
 * The mixed phase (queries under ingest load) on native PostgreSQL, run through its phase
 * runner after the idle query and ingest phases, as the capacity scenario does: every listed
 * query gets latencies under load, every ingested row is counted in the engine, and the idle
 * figures of the earlier phases are referenced (and are absent when no earlier phase ran).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPgInstallation } from '../../bench/runtimes/native/postgresql.js';
import { needs } from '../helpers/require.js';
import type { PhaseResult } from '../../bench/core/results.js';
import type { MixedDetails } from '../../bench/phases/mixed/result.js';
import { scenarioFromYaml, startTarget } from '../helpers/target.js';

const mixedDetails = (r: PhaseResult): MixedDetails => (r.kind === 'mixed' ? r.details! : assert.fail(`a ${r.kind} result`));

const pgFound = !('error' in findPgInstallation());
const QUERIES = ['ticks_7d_hourly', 'ticks_last_price', 'ticks_ohlcv_1m'];

const scenarioYaml = `
seed: 11
trials: 1
targets: [postgres]
runtime: native
dataset:
  tables:
    market_price_ticks: { keys: 10, exchanges: 2 }
phases:
  - kind: preload
    table: market_price_ticks
    rows: 50k
    span: 7d
    batchSize: 10k
  - kind: query
    queries: [${QUERIES.join(', ')}]
    warmup: 1
    iterations: 3
  - kind: ingest
    table: market_price_ticks
    rate: 2k/s
    duration: 3s
    warmup: 500ms
    batchSize: 500
  - kind: mixed
    table: market_price_ticks
    rate: 2k/s
    duration: 5s
    queries: [${QUERIES.join(', ')}]
    batchSize: 500
    workers: 2
`;

interface MixedQueryRow {
  query: string;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  idleP50Ms: number | null;
  idleP99Ms?: number | null;
}

test('mixed on native PostgreSQL: latency under load per query, every row counted, idle figures referenced', { timeout: 180_000 }, async (t) => {
  if (!needs(t, pgFound, 'PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN)')) return;
  const scenario = scenarioFromYaml(scenarioYaml);
  const target = await startTarget({ scenario, engine: 'postgres', runtime: 'native' });
  try {
    // Without earlier query/ingest phases there is nothing idle to compare with: null, not invented.
    const alone = await target.runPhase('mixed', { state: { expectedRows: new Map(), answers: new Map(), idlePhases: [] } });
    assert.equal(alone.status, 'ok', alone.message);
    assert.equal(mixedDetails(alone).idleIngestLatencyP99Ms, null);
    for (const q of mixedDetails(alone).queries as MixedQueryRow[]) assert.equal(q.idleP50Ms, null, q.query);
    target.state.idlePhases.length = 0; // that run is not an earlier phase of the real sequence
    await target.session.truncate('market_price_ticks');

    await target.runPhase('preload');
    const idleQueries = await target.runPhase('query');
    const idleIngest = await target.runPhase('ingest');
    const mixed = await target.runPhase('mixed');
    assert.equal(mixed.status, 'ok', mixed.message);

    // Every listed query ran under load and has latency figures.
    const rows = mixedDetails(mixed).queries as MixedQueryRow[];
    assert.deepEqual(rows.map((r) => r.query).sort(), [...QUERIES].sort());
    for (const id of QUERIES) {
      const p50 = mixed.metrics[`${id}.p50_ms`];
      const p99 = mixed.metrics[`${id}.p99_ms`];
      assert.ok(p50 && p50.samples.length >= 1, `${id} has latencies under load`);
      assert.ok(p50.value > 0 && p99.value >= p50.value, `${id}: p50 ${p50.value} <= p99 ${p99.value}`);
      const row = rows.find((r) => r.query === id)!;
      assert.equal(row.runs, p50.samples.length);
      // Idle figures come from the earlier query phase of the same target.
      assert.equal(row.idleP50Ms, idleQueries.metrics[`${id}.p50_ms`].value, `${id} idle p50 is the query phase's`);
    }

    // Ingest under load: all rows written and counted, idle ingest figures referenced.
    const trial = mixed.trials[0] as { achievedRate: number; dropped: number; rows?: number };
    assert.equal(trial.dropped, 0);
    assert.ok(mixed.metrics.ingest_achieved_rows_per_s.value > 0);
    assert.ok(mixed.metrics.ingest_latency_p99_ms.value > 0);
    assert.equal(mixedDetails(mixed).idleIngestLatencyP99Ms, idleIngest.metrics.latency_p99_ms.value);
    assert.equal(mixedDetails(mixed).idleIngestLagP99Ms, idleIngest.metrics.lag_p99_ms.value);
    const planned = (id: string) => target.dataset.streams.get(id)!.reduce((a, s) => a + s.rows, 0);
    const expected = planned('preload') + planned('ingest') + planned('mixed');
    assert.equal(planned('mixed'), 2000 * 5);
    assert.equal(target.state.expectedRows.get('market_price_ticks'), expected);
    assert.equal(await target.session.count('market_price_ticks'), expected, 'every row of preload + ingest + mixed is in the engine');
  } finally {
    await target.stop();
  }
});
