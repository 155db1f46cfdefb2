/** What a downsample phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';

/** One aggregate; name/bucketMs/rows/bytes are the shape capacity projections read (bench/capacity/inputs.ts). */
export interface AggregateRecord {
  name: string;
  object: string;
  table: string;
  bucket: string;
  bucketMs: number;
  rows?: number;
  bytes: number;
  query: string;
  refreshMs: number;
  answerRows?: number;
  answersAgree?: true;
}

export interface DownsampleTrial {
  trial: number;
  refreshMs: number;
  aggregateBytes: number;
  created: string[];
  aggregates: AggregateRecord[];
}

export interface DownsampleDetails extends PhaseDetailsBase {
  aggregates: AggregateRecord[];
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    downsample: { details: DownsampleDetails; trial: DownsampleTrial };
  }
}
