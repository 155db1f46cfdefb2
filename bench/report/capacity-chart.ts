/**
 * `tsdb-bench plan`'s chart: the disk projection per day per target, PNG at 2x, drawn by the
 * report's own projectionChartSpec (the Capacity section draws the same chart) in decimal
 * units (GB, or TB for larger peaks), as every byte figure is shown.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineProjection, ProjectionInput } from '../capacity/projection.js';
import type { ChartSpec } from './chart-common.js';
import { projectionChartSpec } from './chart-specs.js';
import { renderChartPng } from './charts.js';

/** GB, or TB once a peak reaches 10^12 bytes. */
export function projectionChartUnit(projections: readonly EngineProjection[]): 'GB' | 'TB' {
  return Math.max(0, ...projections.map((p) => p.peakBytes)) >= 1e12 ? 'TB' : 'GB';
}

export function planProjectionChartSpec(projections: EngineProjection[], input: ProjectionInput): ChartSpec {
  return projectionChartSpec(projections, input, { unit: projectionChartUnit(projections) });
}

export async function renderProjectionChart(projections: EngineProjection[], input: ProjectionInput, outDir: string): Promise<string> {
  const file = join(outDir, 'disk-projection.png');
  await writeFile(file, await renderChartPng(planProjectionChartSpec(projections, input)));
  return file;
}
