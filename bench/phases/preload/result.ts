/** What a preload phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';
import type { ClosedLoopResult } from '../write/loops.js';

export interface PreloadTrial extends Omit<ClosedLoopResult, 'startEpochMs'> {
  trial: number;
  startEpochMs: number;
  countedRows: number;
  /** What ran after the last trial's load (ANALYZE...), not timed as load. */
  afterLoad?: string;
  afterLoadMs?: number;
}

export interface PreloadDetails extends PhaseDetailsBase {
  rows: number;
  spanMs: number;
  batchSize: number;
  workers: number;
  writeMethod: 'copy' | 'insert';
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    preload: { details: PreloadDetails; trial: PreloadTrial };
  }
}
