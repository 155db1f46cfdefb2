/**
 * source_reliability_metrics: (timestamp, source_ref, trust_score FLOAT, response_time_ms INT,
 * error_rate FLOAT). Each source has its own character (trust level, typical response time,
 * error rate); trust drifts slowly inside [0, 1]. trust_score and error_rate may be null
 * (nullFraction); response_time_ms never is.
 */
import type { Row } from '../../core/tables.js';
import { clamp, round6 } from '../fixed.js';
import type { RowFactory, RowFactoryContext, TableModule } from './table-module.js';
import { numberedNames } from './table-module.js';

export function sourceNames(count: number): string[] {
  return numberedNames('src', count);
}

function createRowFactory(ctx: RowFactoryContext): RowFactory {
  const { keys, picker, rng, setupRng, shape } = ctx;
  const n = keys.length;
  const trust = new Float64Array(n);
  const trustLevel = new Float64Array(n);
  const responseMs = new Float64Array(n);
  const errorLevel = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    trustLevel[k] = setupRng.range(0.35, 0.97);
    responseMs[k] = 30 * Math.pow(20, setupRng.float()); // 30 ms .. 600 ms
    errorLevel[k] = 0.002 * Math.pow(25, setupRng.float()); // 0.2% .. 5%
    trust[k] = clamp(trustLevel[k] + (rng.float() - 0.5) * 0.05, 0, 1);
  }
  const nulls = shape.nullFraction;
  return (timeUs: number): Row => {
    const k = picker.pick();
    let t = trust[k] + 0.004 * rng.centered() + (trustLevel[k] - trust[k]) * 0.01;
    if (t < 0) t = -t;
    if (t > 1) t = 2 - t;
    trust[k] = t;
    const slow = rng.float() < 0.01 ? 5 : 1;
    const response = Math.max(1, Math.round(responseMs[k] * (0.6 + 0.8 * rng.float()) * slow));
    const errors = clamp(errorLevel[k] * (0.5 + rng.float()) * slow, 0, 1);
    const trustValue = rng.float() < nulls ? null : round6(clamp(t, 0, 1));
    const errorValue = rng.float() < nulls ? null : round6(errors);
    return [timeUs, keys[k], trustValue, response, errorValue];
  };
}

export const sourceReliabilityMetrics: TableModule = {
  table: 'source_reliability_metrics',
  defaultShape: () => ({
    keys: 50,
    skew: 1.1,
    outOfOrder: 0,
    maxLatenessMs: 30_000,
    burstFraction: 0.05,
    burstFactor: 3,
    nullFraction: 0.01,
    exchanges: 0,
  }),
  keyNames: sourceNames,
  createRowFactory,
};
