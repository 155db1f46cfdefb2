/** What a retention phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';
import type { EngineFacts } from '../compress/result.js';

export type RetentionTrial = EngineFacts & { trial: number; durationMs: number; rowsBefore: number; rowsAfter: number };

export interface RetentionDetails extends PhaseDetailsBase {
  cutoff: string;
  rowsBefore: number;
  rowsAfter: number;
  engineReportedRowsRemoved: number | null;
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    retention: { details: RetentionDetails; trial: RetentionTrial };
  }
}
