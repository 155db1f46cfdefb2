/**
 * The data streams phases write: one stream of `rows` rows of a table over a time range, under
 * the scenario's seed, shape and anchor. Phases plan them (PhaseRunner.plan) and saturate makes
 * them at run time; bench/run/dataset.ts fingerprints what the phases planned.
 */
import type { Scenario } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import type { StreamSpec } from '../generate/types.js';
import type { LiveCursor } from './types.js';

/** The stream of `rows` rows of `table` over [startMs, endMs) under this scenario's seed, shape and anchor. */
export function streamSpec(scenario: Scenario, table: TableName, stream: string, startMs: number, endMs: number, rows: number): StreamSpec {
  return {
    table,
    seed: scenario.dataset.seed,
    stream,
    shape: scenario.dataset.tables[table]!,
    anchorMs: scenario.dataset.anchorMs,
    startMs,
    endMs,
    rows,
  };
}

/** One live stream per trial, each continuing where the previous ended (ingest, mixed). */
export function liveTrialStreams(
  scenario: Scenario,
  cursor: LiveCursor,
  spec: { id: string; kind: string; table: TableName; rate: number; durationMs: number; trials: number },
): StreamSpec[] {
  const rows = Math.round((spec.rate * spec.durationMs) / 1000);
  return Array.from({ length: spec.trials }, (_, trial) => {
    const startMs = cursor.next(spec.table, spec.durationMs);
    return streamSpec(scenario, spec.table, `${spec.kind}:${spec.id}:${trial + 1}`, startMs, startMs + spec.durationMs, rows);
  });
}
