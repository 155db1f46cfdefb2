/** The whole report as blocks, in reading order. A pure function of results.json. */
import type { Results } from '../core/results.js';
import type { PhaseModule } from '../phases/types.js';
import type { Block } from './document.js';
import { answerBlocks } from './sections/answers.js';
import { capacityBlocks } from './sections/capacity.js';
import { methodologyBlocks } from './sections/methodology.js';
import { datasetBlocks, planBlocks, titleBlocks } from './sections/overview.js';
import { phaseBlocks } from './sections/phases.js';
import { decisionMatrixBlocks, seedTableBlocks, verdictBlocks } from './sections/verdicts.js';
import { warningBlocks } from './sections/warnings.js';
import { shardBlocks } from './sections/shards.js';

/** `phases`: the phase kinds whose sections render their phases (default: bench/phases/). */
export function reportBlocks(results: Results, phases?: ReadonlyMap<string, PhaseModule>): Block[] {
  return [
    ...titleBlocks(results),
    ...shardBlocks(results),
    ...verdictBlocks(results),
    ...seedTableBlocks(results),
    ...decisionMatrixBlocks(results),
    ...planBlocks(results),
    ...datasetBlocks(results),
    ...capacityBlocks(results),
    ...phaseBlocks(results, phases),
    ...answerBlocks(results),
    ...methodologyBlocks(results),
    ...warningBlocks(results),
  ];
}
