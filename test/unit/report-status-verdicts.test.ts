import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ClaimVerdict, Results } from '../../bench/core/results.js';
import { renderHtml } from '../../bench/report/html.js';
import { renderSummary } from '../../bench/report/markdown.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;

/** The first table after `marker` (a heading or any line), header first, rule dropped. */
function tableAfter(md: string, marker: string): string[][] {
  const start = md.indexOf(marker);
  assert.ok(start >= 0, `no ${marker}`);
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

/** A run where InfluxDB was skipped (no influxd) and postgres@native failed mid-run. */
function partialRun(): Results {
  const r = load();
  r.status = 'failed';
  r.statusReason = 'postgres@native failed while running';
  const influx = r.targets.find((t) => t.id === 'influxdb@native')!;
  Object.assign(influx, { status: 'skipped', error: 'influxd not found on PATH', hint: 'apt-get install influxdb, or --url influxdb=http://127.0.0.1:8086', phases: [] });
  const pg = r.targets.find((t) => t.id === 'postgres@native')!;
  Object.assign(pg, { status: 'failed', failedPhase: 'query', error: 'postgres server process exited (signal 9)\n    at Socket.<anonymous> (pg-wire.ts:88)' });
  return r;
}

function verdict(over: Partial<ClaimVerdict> & { id: string }): ClaimVerdict {
  return {
    text: `claim ${over.id}`,
    verdict: 'inconclusive',
    reason: 'because',
    metric: 'query.q.p50_ms',
    measured: 2,
    ci95: null,
    gate: false,
    kind: 'ratio',
    unit: 'x',
    factor: 10,
    targetId: 'timescaledb@embedded',
    baselineId: 'postgres@embedded',
    runtime: 'embedded',
    runtimeLabel: 'embedded (WASM)',
    ...over,
  };
}

test('status table at the top: run status line, then ok / skipped with its hint / failed with phase and first error line', () => {
  const md = renderSummary(partialRun());
  const banner = md.split('\n').find((l) => l.startsWith('> '))!;
  assert.match(banner, /Run status: FAILED — postgres@native failed while running/);
  const rows = tableAfter(md, banner);
  assert.deepEqual(rows[0], ['Target', 'Runtime', 'Status', 'Reason']);
  const byTarget = new Map(rows.slice(1).map((r) => [r[0], r]));
  assert.deepEqual(byTarget.get('`postgres@embedded`')!.slice(2), ['ok', '—']);
  assert.deepEqual(byTarget.get('`influxdb@native`')!.slice(2), [
    'skipped',
    'influxd not found on PATH; to get it: apt-get install influxdb, or --url influxdb=http://127.0.0.1:8086',
  ]);
  // Failed: the phase and only the first line of the error (no stack).
  assert.deepEqual(byTarget.get('`postgres@native`')!.slice(2), ['failed', 'in phase `query`: postgres server process exited (signal 9)']);
  assert.doesNotMatch(md.slice(0, md.indexOf('## Verdicts')), /pg-wire\.ts/);
  // Status comes before the verdicts.
  assert.ok(md.indexOf('Run status') < md.indexOf('## Verdicts'));
});

test('a partial run (targets skipped at planning) is a warning line, not an error', () => {
  const r = partialRun();
  r.status = 'partial';
  delete r.statusReason;
  r.targets.find((t) => t.id === 'postgres@native')!.status = 'ok';
  const md = renderSummary(r);
  assert.match(md, /> ⚠ \*\*Run status: PARTIAL — some targets were skipped \(unavailable at planning time\); the others ran\.\*\*/);
  const html = renderHtml(r, []);
  assert.match(html, /<div class="banner warning" role="status">⚠ <strong>Run status: PARTIAL/);
  assert.match(html, /<td>skipped<\/td><td>influxd not found on PATH; to get it: apt-get install influxdb/);
});

test('verdict table: n beside every interval, the interval kind in words, embedded and caveat notes', () => {
  const r = load();
  r.claims = [
    verdict({ id: 'paired', verdict: 'refuted', measured: 1.2, ci95: [0.9, 1.6], n: 10, intervalKind: 'rerun', embedded: true }),
    verdict({
      id: 'exact-one',
      verdict: 'refuted',
      measured: 8.6,
      ci95: [8.6, 8.6],
      n: null,
      intervalKind: 'exact',
      embedded: false,
      runtime: 'native',
      targetId: 'postgres@native',
      baselineId: 'postgres@native',
    }),
    verdict({ id: 'too-few', measured: 1.1, ci95: null, n: 2, intervalKind: null, embedded: true }),
    verdict({
      id: 'threshold-embedded',
      kind: 'threshold',
      unit: 'rows/s',
      factor: null,
      threshold: 100_000,
      measured: 94_801,
      ci95: [90_000, 99_000],
      n: 5,
      intervalKind: 'rerun',
      embedded: true,
      verdict: 'confirmed',
      caveat: 'absolute figure from embedded (WASM): not representative of a native server',
    }),
    verdict({
      id: 'bracket',
      kind: 'threshold',
      unit: 'rows/s',
      factor: null,
      threshold: 10_000,
      measured: 40_000,
      ci95: [40_000, 45_000],
      n: null,
      intervalKind: 'bracket',
      embedded: false,
      runtime: 'native',
      verdict: 'confirmed',
    }),
  ];
  const md = renderSummary(r);
  const rows = tableAfter(md, '## Verdicts');
  const row = (id: string) => rows.find((x) => x[0].startsWith(`**${id}**`))!;
  assert.deepEqual(row('paired').slice(2, 7), ['1.2x', '0.9x – 1.6x', '10', '95% rerun interval from 10 paired trials', '✗ **refuted**']);
  assert.equal(row('paired')[9], 'decided on embedded (WASM) figures');
  assert.deepEqual(row('exact-one').slice(3, 6), ['8.6x (exact)', 'exact', 'exact']);
  assert.equal(row('exact-one')[9], '—');
  assert.deepEqual(row('too-few').slice(3, 7), ['—', '2', 'no interval: n too small (n=2)', '? **inconclusive**']);
  assert.deepEqual(row('threshold-embedded').slice(4, 7), ['5', '95% rerun interval from 5 trials', '✓ **confirmed**']);
  assert.match(row('threshold-embedded')[9], /^decided on embedded \(WASM\) figures; absolute figure from embedded \(WASM\): not representative of a native server$/);
  assert.equal(row('bracket')[5], 'search bracket');
  // Threshold claims are listed apart from the forest plot, with their threshold and n.
  assert.match(
    md,
    /- \*\*threshold-embedded\*\*: measured 94,801 rows\/s, interval 90,000 rows\/s – 99,000 rows\/s \(n=5\) vs threshold 100,000 rows\/s — ✓ \*\*confirmed\*\* \(decided on embedded/,
  );
  // The forest plot is referenced from the Markdown (the ratio claims have measured values).
  assert.match(md, /!\[Claims: measured ratio with its interval vs the claimed factor\]\(charts\/claims-forest\.png\)/);
});

test('an older results file (no n, no interval kind, no caveat) still gets kinds and notes derived', () => {
  const r = load();
  r.claims = [
    { id: 'old-ci', text: 'old', verdict: 'confirmed', reason: 'r', metric: 'm', measured: 12, ci95: [11, 13], gate: true, kind: 'ratio', unit: 'x', runtime: 'native' },
    {
      id: 'old-threshold',
      text: 'old',
      verdict: 'refuted',
      reason: 'r',
      metric: 'm',
      measured: 5,
      ci95: [5, 5],
      gate: false,
      kind: 'threshold',
      unit: 'rows/s',
      threshold: 10,
      targetId: 'postgres@embedded',
    },
  ];
  const rows = tableAfter(renderSummary(r), '## Verdicts');
  assert.deepEqual(rows[1].slice(4, 8), ['—', '95% bootstrap CI (results file without trial pairs)', '✓ **confirmed**', 'gate']);
  assert.equal(rows[2][5], 'exact');
  // Its target is embedded: derived from the target, with the standard caveat.
  assert.match(rows[2][9], /decided on embedded \(WASM\) figures; absolute figure on an embedded \(WASM\) target: not representative of a native server/);
});

test('HTML colours verdict cells: confirmed green, refuted red, inconclusive grey', () => {
  const r = load();
  r.claims = [
    verdict({ id: 'c', verdict: 'confirmed', measured: 12, ci95: [11, 13], n: 10, intervalKind: 'rerun' }),
    verdict({ id: 'r', verdict: 'refuted', measured: 1, ci95: [0.9, 1.1], n: 10, intervalKind: 'rerun' }),
    verdict({ id: 'i', verdict: 'inconclusive', measured: 9, ci95: [5, 15], n: 10, intervalKind: 'rerun' }),
  ];
  const html = renderHtml(r, []);
  assert.match(html, /<td class="tone-good">✓ <strong>confirmed<\/strong><\/td>/);
  assert.match(html, /<td class="tone-bad">✗ <strong>refuted<\/strong><\/td>/);
  assert.match(html, /<td class="tone-neutral">\? <strong>inconclusive<\/strong><\/td>/);
  assert.match(html, /tr td\.tone-good \{ background: #d4edda/);
  // Only the verdict column is coloured.
  assert.equal([...html.matchAll(/class="tone-/g)].length, 3);
});

test('a run recorded as complete while a target stopped early says so, as a warning', () => {
  const r = load();
  r.status = 'complete';
  r.targets.find((t) => t.id === 'influxdb@native')!.status = 'incomplete';
  const md = renderSummary(r);
  assert.match(md, /> ⚠ \*\*Run status: complete\*\* — but influxdb@native is incomplete\./);
  r.targets.find((t) => t.id === 'influxdb@native')!.status = 'ok';
  assert.match(renderSummary(r), /> ✓ \*\*Run status: complete\*\* — every target ran every phase\./);
});
