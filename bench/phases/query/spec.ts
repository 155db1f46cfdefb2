/** The query phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import { checkQueryIds } from '../../scenario/query-ids.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TRIALS_PROPERTY, idProperty } from '../schema-parts.js';

export interface QueryPhase extends PhaseBase {
  kind: 'query';
  /** Named query ids (see bench/queries/catalog.ts); empty = every query whose tables were loaded. */
  queries: string[];
  warmup: number;
  iterations: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    query: QueryPhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  queries: [],
  warmup: 3,
  iterations: 20,
} satisfies Partial<QueryPhase>;

/** One `phases:` entry of kind query, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Runs the named queries of bench/queries/catalog.ts and times each.',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      const: 'query',
      description: 'Phase kind: query — latency of the named range/aggregate queries.',
    },
    id: idProperty('query'),
    trials: TRIALS_PROPERTY,
    queries: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
        description: 'A query id from bench/queries/catalog.ts, e.g. ticks_7d_hourly.',
      },
      description: 'Query ids to run (default: every query whose table was loaded).',
    },
    warmup: {
      type: 'integer',
      minimum: 0,
      description: 'Untimed runs of each query before timing (default 3).',
    },
    iterations: {
      type: 'integer',
      minimum: 1,
      description: 'Timed runs of each query per trial (default 20).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  perQuery: [
    { name: 'p50_ms', description: 'latency p50' },
    { name: 'p99_ms', description: 'latency p99' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
  check: checkQueryIds,
};
