/** What an ingest phase records in results.json beside its metrics. */
import type { LatencySummary, PhaseDetailsBase, ThroughputPoint } from '../../core/results.js';

export interface IngestTrial {
  trial: number;
  targetRate: number;
  achievedRate: number;
  rows: number;
  measuredRows: number;
  batches: number;
  seconds: number;
  dropped: number;
  droppedRows: number;
  late: number;
  lagGrowthMs: number;
  latency: LatencySummary;
  serviceTime: LatencySummary;
  lag: LatencySummary;
  intervals: ThroughputPoint[];
  startEpochMs: number;
  harnessMs: number;
  harnessCeilingRowsPerSec: number | null;
  countedRows: number;
}

export interface IngestDetails extends PhaseDetailsBase {
  targetRate: number;
  /** Each trial appends its own rows: the table grows trial by trial. */
  trialsAppend: true;
  durationMs: number;
  warmupMs: number;
  batchSize: number;
  workers: number;
  writeMethod: 'copy' | 'insert';
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    ingest: { details: IngestDetails; trial: IngestTrial };
  }
}
