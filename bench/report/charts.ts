/**
 * Charts: Chart.js 4 rendered in Node on @napi-rs/canvas. PNG at devicePixelRatio 2 for every
 * chart, plus an SVG (text kept as <text>, trailing commas in number lists stripped so that
 * Firefox accepts it). Refuses to render when the chart font is not registered.
 */
import { createCanvas, SvgExportFlag } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../core/results.js';
import { backgroundPlugin, errorBarsPlugin, referenceLinesPlugin } from './chart-plugins.js';
import { ensureChartFont, type FontOptions } from './chart-fonts.js';
import { chartSpecs, type ChartSpec } from './chart-specs.js';

export interface ChartFile {
  id: string;
  title: string;
  png: string;
  svg?: string;
}

export interface ChartOptions extends FontOptions {
  /** Also write an SVG beside every PNG (default true). */
  svg?: boolean;
}

let registered = false;
function registerChartJs(): void {
  if (registered) return;
  Chart.register(...registerables, backgroundPlugin, errorBarsPlugin, referenceLinesPlugin);
  registered = true;
}

function withFont(config: ChartConfiguration, family: string, devicePixelRatio: number): ChartConfiguration {
  return { ...config, options: { ...config.options, devicePixelRatio, font: { family, size: 12 } } } as ChartConfiguration;
}

/** Draws the chart, hands the canvas to `read` (before destroy(), which clears it), cleans up. */
function drawAndRead<T>(canvas: unknown, config: ChartConfiguration, family: string, devicePixelRatio: number, read: () => T): T {
  Chart.defaults.font.family = family;
  Chart.defaults.color = '#333333';
  const context = (canvas as { getContext(kind: '2d'): unknown }).getContext('2d');
  const chart = new Chart(context as CanvasRenderingContext2D, withFont(config, family, devicePixelRatio));
  try {
    chart.draw();
    return read();
  } finally {
    chart.destroy();
  }
}

/** Skia writes number lists as "1.5, 2, " — a trailing comma Firefox rejects. */
export function cleanSvg(svg: string): string {
  return svg.replace(/="([^"]*?)[,\s]+"/g, (all, list: string) => (/^[-\d.eE,\s]+$/.test(list) ? `="${list}"` : all));
}

export async function renderChartPng(spec: ChartSpec, fonts: FontOptions = {}): Promise<Buffer> {
  const family = ensureChartFont(fonts);
  registerChartJs();
  const canvas = createCanvas(spec.width, spec.height);
  return drawAndRead(canvas, spec.config, family, 2, () => canvas.encodeSync('png'));
}

export function renderChartSvg(spec: ChartSpec, fonts: FontOptions = {}): string {
  const family = ensureChartFont(fonts);
  registerChartJs();
  const canvas = createCanvas(spec.width, spec.height, SvgExportFlag.NoPrettyXML);
  const svg = drawAndRead(canvas, spec.config, family, 1, () => canvas.getContent().toString('utf8'));
  return cleanSvg(svg);
}

/** Renders every chart the results support into outDir; returns what was written. */
export async function renderCharts(results: Results, outDir: string, options: ChartOptions = {}): Promise<ChartFile[]> {
  ensureChartFont(options);
  const specs = chartSpecs(results);
  await mkdir(outDir, { recursive: true });
  const files: ChartFile[] = [];
  for (const spec of specs) {
    const png = join(outDir, `${spec.id}.png`);
    await writeFile(png, await renderChartPng(spec, options));
    const file: ChartFile = { id: spec.id, title: spec.title, png };
    if (options.svg !== false) {
      const svg = join(outDir, `${spec.id}.svg`);
      await writeFile(svg, renderChartSvg(spec, options));
      file.svg = svg;
    }
    files.push(file);
  }
  return files;
}

export { chartSpecs, type ChartSpec };
