/**
 * report.html: one self-contained page with the same content as summary.md, charts inlined
 * as data: URIs, inline CSS, no script and no remote asset (works offline).
 */
import { readFileSync } from 'node:fs';
import type { Results } from '../core/results.js';
import type { ChartFile } from './charts.js';
import type { Block } from './document.js';
import { heading } from './document.js';
import { BANNER_MARK } from './markdown-render.js';
import { reportBlocks } from './report-document.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The two inline marks the document uses: `code` and **bold**; everything else escaped. */
export function inlineHtml(text: string): string {
  return text
    .split(/(`[^`]*`)/g)
    .map((part) => {
      if (part.length >= 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    })
    .join('')
    .replace(/\\\|/g, '|');
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 1280px; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .86rem; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f1f3f5; }
tr:nth-child(even) td { background: #fafafa; }
td.right, th.right { text-align: right; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
.banner { padding: .7rem 1rem; border-radius: 6px; margin: 1rem 0; border: 1px solid; }
.banner.ok { background: #edf7ed; border-color: #7cbf7c; }
.banner.warning { background: #fff8e1; border-color: #e0b84c; }
.banner.error { background: #fdecea; border-color: #e57373; font-size: 1.05rem; }
tr td.tone-good { background: #d4edda; color: #14532d; font-weight: 600; }
tr td.tone-bad { background: #f8d7da; color: #7f1d1d; font-weight: 600; }
tr td.tone-neutral { background: #e9ecef; color: #374151; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
figcaption { font-size: .85rem; color: #555; }
`;

function tableHtml(block: Extract<Block, { kind: 'table' }>): string {
  const classes = (i: number, tone?: string | null) => {
    const names = [...(block.align?.[i] === 'right' ? ['right'] : []), ...(tone ? [`tone-${tone}`] : [])];
    return names.length ? ` class="${names.join(' ')}"` : '';
  };
  const head = `<tr>${block.headers.map((h, i) => `<th${classes(i)}>${inlineHtml(h)}</th>`).join('')}</tr>`;
  const rows = block.rows.map((r, j) => `<tr>${r.map((c, i) => `<td${classes(i, block.tones?.[j]?.[i])}>${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function chartHtml(chart: ChartFile): string {
  const png = readFileSync(chart.png).toString('base64');
  const title = escapeHtml(chart.title);
  return `<figure id="chart-${escapeHtml(chart.id)}"><img src="data:image/png;base64,${png}" alt="${title}"><figcaption>${title}</figcaption></figure>`;
}

function blockHtml(block: Block, placeChart: (id: string, prefix: boolean) => ChartFile[]): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${inlineHtml(block.text)}</p>`;
    case 'banner':
      return `<div class="banner ${block.tone}" role="status">${BANNER_MARK[block.tone]} ${inlineHtml(block.text)}</div>`;
    case 'table':
      return tableHtml(block);
    case 'list':
      return `<ul>\n${block.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('\n')}\n</ul>`;
    case 'chart':
      return placeChart(block.id, block.prefix === true)
        .map(chartHtml)
        .join('\n');
  }
}

export function renderHtml(results: Results, charts: readonly ChartFile[]): string {
  const placed = new Set<string>();
  const placeChart = (id: string, prefix: boolean): ChartFile[] => {
    const found = charts.filter((c) => !placed.has(c.id) && (c.id === id || (prefix && c.id.startsWith(`${id}-`))));
    found.forEach((c) => placed.add(c.id));
    return found;
  };
  const body = reportBlocks(results).map((b) => blockHtml(b, placeChart));
  const rest = charts.filter((c) => !placed.has(c.id));
  if (rest.length) body.push(blockHtml(heading(2, 'More charts'), placeChart), ...rest.map(chartHtml));
  const title = escapeHtml(`tsdb-bench report: ${results.scenario.name} (${results.runId})`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: nothing may be fetched, no script may run.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<title>${title}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
