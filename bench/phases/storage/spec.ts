/** The storage phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TRIALS_PROPERTY, idProperty } from '../schema-parts.js';

export interface StoragePhase extends PhaseBase {
  kind: 'storage';
  /** Optional engine-side full compaction before the "compacted" figure (InfluxDB). */
  compact: boolean;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    storage: StoragePhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  compact: false,
} satisfies Partial<StoragePhase>;

/** One `phases:` entry of kind storage, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: "Measures storage of every loaded table after flush/checkpoint: allocated bytes on disk plus the engine's own figures.",
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      const: 'storage',
      description: 'Phase kind: storage — bytes on disk per table.',
    },
    id: idProperty('storage'),
    trials: TRIALS_PROPERTY,
    compact: {
      type: 'boolean',
      description: 'Force an engine-side full compaction before measuring (InfluxDB) (default false).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  perTable: [
    { name: 'bytes', description: "storage (allocated on disk, or the engine's figure)" },
    { name: 'bytes_per_row', description: 'bytes per row' },
    { name: 'engine_bytes', description: "the engine's own size figure" },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
};
