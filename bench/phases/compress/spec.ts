/** The compress phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { idProperty, oneShotTrialsProperty } from '../schema-parts.js';

export interface CompressPhase extends PhaseBase {
  kind: 'compress';
  /** Compress chunks older than this (seed: 7d), ms relative to the anchor. */
  olderThanMs: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    compress: CompressPhase;
  }
}

const DAY_MS = 86_400_000;

/** Defaults, in normalized names and units. */
export const defaults = {
  olderThanMs: 7 * DAY_MS,
  // One-shot (data compresses once): the scenario's trials do not apply.
  trials: 1,
} satisfies Partial<CompressPhase>;

/** One `phases:` entry of kind compress, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Compresses data older than `olderThan` (TimescaleDB compression; engines without it report unsupported).',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      const: 'compress',
      description: 'Phase kind: compress — run the compression policy and time it.',
    },
    id: idProperty('compress'),
    trials: oneShotTrialsProperty('compression is one-shot'),
    olderThan: {
      $ref: '#/definitions/duration',
      description: 'Compress chunks older than this, relative to the anchor (default 7d, as in the seed).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'duration_ms', description: 'compression run time' },
    { name: 'units_compressed', description: 'chunks (or other units) compressed' },
    { name: 'rows_uncompressed', description: 'rows left in uncompressed units (when the engine reports it)' },
  ],
  perTable: [
    { name: 'compression_ratio', description: 'bytes before / bytes after compression' },
    { name: 'bytes_after', description: 'storage after compression' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
};
