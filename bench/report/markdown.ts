/** summary.md: short, pasteable Markdown of a run (a pure function of results.json). */
import type { PhaseModule } from '../phases/types.js';
import type { Results } from '../core/results.js';
import { blocksToMarkdown } from './markdown-render.js';
import { reportBlocks } from './report-document.js';

export function renderSummary(results: Results, phases?: ReadonlyMap<string, PhaseModule>): string {
  return blocksToMarkdown(reportBlocks(results, phases));
}
