/** The retention phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, TRIALS_PROPERTY, idProperty } from '../schema-parts.js';

export interface RetentionPhase extends PhaseBase {
  kind: 'retention';
  table: TableName;
  /** Drop data older than this (seed: 90d), ms relative to the anchor. */
  dropAfterMs: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    retention: RetentionPhase;
  }
}

const DAY_MS = 86_400_000;

/** Defaults, in normalized names and units. */
export const defaults = {
  dropAfterMs: 90 * DAY_MS,
} satisfies Partial<RetentionPhase>;

/** One `phases:` entry of kind retention, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Applies a retention policy: drops data older than `dropAfter`.',
  additionalProperties: false,
  required: ['kind', 'table'],
  properties: {
    kind: {
      const: 'retention',
      description: 'Phase kind: retention — apply the retention policy and time it.',
    },
    id: idProperty('retention'),
    trials: TRIALS_PROPERTY,
    table: TABLE_PROPERTY,
    dropAfter: {
      $ref: '#/definitions/duration',
      description: 'Drop data older than this, relative to the anchor (default 90d, as in the seed).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'duration_ms', description: 'retention run time' },
    { name: 'rows_removed', description: 'rows removed by retention' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
};
