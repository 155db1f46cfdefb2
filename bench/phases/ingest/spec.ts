/** The ingest phase as a scenario gives it: its normalized type, JSON-Schema fragment and defaults. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, TRIALS_PROPERTY, batchSizeProperty, idProperty, workersProperty } from '../schema-parts.js';

export interface IngestPhase extends PhaseBase {
  kind: 'ingest';
  table: TableName;
  /** Target rate, rows/s (open loop). */
  rate: number;
  durationMs: number;
  /** Leading part of every trial excluded from statistics. */
  warmupMs: number;
  batchSize: number;
  workers: number;
  method: 'copy' | 'insert';
  /** A batch not started within this much of its scheduled time is dropped (and reported). */
  maxLagMs: number;
  /** Width of the throughput reporting interval, ms. */
  intervalMs: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    ingest: IngestPhase;
  }
}

/** Defaults, in normalized names and units. */
export const defaults = {
  warmupMs: 2000,
  batchSize: 1000,
  workers: 2,
  method: 'copy',
  maxLagMs: 5000,
  intervalMs: 1000,
} satisfies Partial<IngestPhase>;

/** One `phases:` entry of kind ingest, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: "Live ingest at a fixed target rate (open loop): latency is timed from each batch's scheduled start; lag and dropped batches are reported.",
  additionalProperties: false,
  required: ['kind', 'table', 'rate', 'duration'],
  properties: {
    kind: {
      const: 'ingest',
      description: 'Phase kind: ingest — fixed-rate live ingest (open loop).',
    },
    id: idProperty('ingest'),
    trials: TRIALS_PROPERTY,
    table: TABLE_PROPERTY,
    rate: {
      $ref: '#/definitions/rate',
      description: 'Target rate, e.g. 10k/s.',
    },
    duration: {
      $ref: '#/definitions/duration',
      description: 'Length of each trial including warm-up, e.g. 20s; rate x duration at most 100,000,000 rows.',
    },
    warmup: {
      $ref: '#/definitions/duration',
      description: 'Leading part of each trial excluded from statistics (default 2s).',
    },
    batchSize: batchSizeProperty('1000'),
    workers: workersProperty('2'),
    method: {
      enum: ['copy', 'insert'],
      description: "How SQL engines write: 'copy' (COPY FROM STDIN, default) or 'insert' (multi-row INSERT). Ignored by other engines.",
    },
    maxLag: {
      $ref: '#/definitions/duration',
      description: 'A batch not started within this much of its scheduled time is dropped and reported (default 5s).',
    },
    interval: {
      $ref: '#/definitions/duration',
      description: 'Width of the throughput reporting interval (default 1s).',
    },
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'achieved_rows_per_s', description: 'achieved ingest rate' },
    { name: 'latency_p50_ms', description: 'batch latency p50, from the schedule' },
    { name: 'latency_p99_ms', description: 'batch latency p99, from the schedule' },
    { name: 'latency_p999_ms', description: 'batch latency p99.9, from the schedule' },
    { name: 'service_p50_ms', description: 'batch service time p50' },
    { name: 'lag_p99_ms', description: 'schedule lag p99' },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
  check(phase, problem) {
    const { warmupMs, durationMs } = phase;
    if (typeof warmupMs === 'number' && typeof durationMs === 'number' && warmupMs >= durationMs) {
      problem('warmup', `expected a warm-up shorter than duration (${durationMs} ms); found ${warmupMs} ms`);
    }
  },
};
