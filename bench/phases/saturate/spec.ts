/** The saturate phase as a scenario gives it: its normalized type, JSON-Schema fragment, defaults and checks. */
import type { PhaseBase } from '../../core/scenario.js';
import type { TableName } from '../../core/tables.js';
import type { PhaseKindSpec } from '../../scenario/phase-kinds.js';
import type { PhaseMetrics } from '../../verdict/metric-catalog.js';
import { TABLE_PROPERTY, TRIALS_PROPERTY, batchSizeProperty, idProperty, workersProperty } from '../schema-parts.js';

/** Service-level objective a saturate step must meet to count as sustained. */
export interface SustainSlo {
  /** Achieved rate / target rate must be at least this (default 0.95). */
  minAchievedRatio: number;
  /** Batch latency p99 (from schedule) must stay under this, ms (default 1000). */
  maxP99Ms: number;
  /** Schedule lag may grow by at most this much over a step, ms (default 250). */
  maxLagGrowthMs: number;
}

export interface SaturatePhase extends PhaseBase {
  kind: 'saturate';
  table: TableName;
  startRate: number;
  maxRate: number;
  stepFactor: number;
  stepDurationMs: number;
  /** Whole search (steps + refinement) time budget, ms. */
  budgetMs: number;
  slo: SustainSlo;
  batchSize: number;
  workers: number;
}

declare module '../../core/scenario.js' {
  interface PhaseSpecs {
    saturate: SaturatePhase;
  }
}

/** Defaults, in normalized names and units; the SLO's keys are defaulted one by one. */
export const defaults = {
  startRate: 1000,
  maxRate: 1_000_000,
  stepFactor: 2,
  stepDurationMs: 10_000,
  budgetMs: 300_000,
  batchSize: 1000,
  workers: 2,
  slo: { minAchievedRatio: 0.95, maxP99Ms: 1000, maxLagGrowthMs: 250 },
} satisfies Partial<SaturatePhase>;

/** One `phases:` entry of kind saturate, as written in a scenario file. */
export const schema: PhaseKindSpec['schema'] = {
  type: 'object',
  description: 'Capacity search: raises the ingest rate step by step until the SLO breaks or the budget is spent.',
  additionalProperties: false,
  required: ['kind', 'table'],
  properties: {
    kind: {
      const: 'saturate',
      description: 'Phase kind: saturate — highest sustainable ingest rate.',
    },
    id: idProperty('saturate'),
    trials: TRIALS_PROPERTY,
    table: TABLE_PROPERTY,
    startRate: {
      $ref: '#/definitions/rate',
      description: 'Rate of the first step (default 1k/s).',
    },
    maxRate: {
      $ref: '#/definitions/rate',
      description: 'Stop raising the rate here (default 1M/s, the most the generators produce).',
    },
    stepFactor: {
      type: 'number',
      exclusiveMinimum: 1,
      description: 'Each step multiplies the rate by this (default 2).',
    },
    stepDuration: {
      $ref: '#/definitions/duration',
      description: 'Length of each step (default 10s).',
    },
    budget: {
      $ref: '#/definitions/duration',
      description: 'Total time the search may take (default 5m).',
    },
    slo: {
      type: 'object',
      description: 'When a step counts as sustained.',
      additionalProperties: false,
      properties: {
        minAchievedRatio: {
          $ref: '#/definitions/fraction',
          description: 'Achieved rate / target rate must be at least this (default 0.95).',
        },
        maxP99: {
          $ref: '#/definitions/duration',
          description: 'Batch latency p99 (from schedule) must stay at or below this (default 1s).',
        },
        maxLagGrowth: {
          $ref: '#/definitions/duration',
          description: 'Schedule lag may grow by at most this much over a step (default 250ms).',
        },
      },
    },
    batchSize: batchSizeProperty('1000'),
    workers: workersProperty('2'),
  },
};

/** The metric names this kind writes (claims are checked against them when a scenario loads). */
export const metrics: PhaseMetrics = {
  fixed: [
    { name: 'max_sustained_rows_per_s', description: 'maximum sustained ingest rate' },
    { name: 'headroom', description: "maximum sustained rate / the scenario's rate (when it has one)" },
  ],
};

export const spec: Pick<PhaseKindSpec, 'schema' | 'defaults' | 'check' | 'metrics'> = {
  schema,
  defaults,
  metrics,
  check(phase, problem) {
    const { startRate, maxRate } = phase;
    if (typeof startRate === 'number' && typeof maxRate === 'number' && maxRate < startRate) {
      problem('maxRate', `expected maxRate >= startRate (${startRate}/s); found ${maxRate}/s`);
    }
  },
};
