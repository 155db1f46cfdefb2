/** The preload phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, TRIALS_PROPERTY, batchSizeProperty, idProperty, workersProperty } from '../schema-parts.js';

export interface PreloadPhase extends PhaseBase {
  kind: 'preload';
  table: TableName;
  rows: number;
  /** History span ending at the anchor, ms (e.g. 7d). */
  spanMs: number;
  batchSize: number;
  workers: number;
  /** 'copy' (default) or 'insert' (multi-row INSERT) for SQL engines; ignored by others. */
  method: 'copy' | 'insert';
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    preload: PreloadPhase;
  }
}

const DAY_MS = 86_400_000;

/** Defaults, in normalized names and units. */
export const defaults = {
  // One preload writer by default: the index layout (and so the storage figures) depends on how
  // concurrent inserts interleave; with one writer it is deterministic and the same on every
  // runtime (the embedded runtime has a single session anyway). Raise it for throughput runs.
  spanMs: 7 * DAY_MS,
  batchSize: 10_000,
  workers: 1,
  method: 'copy',
} satisfies Partial<PreloadPhase>;

/** One `phases:` entry of kind preload, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Bulk-loads history: `rows` rows spread over `span` ending at the anchor, as fast as possible (closed loop).',
  additionalProperties: false,
  required: ['kind', 'table', 'rows'],
  properties: {
    kind: {
      const: 'preload',
      description: 'Phase kind: preload — bulk load of historical rows (closed loop, max throughput).',
    },
    id: idProperty('preload'),
    trials: TRIALS_PROPERTY,
    table: TABLE_PROPERTY,
    rows: {
      $ref: '#/definitions/count',
      description: 'Rows to load, e.g. 1_000_000 or 1M; at most 100,000,000 per stream (every stream is generated once before the run to fingerprint it).',
    },
    span: {
      $ref: '#/definitions/duration',
      description: 'Time span the rows cover, ending at the anchor (default 7d); above zero and at least one microsecond per row.',
    },
    batchSize: batchSizeProperty('10k'),
    workers: workersProperty('1: storage figures are then deterministic and the same on every runtime'),
    method: {
      enum: ['copy', 'insert'],
      description: "How SQL engines write: 'copy' (COPY FROM STDIN, default) or 'insert' (multi-row INSERT). Ignored by other engines.",
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [{ name: 'rows_per_s', description: 'bulk-load throughput (median over trials)' }],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
};
