/** What a compress phase records in results.json beside its metrics. */
import type { PhaseDetailsBase } from '../../core/results.js';

/** The engine's own facts about its compression run (chunk names, job ids...), as it reports them. */
export type EngineFacts = Readonly<Record<string, unknown>>;

export type CompressTrial = EngineFacts & {
  trial: number;
  durationMs: number;
  unitsCompressed: number;
  unitsUncompressed: number | null;
  rowsUncompressed: number | null;
};

export interface CompressedTable {
  table: string;
  bytesBefore: number;
  bytesAfter: number;
  source: string;
  ratio: number | null;
  engineBefore: Record<string, number>;
  engineAfter: Record<string, number>;
}

export interface CompressDetails extends PhaseDetailsBase {
  cutoff: string;
  unitsCompressed: number;
  unitsUncompressed: number | null;
  rowsUncompressed: number | null;
  tables: CompressedTable[];
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    compress: { details: CompressDetails; trial: CompressTrial };
  }
}
