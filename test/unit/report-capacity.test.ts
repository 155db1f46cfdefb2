import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhaseResultOf, Results } from '../../bench/core/results.js';
import type { PhaseKind } from '../../bench/core/scenario.js';
import { projectDisk } from '../../bench/capacity/projection.js';
import { planProjectionChartSpec, projectionChartUnit } from '../../bench/report/capacity-chart.js';
import { chartSpecs, renderCharts, renderChartSvg } from '../../bench/report/charts.js';
import { projectionChartSpec } from '../../bench/report/chart-specs.js';
import { diskProjection, hasCapacity, saturateView } from '../../bench/report/capacity-view.js';
import { formatBytes } from '../../bench/format/bytes.js';
import { renderHtml } from '../../bench/report/html.js';
import { renderSummary } from '../../bench/report/markdown.js';
import { headroomSentence } from '../../bench/report/sections/capacity.js';
import { pixelVariance } from '../helpers/pixels.js';

const CAPACITY = new URL('../../fixtures/results-capacity.json', import.meta.url);
const SEED_MATRIX = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (file: URL): Results => JSON.parse(readFileSync(file, 'utf8')) as Results;

/** The Capacity section of summary.md (up to the next level-2 heading). */
function capacitySection(md: string): string {
  const start = md.indexOf('## Capacity');
  assert.ok(start >= 0, 'no ## Capacity section');
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** The first table after `### heading` inside `md`, as rows of cells (header first, rule dropped). */
function tableAfter(md: string, heading: string): string[][] {
  const start = md.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `no subsection ${heading}`);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return [rows[0], ...rows.slice(2)];
}

function phaseOf<K extends PhaseKind>(results: Results, targetId: string, kind: K): PhaseResultOf<K> {
  const phase = results.targets.find((t) => t.id === targetId)?.phases.find((p): p is PhaseResultOf<K> => p.kind === kind);
  assert.ok(phase, `${targetId} has no ${kind} phase in the fixture`);
  return phase;
}

test('the fixture is a capacity run: saturate, growth and mixed phases and a capacity section', () => {
  const results = load(CAPACITY);
  const kinds = new Set<string>(results.targets.flatMap((t) => t.phases.map((p) => p.kind)));
  for (const kind of ['saturate', 'growth', 'mixed', 'storage', 'compress']) assert.ok(kinds.has(kind), `fixture lacks ${kind}`);
  assert.equal((results.scenario.capacity as { rate: number }).rate, 10_000);
  assert.ok(hasCapacity(results));
  assert.equal(hasCapacity(load(SEED_MATRIX)), false);
});

test('headroom table and sentence: sustained, first failing and why, needed rate, headroom, runtime and machine', () => {
  const results = load(CAPACITY);
  const section = capacitySection(renderSummary(results));
  const rows = tableAfter(section, 'Headroom: maximum sustained ingest rate (saturate)');
  assert.deepEqual(rows[0], ['Target', 'Highest sustained', 'First failing', 'Why it failed', 'Needed', 'Headroom', 'Measured on']);
  const saturating = results.targets.filter((t) => t.phases.some((p) => p.kind === 'saturate'));
  assert.ok(saturating.length >= 2, 'the fixture should have at least two targets with a saturate phase');
  for (const target of saturating) {
    const d = phaseOf(results, target.id, 'saturate').details!;
    const row = rows.find((r) => r[0] === `\`${target.id}\` (${target.runtimeLabel})`);
    assert.ok(row, `no headroom row for ${target.id}`);
    assert.equal(row[1], `${Math.round(d.maxSustained as number).toLocaleString('en-US')} rows/s`);
    if (d.firstFailing !== null) {
      assert.equal(row[2], `${Math.round(d.firstFailing as number).toLocaleString('en-US')} rows/s`);
      assert.equal(row[3], d.firstFailureReason);
    }
    assert.equal(row[4], '10,000 rows/s');
    assert.match(row[5], /^\d+(\.\d)?x$/);
    // The machine caveat names the runtime, the cores and the memory of results.environment.
    assert.ok(row[6].startsWith(`${target.runtimeLabel} on ${results.environment.cores} cores`), row[6]);
    assert.ok(row[6].includes(formatBytes(results.environment.memoryBytes)), row[6]);
  }
  // The sentence a reviewer quotes.
  const native = phaseOf(results, 'postgres@native', 'saturate').details as { maxSustained: number; headroom: number };
  const expected = `10,000 rows/s needed, ${native.maxSustained.toLocaleString('en-US')} sustained: **${Number(native.headroom.toPrecision(2))}x headroom**`;
  assert.ok(section.includes(`- \`postgres@native\` (native): ${expected} — native on 2 cores`), `no headroom sentence "${expected}" in\n${section}`);
});

