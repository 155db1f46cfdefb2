/** The disk projection as a line chart (GiB per day per target), PNG at 2x via the report's renderer. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartSpec } from '../report/chart-specs.js';
import { renderChartPng } from '../report/charts.js';
import type { EngineProjection, ProjectionInput } from './projection.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const GIB = 1024 ** 3;

export function projectionChartSpec(projections: EngineProjection[], input: ProjectionInput): ChartSpec {
  return {
    id: 'disk-projection',
    title: 'Projected disk use',
    width: 900,
    height: 420,
    config: {
      type: 'line',
      data: {
        labels: projections[0]?.days.map((d) => d.day) ?? [],
        datasets: projections.map((p, i) => ({
          label: p.target,
          data: p.days.map((d) => Number((d.bytes / GIB).toFixed(3))),
          borderColor: PALETTE[i % PALETTE.length],
          backgroundColor: PALETTE[i % PALETTE.length],
          pointRadius: 0,
          borderWidth: 2,
        })),
      },
      options: {
        plugins: {
          title: { display: true, text: `Projected disk use at ${input.rate.toLocaleString('en-US')} rows/s (compress after ${input.compressAfterDays} d, retention ${input.retentionDays} d)` },
          legend: { position: 'bottom' },
        },
        scales: {
          x: { title: { display: true, text: 'day' } },
          y: { title: { display: true, text: 'GiB' }, beginAtZero: true },
        },
      },
    },
  };
}

export async function renderProjectionChart(projections: EngineProjection[], input: ProjectionInput, outDir: string): Promise<string> {
  const file = join(outDir, 'disk-projection.png');
  await writeFile(file, await renderChartPng(projectionChartSpec(projections, input)));
  return file;
}
