/** What a growth phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';

export interface GrowthStep {
  step: number;
  tableRowsAfter: number;
  rows: number;
  rowsPerSec: number;
  batchP50Ms: number;
  batchP99Ms: number;
  seconds: number;
}

export interface GrowthDetails extends PhaseDetailsBase {
  steps: GrowthStep[];
  startRows: number;
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    growth: { details: GrowthDetails; trial: GrowthStep };
  }
}
