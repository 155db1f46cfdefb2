/**
 * Writes a run's reports next to its results.json: summary.md, report.html and
 * charts/*.png|svg. Never writes, moves or deletes results.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../core/results.js';
import { renderCharts, type ChartFile, type ChartOptions } from './charts.js';
import { renderHtml } from './html.js';
import { renderSummary } from './markdown.js';

import { REPORT_FILES } from './paths.js';

export { REPORT_FILES };

export async function writeReports(results: Results, outDir: string, options: ChartOptions = {}): Promise<{ files: string[]; charts: ChartFile[] }> {
  await mkdir(outDir, { recursive: true });
  const summary = join(outDir, REPORT_FILES.summary);
  const html = join(outDir, REPORT_FILES.html);
  // Markdown first: it needs no fonts, so a chart failure still leaves a readable summary.
  await writeFile(summary, renderSummary(results));
  const charts = await renderCharts(results, join(outDir, REPORT_FILES.charts), options);
  await writeFile(html, renderHtml(results, charts));
  const chartFiles = charts.flatMap((c) => (c.svg ? [c.png, c.svg] : [c.png]));
  return { files: [summary, html, ...chartFiles], charts };
}
