/**
 * The Phase contract. A phase kind is one folder, bench/phases/<kind>/, whose index.ts exports
 * `phase: PhaseModule<'<kind>'>`: its spec's schema fragment and defaults (for the scenario
 * loader), its runner, and its report section and charts. A folder without such an export
 * (write/) is shared code, not a kind (bench/run/registry.ts).
 *
 * A phase is written once against EngineSession/RunningServer and never tests an engine's or
 * runtime's name; optional engine capabilities (compress, retention, downsample) are detected
 * by their presence and otherwise recorded as 'unsupported'.
 */
import type { EngineSession } from '../core/engine.js';
import type { RunningServer } from '../core/runtime.js';
import type { Logger } from '../core/log.js';
import type { PhaseResult, PhaseResultOf } from '../core/results.js';
import type { PhaseKind, PhaseSpec, PhaseSpecs, Scenario } from '../core/scenario.js';
import type { PhaseKindSpec } from '../scenario/phase-kinds.js';
import type { PhaseReport } from './report-kit.js';
import type { TableName } from '../core/tables.js';
import type { StreamSpec } from '../generate/types.js';
import type { QueryAnswer, QueryParams } from '../queries/catalog.js';
import type { ProgressFactory } from '../measure/progress.js';

export interface TargetHandle {
  /** `${engine}@${runtime}` */
  id: string;
  engine: string;
  server: RunningServer;
  session: EngineSession;
}

/** What earlier phases of this target left behind, for later phases. */
export interface TargetState {
  /** Rows the engine must hold per table (checked after every write phase). */
  expectedRows: Map<TableName, number>;
  /** First answer of every named query on this target, keyed `${phaseId}/${queryId}` (for the cross-target answer check). */
  answers: Map<string, QueryAnswer>;
  /** Results of this target's earlier phases (e.g. idle figures for the mixed phase). */
  idlePhases: PhaseResult[];
}

export interface PhaseContext {
  scenario: Scenario;
  target: TargetHandle;
  /** Data streams of this phase, one per trial (same for every target: the dataset plan). */
  streams: StreamSpec[];
  queryParams: QueryParams;
  /** Start of the live time region this phase reserved in plan() (epoch ms), if it did. */
  liveStartMs?: number;
  /** Tables any phase of the scenario writes to. */
  tables: TableName[];
  state: TargetState;
  log: Logger;
  progress: ProgressFactory;
  signal: AbortSignal;
  /**
   * Trial-wise phases: the one trial (0-based) to run now. The runner interleaves trials
   * across targets round by round and merges the one-trial results (run/trial-merge.ts).
   * Undefined: run every trial (a direct call, e.g. from a test).
   */
  trial?: number;
  /** Set when this run is shard i of N (bench/shard/): the tables are shared with other shards. */
  shard?: ShardContext;
}

/** How a phase with spec P runs on one target (any kind's runner without an argument). */
export interface PhaseRunner<P extends PhaseSpec = PhaseSpec> {
  kind: P['kind'];
  /**
   * True when the phase's trials are independent repetitions that the runner may run one at a
   * time, interleaved across targets (preload, ingest, query). One-shot phases (storage,
   * compress, retention, downsample, saturate, growth) run once per target.
   */
  trialwise?: boolean;
  /** Data streams this phase will write, decided before any target runs (for the fingerprint). */
  plan?(spec: P, scenario: Scenario, cursor: LiveCursor): StreamSpec[];
  run(spec: P, ctx: PhaseContext): Promise<PhaseResultOf<P['kind']>>;
}

/**
 * Everything about one phase kind (bench/phases/<kind>/index.ts exports it as `phase`).
 * PhaseModule without a kind argument is any kind's module, as the runner and the reports hold
 * them (dispatched by `kind`).
 */
export interface PhaseModule<K extends PhaseKind = PhaseKind> extends PhaseKindSpec, PhaseRunner<PhaseSpecs[K]> {
  kind: K;
  /** Its report section and charts; without one, the report lists its metrics generically. */
  report?: PhaseReport<K>;
}

/** The result type of any phase (re-exported for runner-side code). */
export type { PhaseResult };

/** Where live (post-anchor) data continues; advanced by phases that generate live rows. */
export interface LiveCursor {
  /** Next free timestamp per table for live data, epoch ms (starts at the anchor). */
  next(table: TableName, spanMs: number): number;
}

/** What a phase knows of the shard it runs in (bench/shard/run.ts provides it). */
export interface ShardContext {
  index: number;
  count: number;
  /**
   * The wall-clock phase of an open-loop schedule (loops.ts scheduleOffsetMs): shard i's
   * batches fall i/N of a batch period after shard 0's, on a grid anchored at the start instant.
   */
  scheduleOffsetMs(periodMs: number): number;
}
