/** The downsample phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TRIALS_PROPERTY, idProperty } from '../schema-parts.js';

export interface DownsamplePhase extends PhaseBase {
  kind: 'downsample';
  iterations: number;
  warmup: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    downsample: DownsamplePhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  iterations: 10,
  warmup: 2,
} satisfies Partial<DownsamplePhase>;

/** One `phases:` entry of kind downsample, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Builds and refreshes the downsampled aggregates (continuous aggregates, materialized views, continuous queries) and times queries on them.',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      const: 'downsample',
      description: 'Phase kind: downsample — aggregate refresh and query-from-aggregate latency.',
    },
    id: idProperty('downsample'),
    trials: TRIALS_PROPERTY,
    iterations: {
      type: 'integer',
      minimum: 1,
      description: 'Timed runs of each aggregate query per trial (default 10).',
    },
    warmup: {
      type: 'integer',
      minimum: 0,
      description: 'Untimed runs of each aggregate query before timing (default 2).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'refresh_ms', description: 'refresh / backfill time of all aggregates' },
    { name: 'aggregate_bytes', description: 'storage of all aggregates' },
  ],
  perAggregate: [
    { name: 'raw_p50_ms', description: "its raw query's p50 on raw data" },
    { name: 'aggregate_p50_ms', description: "its raw query's p50 from the aggregate" },
    { name: 'refresh_ms', description: 'refresh / backfill time' },
    { name: 'bytes', description: 'aggregate size' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
};
