/** The growth phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, batchSizeProperty, idProperty, oneShotTrialsProperty, workersProperty } from '../schema-parts.js';

export interface GrowthPhase extends PhaseBase {
  kind: 'growth';
  table: TableName;
  rows: number;
  steps: number;
  batchSize: number;
  workers: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    growth: GrowthPhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  // One run (the table keeps growing): the scenario's trials do not apply.
  trials: 1,
  steps: 5,
  batchSize: 10_000,
  workers: 2,
} satisfies Partial<GrowthPhase>;

/** One `phases:` entry of kind growth, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Loads `rows` rows in `steps` equal steps and measures storage and query latency after each, to project growth.',
  additionalProperties: false,
  required: ['kind', 'table', 'rows'],
  properties: {
    kind: {
      const: 'growth',
      description: 'Phase kind: growth — storage and latency as the table grows.',
    },
    id: idProperty('growth'),
    trials: oneShotTrialsProperty('growth runs once'),
    table: TABLE_PROPERTY,
    rows: {
      $ref: '#/definitions/count',
      description: 'Total rows after the last step, e.g. 5M; at most 100,000,000.',
    },
    steps: {
      type: 'integer',
      minimum: 1,
      description: 'Number of equal load steps (default 5).',
    },
    batchSize: batchSizeProperty('10000'),
    workers: workersProperty('2'),
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'first_step_rows_per_s', description: 'rows/s in the first step' },
    { name: 'last_step_rows_per_s', description: 'rows/s in the last step' },
    { name: 'last_to_first_ratio', description: 'last-step / first-step rate' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
  check(phase, problem) {
    const { rows, steps } = phase;
    if (typeof rows === 'number' && typeof steps === 'number' && rows < steps) {
      problem('steps', `expected at most one step per row (rows = ${rows}); found ${steps}`);
    }
  },
};