test("the seed's sustained-ingest verdicts sit beside the headroom with the same machine caveat", () => {
  const results = load(CAPACITY);
  const section = capacitySection(renderSummary(results));
  const rows = tableAfter(section, "The seed's sustained-ingest claims");
  assert.deepEqual(rows[0], ['Claim', 'Target', 'Measured', 'Interval', 'Threshold', 'Verdict', 'Why', 'Measured on']);
  const claim = rows.find((r) => r[0].startsWith('**handles-100k-inserts**'));
  assert.ok(claim, 'no row for handles-100k-inserts');
  assert.equal(claim[1], '`timescaledb@embedded`');
  // The interval with its kind in words (a saturate search gives a bracket, not a CI).
  assert.match(claim[3], /\((search bracket|exact|95% rerun interval|no interval)[^)]*\)$/);
  assert.equal(claim[4], '100,000 rows/s');
  assert.match(claim[5], /confirmed|refuted|inconclusive/);
  assert.match(claim[7], /^embedded \(WASM\) on 2 cores/);
  const measured = phaseOf(results, 'timescaledb@embedded', 'saturate').metrics.max_sustained_rows_per_s.value;
  assert.equal(claim[2], `${measured.toLocaleString('en-US')} rows/s`);
});

test('growth, queries-under-load and disk projection tables; missing figures are —', () => {
  const results = load(CAPACITY);
  const section = capacitySection(renderSummary(results));

  const growth = tableAfter(section, 'Ingest rate as the table grows (growth)');
  assert.deepEqual(growth[0], ['Target', 'Step', 'Table rows after', 'Rows/s', 'vs step 1', 'Batch p50', 'Batch p99']);
  const nativeSteps = phaseOf(results, 'postgres@native', 'growth').details!.steps.length;
  assert.equal(growth.filter((r) => r[0] === '`postgres@native` (native)').length, nativeSteps);
  assert.ok(growth.some((r) => r[0] === '`postgres@native` (native)' && r[1] === '1' && r[4] === '1x'));

  const queries = tableAfter(section, 'Queries under ingest load (mixed)');
  assert.deepEqual(queries[0], ['Target', 'Query', 'Runs', 'p50 under load', 'p99 under load', 'Idle p50', 'p50 load / idle']);
  const q = queries.find((r) => r[0] === '`postgres@native` (native)' && r[1] === '`ticks_7d_hourly`');
  assert.ok(q, 'no under-load row for ticks_7d_hourly on postgres@native');
  assert.match(q[3], / ms$/);
  assert.match(q[5], / ms$/);
  assert.match(q[6], /x$/);
  // A target whose mixed phase has no figures is listed, with a note and dashes.
  const withoutMixed = results.targets.filter((t) => !t.phases.some((p) => p.kind === 'mixed'));
  for (const t of withoutMixed) {
    const row = queries.find((r) => r[0] === `\`${t.id}\` (${t.runtimeLabel})`);
    assert.deepEqual(row?.slice(1), ['not run', '—', '—', '—', '—', '—']);
  }
  assert.match(section, /\| Target \| Ingest achieved \| Batch p99 under load \| Idle batch p99 \| Lag p99 under load \| Idle lag p99 \| Lag load \/ idle \|/);

  const disk = tableAfter(section, 'Disk projection (market_price_ticks)');
  assert.deepEqual(disk[0], ['Target', 'Raw B/row', 'Compressed B/row', 'Steady-state disk', 'Peak disk (day)', 'RAM for indexes being written (25% rule)', 'Model', 'Derivation']);
  const pg = disk.find((r) => r[0] === '`postgres@native` (native)');
  assert.equal(pg?.[2], '—', 'plain PostgreSQL has no compressed bytes per row');
  const tsdb = disk.find((r) => r[0] === '`timescaledb@embedded` (embedded (WASM))');
  assert.ok(tsdb && tsdb[2] !== '—', 'TimescaleDB has compressed bytes per row');
  // The model follows the engine's recorded traits: hypertable chunks vs one plain table.
  assert.match(tsdb[6], /^time-partitioned: chunks of 1 d compressed after 7 d, dropped after 90 d$/);
  assert.match(pg![6], /^one plain table/);
  // The table shows exactly what projectDisk computes from the measured inputs.
  const view = diskProjection(results)!;
  assert.deepEqual(view.input, { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1 });
  for (const input of view.inputs) {
    const row = disk.find((r) => r[0].startsWith(`\`${input.target}\``))!;
    const projection = projectDisk(input, view.input);
    assert.equal(row[3], formatBytes(projection.steadyStateBytes));
    // Every projected figure says how it was derived.
    assert.equal(row[7], projection.derivation.join('; '));
    assert.match(row[7], /^raw: [\d,]+ rows \([\d.]+ d x 864,000,000 rows\/d\) x [\d.]+ B\/row = [\d,]+ B/);
  }
  assert.ok(section.indexOf('Disk projection') > section.indexOf('Queries under ingest load'));
});

