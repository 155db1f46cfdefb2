/** The mixed phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import { checkQueryIds } from '../../scenario/query-ids.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, TRIALS_PROPERTY, batchSizeProperty, idProperty, workersProperty } from '../schema-parts.js';

export interface MixedPhase extends PhaseBase {
  kind: 'mixed';
  table: TableName;
  rate: number;
  durationMs: number;
  queries: string[];
  batchSize: number;
  workers: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    mixed: MixedPhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  queries: [],
  batchSize: 1000,
  workers: 2,
} satisfies Partial<MixedPhase>;

/** One `phases:` entry of kind mixed, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Fixed-rate ingest with queries running at the same time.',
  additionalProperties: false,
  required: ['kind', 'table', 'rate', 'duration'],
  properties: {
    kind: {
      const: 'mixed',
      description: 'Phase kind: mixed — concurrent ingest and queries.',
    },
    id: idProperty('mixed'),
    trials: TRIALS_PROPERTY,
    table: TABLE_PROPERTY,
    rate: {
      $ref: '#/definitions/rate',
      description: 'Target ingest rate, e.g. 10k/s.',
    },
    duration: {
      $ref: '#/definitions/duration',
      description: 'Length of each trial, e.g. 30s.',
    },
    queries: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
        description: 'A query id from bench/queries/catalog.ts.',
      },
      description: 'Query ids run concurrently with the ingest (default: every query of the table).',
    },
    batchSize: batchSizeProperty('1000'),
    workers: workersProperty('2'),
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'ingest_achieved_rows_per_s', description: 'achieved ingest rate under query load' },
    { name: 'ingest_latency_p99_ms', description: 'ingest batch latency p99 under query load' },
    { name: 'ingest_lag_p99_ms', description: 'ingest schedule lag p99 under query load' },
  ],
  perQuery: [
    { name: 'p50_ms', description: 'latency p50 under ingest load' },
    { name: 'p99_ms', description: 'latency p99 under ingest load' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
  check: checkQueryIds,
};
