import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { compareResults, renderCompareMarkdown, toBencherMetricFormat, toGithubActionBenchmark } from '../../bench/compare/index.js';
import { typicalRun, run, target, phase, exact } from '../../fixtures/compare/build.js';

// The BMF JSON Schema published at https://bencher.dev/bmf.json (draft-07).
const BMF_SCHEMA = {
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
        },
      },
    },
  },
};

// github-action-benchmark "custom" tools: an array of { name, unit, value, range?, extra? }.
const GAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'unit', 'value'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, unit: { type: 'string' }, value: { type: 'number' }, range: { type: 'string' }, extra: { type: 'string' } },
  },
};

const ajv = new Ajv({ strict: false });

describe('compare outputs', () => {
  test('Bencher Metric Format: one benchmark per metric, one measure per unit, CI as lower/upper', () => {
    const bmf = toBencherMetricFormat(typicalRun({ seed: 1 }));
    assert.ok(ajv.validate(BMF_SCHEMA, bmf), ajv.errorsText());
    const names = Object.keys(bmf);
    assert.ok(names.includes('postgres@native preload.rows_per_sec'));
    assert.equal(names.length, 6);
    const tp = bmf['postgres@native preload.rows_per_sec']['throughput-rows-per-s'];
    assert.ok(tp.lower_value! <= tp.value && tp.value <= tp.upper_value!);
    assert.deepEqual(bmf['postgres@native storage.bytes_per_row'], { 'bytes-per-row': { value: 110 } });
    assert.ok('latency-ms' in bmf['postgres@native query.ticks_7d_hourly_ms']);
    for (const measures of Object.values(bmf)) for (const slug of Object.keys(measures)) assert.match(slug, /^[a-z0-9-]{1,64}$/);
  });

  test('several scenarios: benchmark names are prefixed by the scenario', () => {
    const other = run({ scenario: 'smoke', targets: [target('postgres@native', [phase('storage', 'storage', { b: exact('bytes', 'lower', 5) })])] });
    const bmf = toBencherMetricFormat([typicalRun({ seed: 1 }), other]);
    assert.ok('smoke/postgres@native storage.b' in bmf);
    assert.ok('nightly/postgres@native storage.bytes_per_row' in bmf);
  });

  test('github-action-benchmark: smaller- and bigger-is-better arrays from results', () => {
    const gab = toGithubActionBenchmark(typicalRun({ seed: 1 }));
    assert.ok(ajv.validate(GAB_SCHEMA, gab.customSmallerIsBetter), ajv.errorsText());
    assert.ok(ajv.validate(GAB_SCHEMA, gab.customBiggerIsBetter), ajv.errorsText());
    assert.deepEqual(gab.customBiggerIsBetter.map((e) => e.name).sort(), ['postgres@native preload.rows_per_sec', 'postgres@native storage.rows']);
    assert.deepEqual(gab.customSmallerIsBetter.map((e) => e.name).sort(), [
      'postgres@native ingest.latency_p99_ms',
      'postgres@native query.ticks_7d_hourly_ms',
      'postgres@native storage.bytes_per_row',
      'postgres@native storage.total_bytes',
    ]);
    const tp = gab.customBiggerIsBetter.find((e) => e.name.endsWith('rows_per_sec'))!;
    assert.equal(tp.unit, 'rows/s');
    assert.match(tp.range!, /^± \d+(\.\d+)?$/);
    assert.equal(gab.customSmallerIsBetter.find((e) => e.name.endsWith('bytes_per_row'))!.range, undefined, 'no range for exact figures');
  });

  test('github-action-benchmark from a comparison carries baseline and verdict in extra', () => {
    const c = compareResults([typicalRun({ seed: 1 }), typicalRun({ seed: 2 })], [typicalRun({ seed: 3, throughputFactor: 0.8 })]);
    const gab = toGithubActionBenchmark(c);
    assert.ok(ajv.validate(GAB_SCHEMA, gab.customBiggerIsBetter), ajv.errorsText());
    const tp = gab.customBiggerIsBetter.find((e) => e.name === 'postgres@native preload.rows_per_sec')!;
    assert.match(tp.extra!, /verdict: regression/);
    assert.match(tp.extra!, /baseline \d+/);
    assert.ok(tp.value < 260_000 && tp.value > 220_000);
  });
});

describe('compare markdown', () => {
  test('header with counts, a table row per changed metric, unchanged folded, reasons listed', () => {
    const c = compareResults([typicalRun({ seed: 1 }), typicalRun({ seed: 2 })], [typicalRun({ seed: 3, throughputFactor: 0.8, extraBytesPerRow: 1 })]);
    const md = renderCompareMarkdown(c);
    const lines = md.split('\n');
    assert.match(lines[0], /^### tsdb-bench compare: ❌ regression$/);
    assert.match(md, /\*\*3\*\* regression\(s\), \*\*0\*\* improvement\(s\), 3 unchanged, 0 not comparable, 0 refused — 2 baseline run\(s\) vs 1 current run\(s\)\./);
    assert.ok(md.includes('| Target | Metric | Baseline | Current | Change [95% CI] | p | Verdict |'));
    const row = lines.find((l) => l.includes('preload.rows_per_sec'))!;
    const cells = row.split(' | ');
    assert.equal(cells.length, 7);
    assert.match(
      row,
      /\| postgres@native \| preload\.rows_per_sec \(median\) \| [\d,]+ rows\/s \(n=10\) \| [\d,]+ rows\/s \(n=5\) \| -\d+\.\d% \[-\d+\.\d%, -\d+\.\d%\] \| 0\.00\d+ \| 🔴 regression \|/,
    );
    const bpr = lines.find((l) => l.includes('storage.bytes_per_row'))!;
    assert.match(bpr, /110\.000 B\/row \| 111\.000 B\/row \| \+0\.91% \| exact \| 🔴 regression/);
    assert.match(md, /<details><summary>3 unchanged metric\(s\)<\/summary>/);
    assert.match(md, /- `postgres@native preload\.rows_per_sec`: p=0\.00\d+ < 0\.01 and -\d+\.\d% vs min effect 10%/);
    // Every table row has the same number of cells as the header.
    for (const l of lines.filter((x) => x.startsWith('| postgres'))) assert.equal(l.split(' | ').length, 7, l);
  });

  test('refused targets are listed with the reason; mismatched lines are marked; pipes escaped', () => {
    const base = typicalRun({ seed: 1, fingerprint: 'a'.repeat(64) });
    const cur = typicalRun({ seed: 2, fingerprint: 'b'.repeat(64) });
    const refused = renderCompareMarkdown(compareResults([base], [cur]));
    assert.match(refused, /^### tsdb-bench compare: ⛔ refused/);
    assert.match(refused, /- ⛔ \*\*refused\*\* `postgres@native`: dataset fingerprint aaaaaaaaaaaa -> bbbbbbbbbbbb/);
    const allowed = renderCompareMarkdown(compareResults([base], [cur], { allowMismatch: true }));
    assert.match(allowed, /\(mismatch: dataset fingerprint aaaaaaaaaaaa -> bbbbbbbbbbbb\)/);

    const piped = run({ targets: [target('postgres@native', [phase('storage', 'storage', { 'a|b': exact('bytes', 'lower', 1) })])] });
    const md = renderCompareMarkdown(compareResults([piped], [piped]));
    assert.ok(md.includes('storage.a\\|b'));
  });
});
