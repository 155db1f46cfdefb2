/**
 * Noise-aware comparison of runs (the nightly regression gate). See compare.ts for matching
 * and refusal, decide.ts for the per-metric rules, thresholds.ts for the defaults.
 */
export { compareResults, findMismatches, resolveOptions } from './compare.js';
export { compareCommand, COMPARE_FILES, type CompareCommandArgs, type CompareIo } from './command.js';
export { renderCompareMarkdown } from './markdown.js';
export { toBencherMetricFormat, toGithubActionBenchmark, BMF_MEASURE, type BencherMetricFormat, type GithubActionBenchmark, type GithubBenchmarkEntry } from './outputs.js';
export { loadRuns, findResultFiles, loadResultsFile, type LoadedRun } from './load.js';
/** Bad input (missing path, unreadable or foreign JSON): the command exits 2 with the message. */
export { InputError } from '../core/errors.js';
export {
  DEFAULT_ALPHA,
  DEFAULT_EXACT_TOLERANCE,
  DEFAULT_MIN_EFFECT,
  EFFECT_KINDS,
  MIN_SAMPLES,
  effectKindOf,
  isDeterministic,
  parseMinEffectFlags,
  TIMING_UNITS,
  type EffectKind,
} from './thresholds.js';
export type * from './types.js';
