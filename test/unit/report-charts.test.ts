import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import { chartSpecs, cleanSvg, renderChartSvg, renderCharts } from '../../bench/report/charts.js';
import { pixelVariance } from '../helpers/pixels.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;

test('every chart of the fixture renders a non-blank 2x PNG and an SVG', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'report-charts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const results = load();
  const files = await renderCharts(results, dir);
  const ids = files.map((f) => f.id);
  for (const expected of [
    'ingest-throughput-ingest',
    'ingest-rate-ingest',
    'latency-ingest',
    'query-latency-query',
    'storage-market_price_ticks',
    'bytes-per-row-market_price_ticks',
    'downsample-downsample',
  ]) {
    assert.ok(ids.includes(expected), `missing chart ${expected} in ${ids.join(', ')}`);
  }
  const specs = new Map(chartSpecs(results).map((s) => [s.id, s]));
  for (const f of files) {
    const png = readFileSync(f.png);
    const { variance, width, nonWhite } = await pixelVariance(png);
    assert.equal(width, specs.get(f.id)!.width * 2, `${f.id} is not rendered at devicePixelRatio 2`);
    assert.ok(variance > 100, `${f.id} looks blank (variance ${variance})`);
    assert.ok(nonWhite > 5000, `${f.id} has only ${nonWhite} non-white pixels`);
    assert.ok(f.svg && existsSync(f.svg));
  }
});

test('chart text is really drawn: the SVG holds the title and target + runtime labels as <text>', () => {
  const results = load();
  const spec = chartSpecs(results).find((s) => s.id === 'query-latency-query')!;
  const svg = renderChartSvg(spec);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(texts.includes(spec.title), `title not among ${texts.length} text elements`);
  assert.ok(
    texts.some((x) => x.includes('timescaledb@embedded [embedded (WASM)]')),
    'legend does not name target and runtime',
  );
  assert.match(svg, /font-family="DejaVu Sans"/);
  // No trailing comma in number lists (Firefox rejects x="1, 2, ").
  assert.doesNotMatch(svg, /="[-\d.eE,\s]*,\s*"/);
});

test('cleanSvg strips trailing commas in number lists only', () => {
  assert.equal(cleanSvg('<text x="1.5, 2, " y="4, ">a, b</text>'), '<text x="1.5, 2" y="4">a, b</text>');
  assert.equal(cleanSvg('<text font-family="A, B">x</text>'), '<text font-family="A, B">x</text>');
});

test('rendering is refused when the chart font family is not registered', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'no-fonts-'));
  const out = mkdtempSync(join(tmpdir(), 'no-charts-'));
  t.after(() => {
    rmSync(empty, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  await assert.rejects(
    renderCharts(load(), out, { fontDir: empty, fontFamily: 'No Such Font Family' }),
    /refusing to render charts: font family "No Such Font Family" is not registered/,
  );
  assert.equal(existsSync(join(out, 'query-latency-query.png')), false);
});

test('every chart names its targets with their runtime labels', () => {
  const results = load();
  for (const spec of chartSpecs(results)) {
    const json = JSON.stringify(spec.config.data);
    assert.ok(
      results.targets.some((t) => json.includes(t.id) && json.includes(t.runtimeLabel)),
      `${spec.id} names no target with its runtime label`,
    );
  }
});
