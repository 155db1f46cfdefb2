/** The saturate phase kind: spec (schema, defaults, checks), runner and result types in one module. */
import type { PhaseModule } from '../types.js';
import { runner } from './run.js';
import { spec } from './spec.js';
import type { SaturateDetails, SaturateStep } from './result.js';

declare module '../../core/results.js' {
  interface PhaseOutputs {
    saturate: { details: SaturateDetails; trial: SaturateStep };
  }
}

export const phase: PhaseModule<'saturate'> = {
  ...runner,
  ...spec,
};
