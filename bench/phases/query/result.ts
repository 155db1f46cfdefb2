/** What a query phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';
import type { QueryParams } from '../../queries/catalog.js';

/** One query's per-trial latency figures. */
export interface QueryTrial {
  query: string;
  rows: number;
  trials: { trial: number; p50: number; p99: number; max: number }[];
}

export interface QueryDetails extends PhaseDetailsBase {
  queries: string[];
  params: QueryParams & { from: string; to: string };
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    query: { details: QueryDetails; trial: QueryTrial };
  }
}