test('a saturate phase that recorded nothing useful shows — and the sentence says why', () => {
  const results = load(CAPACITY);
  const phase = phaseOf(results, 'postgres@native', 'saturate');
  // A partial record, as a results file cut short may hold: most step figures and the method are missing.
  const partial = {
    steps: [{ rate: 4000, p50Ms: 900, p99Ms: 2000, sustained: false, failure: 'batch latency p99 2000 ms > 1000 ms' }],
    maxSustained: null,
    firstFailing: 4000,
    firstFailureReason: 'batch latency p99 2000 ms > 1000 ms',
    neededRate: null,
    headroom: null,
  };
  phase.details = partial as unknown as typeof phase.details;
  phase.metrics = {};
  const rows = tableAfter(capacitySection(renderSummary(results)), 'Headroom: maximum sustained ingest rate (saturate)');
  const row = rows.find((r) => r[0] === '`postgres@native` (native)')!;
  assert.deepEqual(row.slice(1, 6), ['—', '4,000 rows/s', 'batch latency p99 2000 ms > 1000 ms', '—', '—']);

  const view = saturateView(phase)!;
  assert.equal(headroomSentence(view), 'no rate was sustained (4,000 rows/s failed: batch latency p99 2000 ms > 1000 ms)');
  assert.equal(
    headroomSentence({ ...view, maxSustained: 50_000, firstFailing: null, stoppedBy: 'maxRate 50000 sustained', neededRate: 10_000, headroom: 5 }),
    '10,000 rows/s needed, at least 50,000 sustained: **5x headroom**',
  );
  assert.match(headroomSentence({ ...view, maxSustained: 50_000, neededRate: null }), /no needed rate \(set `capacity.rate`/);
});

test('the section is absent without capacity phases or a capacity section, and so are its charts', () => {
  const results = load(SEED_MATRIX);
  const md = renderSummary(results);
  assert.equal(md.includes('## Capacity'), false);
  assert.equal(
    chartSpecs(results).some((s) => s.id.startsWith('capacity-')),
    false,
  );
});

test('a capacity section alone (no capacity phases) gives the disk projection from storage + compress figures', () => {
  const results = load(CAPACITY);
  const capacityKinds = ['saturate', 'growth', 'mixed'];
  results.scenario.phases = results.scenario.phases.filter((p) => !capacityKinds.includes(p.kind));
  for (const t of results.targets) t.phases = t.phases.filter((p) => !capacityKinds.includes(p.kind));
  // The chunk interval comes from what the engine recorded, not from the scenario's option...
  delete (results.scenario.engines.timescaledb as { options?: unknown }).options;
  assert.equal(diskProjection(results)!.input.chunkDays, 1);
  assert.deepEqual(diskProjection(results)!.assumed, []);
  // ...and without a recorded one the default is said.
  for (const t of results.targets) delete t.settings?.chunk_time_interval;
  const section = capacitySection(renderSummary(results));
  assert.equal(section.includes('### Headroom'), false);
  assert.equal(section.includes('### Queries under ingest load'), false);
  const disk = tableAfter(section, 'Disk projection (market_price_ticks)');
  const tsdb = disk.find((r) => r[0] === '`timescaledb@embedded` (embedded (WASM))');
  assert.ok(tsdb && tsdb[2] !== '—');
  assert.match(section, /Assumed: chunk interval 1 d \(no target recorded a chunk_time_interval\)/);
  assert.deepEqual(
    chartSpecs(results)
      .filter((s) => s.id.startsWith('capacity-'))
      .map((s) => s.id),
    ['capacity-disk-projection'],
  );
});

test('storage figures without a byte count are never projected (no NaN): the section says what is missing', () => {
  // The seed-matrix fixture predates byte counts in storage details (engine figures only).
  const results = load(SEED_MATRIX);
  results.scenario.capacity = { rate: 10_000, retentionMs: 90 * 86_400_000, compressAfterMs: 7 * 86_400_000, aggregateBucketsMs: [] };
  assert.equal(diskProjection(results), null);
  const section = capacitySection(renderSummary(results));
  assert.match(section, /No projection: it needs `capacity.rate` in the scenario and a storage phase with figures/);
  assert.doesNotMatch(section, /NaN/);
  assert.equal(
    chartSpecs(results).some((s) => s.id.startsWith('capacity-')),
    false,
  );
});

test('capacity charts render as non-blank 2x PNGs and name every target with its runtime label', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'report-capacity-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const results = load(CAPACITY);
  const specs = new Map(chartSpecs(results).map((s) => [s.id, s]));
  const ids = ['capacity-latency-saturate', 'capacity-growth-growth', 'capacity-disk-projection'];
  for (const id of ids) assert.ok(specs.has(id), `missing chart ${id}`);
  const files = (await renderCharts(results, dir, { svg: false })).filter((f) => ids.includes(f.id));
  assert.equal(files.length, ids.length);
  for (const f of files) {
    const { variance, width, nonWhite } = await pixelVariance(readFileSync(f.png));
    assert.equal(width, specs.get(f.id)!.width * 2, `${f.id} is not rendered at devicePixelRatio 2`);
    assert.ok(variance > 100, `${f.id} looks blank (variance ${variance})`);
    assert.ok(nonWhite > 5000, `${f.id} has only ${nonWhite} non-white pixels`);
  }
  for (const id of ids) {
    const json = JSON.stringify(specs.get(id)!.config.data);
    for (const target of results.targets.filter((x) => x.phases.some((p) => id.includes(p.kind) || id.endsWith('projection')))) {
      if (id.includes('latency') && !target.phases.some((p) => p.kind === 'saturate')) continue;
      assert.ok(json.includes(`${target.id} [${target.runtimeLabel}]`), `${id} does not name ${target.id} with its runtime label`);
    }
  }
  // Sustained and failed steps are marked differently on the hockey stick.
  const styles = new Set(
    (specs.get('capacity-latency-saturate')!.config.data.datasets as { pointStyle?: unknown }[]).flatMap((d) => (Array.isArray(d.pointStyle) ? d.pointStyle : [])),
  );
  assert.ok(styles.has('circle') && styles.has('crossRot'), `point styles ${[...styles].join(', ')}`);
  // The hockey stick's text is really drawn.
  const svg = renderChartSvg(specs.get('capacity-latency-saturate')!);
  assert.ok(svg.includes('Batch latency vs ingest rate (saturate)'));
});

