/** What a storage phase records in results.json beside its metrics. */
import type { TableStorage } from '../../core/engine.js';
import type { PhaseDetailsBase } from '../../core/results.js';

export interface MeasuredTableStorage extends TableStorage {
  allocatedBytes: number | null;
  /** The headline figure: allocated bytes when the runtime can see the files, else the engine's primary figure. */
  bytes: number;
  bytesSource: 'allocated' | string;
  bytesPerRow: number | null;
}

export interface StorageDetails extends PhaseDetailsBase {
  flushMs: number;
  dataDirAllocatedBytes: number | null;
  tables: MeasuredTableStorage[];
}

declare module '../../core/results.js' {
  interface PhaseOutputs {
    storage: { details: StorageDetails; trial: never };
  }
}
