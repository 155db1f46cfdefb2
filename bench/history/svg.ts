/**
 * A small trend chart as an inline SVG string (no canvas, no fonts needed: the browser draws
 * the text). Points are runs in order; whiskers are 95% CIs; regressions red, improvements
 * green; change points are dashed vertical lines; every point has a tooltip (<title>).
 */
import { formatPreciseValue as formatValue } from '../format/precise.js';
import type { MetricSeries } from './series.js';

export const CHART = { width: 640, height: 190, left: 78, right: 14, top: 14, bottom: 30 } as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLOR = { line: '#3b6ea5', point: '#3b6ea5', regression: '#c62828', improvement: '#2e7d32', axis: '#888', grid: '#e5e5e5', change: '#8e24aa', setup: '#999' };

/** "Nice" tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const f = (x: number): string => (Math.round(x * 10) / 10).toString();

const SHORT_UNIT: Record<string, string> = { 'rows/s': 'rows/s', ms: 'ms', bytes: 'B', 'bytes/row': 'B/row', ratio: 'x', count: '', percent: '%' };

/** Compact axis label: 1.2M rows/s, 350k, 12.5 ms. */
export function axisLabel(value: number, unit: string): string {
  const abs = Math.abs(value);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'k'] : [1, ''];
  const n = Number((value / div).toPrecision(4)).toString();
  const u = SHORT_UNIT[unit] ?? unit;
  return `${n}${suffix}${u ? ` ${u}` : ''}`;
}

export function renderSeriesSvg(series: MetricSeries): string {
  const { width, height, left, right, top, bottom } = CHART;
  const pts = series.points;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = pts.flatMap((p) => [p.value, ...(p.ci95 ?? [])]).filter(Number.isFinite);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.05 || 1;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
  }
  if (lo < 0 && Math.min(...values) >= 0) lo = 0;
  const x = (i: number) => left + (pts.length === 1 ? plotW / 2 : (i * plotW) / (pts.length - 1));
  const y = (v: number) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(series.id)}">`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  for (const t of ticks(lo, hi)) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="${COLOR.grid}"/>`);
    parts.push(`<text x="${left - 6}" y="${f(y(t) + 4)}" text-anchor="end" font-size="11" fill="#444">${escapeXml(axisLabel(t, series.unit))}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="${COLOR.axis}"/>`);
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${COLOR.axis}"/>`);
  const labelAt = new Set([0, pts.length - 1, Math.floor((pts.length - 1) / 2)]);
  for (const i of labelAt) {
    if (!pts[i]) continue;
    const anchor = pts.length === 1 ? 'middle' : i === 0 ? 'start' : i === pts.length - 1 ? 'end' : 'middle';
    parts.push(`<text x="${f(x(i))}" y="${height - 10}" text-anchor="${anchor}" font-size="11" fill="#444">${escapeXml(pts[i].startedAt.slice(0, 10))}</text>`);
  }
  for (const cp of series.changePoints) {
    const cx = f((x(cp.index - 1) + x(cp.index)) / 2);
    const color = cp.kind === 'setup' ? COLOR.setup : COLOR.change;
    const text =
      cp.kind === 'setup'
        ? 'setup changed'
        : `change point ${cp.changePct === null ? '' : `${cp.changePct >= 0 ? '+' : ''}${cp.changePct.toFixed(1)}%`} (${cp.verdict}): ${cp.reason}`;
    parts.push(
      `<line class="changepoint ${cp.kind}" x1="${cx}" x2="${cx}" y1="${top}" y2="${top + plotH}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"><title>${escapeXml(text)}</title></line>`,
    );
  }
  if (pts.length > 1) {
    parts.push(`<polyline fill="none" stroke="${COLOR.line}" stroke-width="1.5" points="${pts.map((p, i) => `${f(x(i))},${f(y(p.value))}`).join(' ')}"/>`);
  }
  pts.forEach((p, i) => {
    const cx = f(x(i));
    if (p.ci95) {
      const [a, b] = p.ci95;
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${f(y(a))}" y2="${f(y(b))}" stroke="${COLOR.axis}"/>`);
      for (const v of [a, b]) parts.push(`<line x1="${f(x(i) - 3)}" x2="${f(x(i) + 3)}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="${COLOR.axis}"/>`);
    }
    const color = p.verdict === 'regression' ? COLOR.regression : p.verdict === 'improvement' ? COLOR.improvement : COLOR.point;
    const r = p.verdict === 'regression' || p.verdict === 'improvement' ? 5.5 : 3.5;
    const tip = [
      `${p.startedAt} ${p.runId}`,
      `${formatValue(p.value, series.unit)}${p.ci95 ? ` [${formatValue(p.ci95[0], series.unit)}, ${formatValue(p.ci95[1], series.unit)}]` : ''} (n=${p.n})`,
      p.verdict ? `${p.verdict}${p.changePct !== null ? ` ${p.changePct >= 0 ? '+' : ''}${p.changePct.toFixed(1)}%` : ''}: ${p.reason}` : p.reason,
    ].join('\n');
    parts.push(`<circle class="point ${p.verdict ?? 'none'}" cx="${cx}" cy="${f(y(p.value))}" r="${r}" fill="${color}" stroke="#fff"><title>${escapeXml(tip)}</title></circle>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