test('the plan command and the report draw the projection with the same spec function, in decimal units', () => {
  const results = load(CAPACITY);
  const view = diskProjection(results)!;
  const spec = planProjectionChartSpec(view.projections, view.input);
  const unit = projectionChartUnit(view.projections);
  assert.equal(JSON.stringify(spec), JSON.stringify(projectionChartSpec(view.projections, view.input, { unit })));
  assert.equal(spec.id, 'disk-projection');
  assert.match(JSON.stringify(spec.config.options), new RegExp(`"text":"${unit}"`));
  assert.doesNotMatch(JSON.stringify(spec.config.options), /GiB/);
  assert.equal((spec.config.data.datasets as unknown[]).length, view.projections.length);
});

test('report.html places the capacity charts in the Capacity section, before the phases', () => {
  const results = load(CAPACITY);
  const png = join(tmpdir(), `capacity-${process.pid}.png`);
  try {
    // A minimal PNG signature is enough: placement is what is checked here.
    writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    const html = renderHtml(results, [
      { id: 'capacity-latency-saturate', title: 'Hockey stick', png },
      { id: 'capacity-disk-projection', title: 'Projection', png },
    ]);
    const capacity = html.indexOf('<h2>Capacity</h2>');
    const phases = html.indexOf('<h2>Phases</h2>');
    assert.ok(capacity > 0 && phases > capacity);
    for (const id of ['capacity-latency-saturate', 'capacity-disk-projection']) {
      const at = html.indexOf(`id="chart-${id}"`);
      assert.ok(at > capacity && at < phases, `${id} is not inside the Capacity section`);
    }
    assert.equal(html.includes('More charts'), false);
  } finally {
    rmSync(png, { force: true });
  }
});
