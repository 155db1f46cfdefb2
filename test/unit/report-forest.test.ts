import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ClaimVerdict, Results } from '../../bench/core/results.js';
import { FOREST_CHART_ID, forestPlotSpec, VERDICT_COLOR } from '../../bench/report/chart-forest.js';
import { chartSpecs, renderChartPng, renderChartSvg } from '../../bench/report/charts.js';
import { renderSummary } from '../../bench/report/markdown.js';
import { pixelVariance } from '../helpers/pixels.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;

const ratio = (id: string, measured: number | null, ci95: [number, number] | null, n: number | null, v: ClaimVerdict['verdict'], factor = 10): ClaimVerdict => ({
  id,
  text: id,
  verdict: v,
  reason: '',
  metric: 'm',
  measured,
  ci95,
  gate: false,
  n,
  intervalKind: ci95 ? 'rerun' : null,
  kind: 'ratio',
  unit: 'x',
  factor,
  targetId: 'timescaledb@embedded',
  baselineId: 'postgres@embedded',
  runtimeLabel: 'embedded (WASM)',
});

function claims(): ClaimVerdict[] {
  return [
    ratio('fast-query', 12, [10.5, 14], 10, 'confirmed'),
    ratio('slow-insert', 0.8, [0.6, 1.1], 10, 'refuted'),
    ratio('few-pairs', 2, null, 2, 'inconclusive', 3),
    ratio('no-data', null, null, null, 'inconclusive'),
    {
      id: 'threshold',
      text: 't',
      verdict: 'confirmed',
      reason: '',
      metric: 'm',
      measured: 94_000,
      ci95: [90_000, 99_000],
      gate: false,
      kind: 'threshold',
      unit: 'rows/s',
      threshold: 50_000,
      n: 5,
      intervalKind: 'rerun',
    },
  ];
}

type XY = { x: number; y: string };

test('forest plot: one point per ratio claim with a measured value, on a log x axis, factor and 1 marked, n in the label', () => {
  const r = load();
  r.claims = claims();
  const spec = forestPlotSpec(r, r.claims)!;
  assert.equal(spec.id, FOREST_CHART_ID);
  const config = spec.config as unknown as {
    data: { datasets: { label: string; data: XY[]; pointBackgroundColor?: string[] }[] };
    options: {
      scales: { x: { type: string; min: number; max: number }; y: { type: string; labels: string[] } };
      plugins: { errorBars: { bars: Record<number, ([number, number] | null)[]>; horizontal: boolean }; referenceLines: { x: { value: number }[] } };
    };
  };
  const [measured, factor] = config.data.datasets;
  // Ratio claims with a value only: no-data and the threshold claim are not plotted.
  assert.deepEqual(
    measured.data.map((p) => p.x),
    [12, 0.8, 2],
  );
  assert.equal(measured.label, 'measured ratio');
  assert.deepEqual(measured.pointBackgroundColor, [VERDICT_COLOR.confirmed, VERDICT_COLOR.refuted, VERDICT_COLOR.inconclusive]);
  // The claimed factor sits on each claim's own row.
  assert.equal(factor.label, 'claimed factor');
  assert.deepEqual(
    factor.data.map((p) => [p.x, p.y]),
    measured.data.map((p, i) => [[10, 10, 3][i], p.y]),
  );
  assert.equal(config.options.scales.x.type, 'logarithmic');
  assert.ok(config.options.scales.x.min < 0.6 && config.options.scales.x.max > 14);
  // 1 (equal), drawn as a reference line.
  assert.deepEqual(
    config.options.plugins.referenceLines.x.map((l) => l.value),
    [1],
  );
  // Whiskers: horizontal, the interval the verdict was decided on; none without an interval.
  assert.equal(config.options.plugins.errorBars.horizontal, true);
  assert.deepEqual(config.options.plugins.errorBars.bars[0], [[10.5, 14], [0.6, 1.1], null]);
  // Labels: claim id, compared targets with runtime, n and the interval kind.
  const labels = config.options.scales.y.labels;
  assert.equal(labels.length, 3);
  assert.match(labels[0], /^fast-query\ntimescaledb@embedded vs postgres@embedded \(embedded \(WASM\)\)\nn=10 · 95% rerun interval from 10 paired trials$/);
  assert.match(labels[2], /n=2 · no interval: n too small \(n=2\)$/);
  assert.deepEqual(
    measured.data.map((p) => p.y),
    labels,
  );
});

test('the forest plot is the first chart, renders as PNG and SVG with its labels as text', async () => {
  const r = load();
  r.claims = claims();
  const spec = chartSpecs(r)[0];
  assert.equal(spec.id, FOREST_CHART_ID);
  const { variance, width } = await pixelVariance(await renderChartPng(spec));
  assert.equal(width, spec.width * 2);
  assert.ok(variance > 100);
  const svg = renderChartSvg(spec);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(texts.includes('fast-query'), 'claim id not drawn');
  assert.ok(
    texts.some((t) => t.includes('n=10')),
    'n not drawn',
  );
  assert.ok(texts.includes('1 = equal'));
});

test('no ratio claim with a value: no forest plot and no Markdown reference to one', () => {
  const r = load();
  r.claims = claims().filter((c) => c.kind === 'threshold' || c.measured === null);
  assert.equal(forestPlotSpec(r, r.claims), null);
  assert.equal(
    chartSpecs(r).some((s) => s.id === FOREST_CHART_ID),
    false,
  );
  assert.doesNotMatch(renderSummary(r), /claims-forest\.png/);
});

test('report.html embeds the forest plot inside the Verdicts section', async (t) => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { renderHtml } = await import('../../bench/report/html.js');
  const dir = mkdtempSync(join(tmpdir(), 'report-forest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = load();
  r.claims = claims();
  const spec = forestPlotSpec(r, r.claims)!;
  const png = join(dir, 'claims-forest.png');
  writeFileSync(png, await renderChartPng(spec));
  const html = renderHtml(r, [{ id: spec.id, title: spec.title, png }]);
  const at = html.indexOf('<figure id="chart-claims-forest"><img src="data:image/png;base64,');
  assert.ok(at > html.indexOf('<h2>Verdicts</h2>'), 'forest plot not in the verdicts section');
  assert.ok(at < html.indexOf('<h2>Plan</h2>'));
  assert.equal(html.indexOf('<h2>More charts</h2>'), -1);
});
