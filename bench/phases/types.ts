/**
 * The Phase contract. A phase is written once against EngineSession/RunningServer and never
 * tests an engine's or runtime's name; optional engine capabilities (compress, retention,
 * downsample) are detected by their presence and otherwise recorded as 'unsupported'.
 */
import type { EngineSession } from '../core/engine.js';
import type { RunningServer } from '../core/runtime.js';
import type { Logger } from '../core/log.js';
import type { PhaseResult } from '../core/results.js';
import type { PhaseSpec, Scenario } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import type { StreamSpec } from '../generate/types.js';
import type { QueryAnswer, QueryParams } from '../queries/catalog.js';
import type { ProgressFactory } from '../measure/progress.js';
import type { ShardContext } from '../shard/run.js';

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

export interface PhaseRunner<P extends PhaseSpec = PhaseSpec> {
  kind: string;
  /**
   * True when the phase's trials are independent repetitions that the runner may run one at a
   * time, interleaved across targets (preload, ingest, query, mixed). One-shot phases (storage,
   * compress, retention, downsample, saturate, growth) run once per target.
   */
  trialwise?: boolean;
  /** Data streams this phase will write, decided before any target runs (for the fingerprint). */
  plan?(spec: P, scenario: Scenario, cursor: LiveCursor): StreamSpec[];
  run(spec: P, ctx: PhaseContext): Promise<PhaseResult>;
}

/** Where live (post-anchor) data continues; advanced by phases that generate live rows. */
export interface LiveCursor {
  /** Next free timestamp per table for live data, epoch ms (starts at the anchor). */
  next(table: TableName, spanMs: number): number;
}

/** A failure that must end the target (e.g. rows lost): the run reports it and goes on with others. */
export class PhaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhaseFailure';
  }
}
