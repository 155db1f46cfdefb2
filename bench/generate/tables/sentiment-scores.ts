/**
 * sentiment_scores: (timestamp, narrative_id, sentiment_score FLOAT, volume INT). Each
 * narrative has a mood it drifts around inside [-1, 1] and a typical mention volume.
 * sentiment_score may be null (nullFraction); volume never is.
 */
import type { Row } from '../../core/tables.js';
import { clamp, round6 } from '../fixed.js';
import type { RowFactory, RowFactoryContext, TableModule } from './table-module.js';
import { numberedNames } from './table-module.js';

export function narrativeNames(count: number): string[] {
  return numberedNames('narrative', count);
}

function createRowFactory(ctx: RowFactoryContext): RowFactory {
  const { keys, picker, rng, setupRng, shape } = ctx;
  const n = keys.length;
  const mood = new Float64Array(n);
  const score = new Float64Array(n);
  const typicalVolume = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    mood[k] = setupRng.range(-0.6, 0.6);
    typicalVolume[k] = 5 * Math.pow(400, setupRng.float()); // 5 .. 2,000 mentions
    score[k] = clamp(mood[k] + (rng.float() - 0.5) * 0.2, -1, 1);
  }
  const nulls = shape.nullFraction;
  return (timeUs: number): Row => {
    const k = picker.pick();
    let s = score[k] + 0.03 * rng.centered() + (mood[k] - score[k]) * 0.02;
    if (s < -1) s = -2 - s;
    if (s > 1) s = 2 - s;
    score[k] = s;
    const volume = Math.round(typicalVolume[k] * rng.exponential());
    const value = rng.float() < nulls ? null : round6(clamp(s, -1, 1));
    return [timeUs, keys[k], value, volume];
  };
}

export const sentimentScores: TableModule = {
  table: 'sentiment_scores',
  defaultShape: () => ({
    keys: 200,
    skew: 1.1,
    outOfOrder: 0,
    maxLatenessMs: 60_000,
    burstFraction: 0.05,
    burstFactor: 4,
    nullFraction: 0.01,
    exchanges: 0,
  }),
  keyNames: narrativeNames,
  createRowFactory,
};
