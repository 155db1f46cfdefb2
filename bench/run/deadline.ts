/**
 * A whole-phase deadline derived from the scenario: the backstop for an engine that still
 * answers each operation (so no per-operation deadline fires, see bench/core/deadlines.ts) but
 * so slowly that the run would never end. Generous on purpose: a phase is failed only when it
 * takes several times what the scenario asks for.
 *
 *   time-bound phases (ingest, mixed, saturate): duration x trials x 3 + slack
 *   row-bound phases (preload, growth): rows at a pessimistic 5k rows/s x trials x 3 + slack
 *   query / downsample: (warm-up + iterations) x queries x 10 s per query x trials + slack
 *   single-statement phases (storage, compress, retention): the long-statement deadline x 3 + slack
 *
 * slack (5 min) covers table creation, truncation between trials, flushes and row-count checks.
 * Pure: the same scenario always gives the same deadline.
 */
import type { PhaseSpec, Scenario } from '../core/scenario.js';
import { deadlineSettings, type DeadlineSettings } from '../core/deadlines.js';

export const PHASE_SLACK_MS = 5 * 60_000;
export const PHASE_FACTOR = 3;
/** Slowest load rate still considered alive (embedded WASM loads ~100k rows/s). */
export const MIN_ROWS_PER_S = 5_000;
/** Slowest single query still considered alive. */
export const PER_QUERY_MS = 10_000;
/** Named queries a query phase runs when it lists none (every query of the loaded tables). */
const DEFAULT_QUERY_COUNT = 12;

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The phase's own work for one trial, ms, before the factor and slack. */
function oneTrialMs(spec: PhaseSpec, settings: DeadlineSettings): number {
  const p = spec as unknown as Record<string, unknown>;
  switch (spec.kind) {
    case 'ingest':
    case 'mixed':
      return num(p.durationMs);
    case 'saturate':
      return num(p.budgetMs);
    case 'preload':
    case 'growth':
      return (num(p.rows) / MIN_ROWS_PER_S) * 1000;
    case 'query':
    case 'downsample': {
      const queries = Array.isArray(p.queries) && p.queries.length > 0 ? p.queries.length : DEFAULT_QUERY_COUNT;
      return (num(p.warmup) + num(p.iterations)) * queries * PER_QUERY_MS;
    }
    default:
      return settings.longOpTimeoutMs;
  }
}

/** Deadline of one phase (all its trials) on one target, ms. */
export function phaseDeadlineMs(spec: PhaseSpec, scenario: Pick<Scenario, 'trials'>, settings: DeadlineSettings = deadlineSettings()): number {
  const trials = Math.max(1, num(spec.trials) || num(scenario.trials) || 1);
  return Math.ceil(oneTrialMs(spec, settings) * trials * PHASE_FACTOR + PHASE_SLACK_MS);
}
