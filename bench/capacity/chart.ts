/**
 * The disk projection as a line chart (GiB per day per target), PNG at 2x via the report's
 * renderer. The chart itself is built by the report's `projectionChartSpec` (the report's
 * Capacity section draws the same chart).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectionChartSpec } from '../report/chart-specs.js';
import { renderChartPng } from '../report/charts.js';
import type { EngineProjection, ProjectionInput } from './projection.js';

export { projectionChartSpec };

export async function renderProjectionChart(projections: EngineProjection[], input: ProjectionInput, outDir: string): Promise<string> {
  const file = join(outDir, 'disk-projection.png');
  await writeFile(file, await renderChartPng(projectionChartSpec(projections, input)));
  return file;
}
