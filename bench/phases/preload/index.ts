/** The preload phase kind: spec (schema, defaults, checks), runner and report in one module. */
import type { PhaseModule } from '../types.js';
import { report } from './report.js';
import { runner } from './run.js';
import { spec } from './spec.js';
import './result.js';

export const phase: PhaseModule<'preload'> = {
  ...runner,
  ...spec,
  report,
};
