/** What a mixed phase records in results.json beside its metrics. */
import type { LatencySummary, PhaseDetailsBase, ThroughputPoint } from '../../core/results.js';

export interface MixedTrial {
  trial: number;
  rows: number;
  achievedRate: number;
  latency: LatencySummary;
  lag: LatencySummary;
  dropped: number;
  droppedRows: number;
  harnessMs: number;
  harnessCeilingRowsPerSec: number | null;
  intervals: ThroughputPoint[];
}

/** One query's latency under load beside its idle figures (from an earlier query phase). */
export interface MixedQuery {
  query: string;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  idleP50Ms: number | null;
  idleP99Ms: number | null;
}

export interface MixedDetails extends PhaseDetailsBase {
  queries: MixedQuery[];
  idleIngestLatencyP99Ms: number | null;
  idleIngestLagP99Ms: number | null;
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    mixed: { details: MixedDetails; trial: MixedTrial };
  }
}
