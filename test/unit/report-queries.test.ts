import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Metric, Results } from '../../bench/core/results.js';
import { renderSummary } from '../../bench/report/markdown.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
const load = (): Results => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;

const ms = (value: number): Metric => ({ label: 'x', unit: 'ms', better: 'lower', statistic: 'p50', sampleKind: 'iteration', samples: [value, value], value, ci95: null });
const exact = (value: number, unit: Metric['unit']): Metric => ({
  label: 'x',
  unit,
  better: 'lower',
  statistic: 'value',
  sampleKind: 'exact',
  samples: [value],
  value,
  ci95: null,
});

/** The lines of the `### <phase> (<kind>)` section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`### ${title}`);
  assert.ok(start >= 0, `no section ${title}`);
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

test('query results: portable and idiomatic queries in separate, labelled tables', () => {
  const r = load();
  const ts = r.targets.find((t) => t.id === 'timescaledb@embedded')!;
  const q = ts.phases.find((p) => p.kind === 'query')!;
  q.metrics['ticks_last_price_idiomatic.p50_ms'] = ms(100);
  q.metrics['ticks_last_price_idiomatic.p99_ms'] = ms(120);
  q.metrics['ticks_last_price.p50_ms'] = ms(800);
  const md = section(renderSummary(r), 'query (query)');
  const portableAt = md.indexOf('**Portable queries**');
  const idiomaticAt = md.indexOf('**Idiomatic queries**');
  assert.ok(portableAt >= 0 && idiomaticAt > portableAt, 'portable table first, idiomatic after');
  const portablePart = md.slice(portableAt, idiomaticAt);
  const idiomaticPart = md.slice(idiomaticAt);
  assert.doesNotMatch(portablePart, /_idiomatic/);
  // only the target that has an own form is listed, beside the portable query it answers
  const rows = idiomaticPart.split('\n').filter((l) => l.startsWith('| `ticks_last_price_idiomatic`'));
  assert.equal(rows.length, 1);
  assert.match(rows[0], /\| `ticks_last_price` \| `timescaledb@embedded`/);
  assert.match(rows[0], /\| 8(\.0+)?x \|$/, 'portable p50 / idiomatic p50 on the same target');
});

test('downsample results: one row per aggregate and target, the same aggregates side by side', () => {
  const r = load();
  for (const t of r.targets) {
    const d = t.phases.find((p) => p.kind === 'downsample')!;
    if (t.engine === 'influxdb' || d.status !== 'ok') continue;
    d.metrics = {
      refresh_ms: exact(30, 'ms'),
      aggregate_bytes: exact(3000, 'bytes'),
      'ticks_hourly.refresh_ms': exact(10, 'ms'),
      'ticks_hourly.bytes': exact(1000, 'bytes'),
      'ticks_hourly.raw_p50_ms': ms(50),
      'ticks_hourly.aggregate_p50_ms': ms(5),
      'ticks_ohlcv_1m.refresh_ms': exact(20, 'ms'),
      'ticks_ohlcv_1m.bytes': exact(2000, 'bytes'),
      'ticks_ohlcv_1m.raw_p50_ms': ms(40),
      'ticks_ohlcv_1m.aggregate_p50_ms': ms(4),
    };
    // Only what the section reads of each aggregate record.
    d.details = { method: 'm', aggregates: [{ name: 'ticks_hourly', object: `obj_${t.engine}` }] } as unknown as typeof d.details;
  }
  const md = section(renderSummary(r), 'downsample (downsample)');
  const hourly = md.split('\n').filter((l) => l.startsWith('| `ticks_hourly`'));
  const candles = md.split('\n').filter((l) => l.startsWith('| `ticks_ohlcv_1m`'));
  assert.equal(hourly.length, r.targets.length, 'every target has a row for each aggregate');
  assert.equal(candles.length, r.targets.length);
  const pgRow = hourly.find((l) => l.includes('`postgres@native`'))!;
  assert.match(pgRow, /obj_postgres/);
  assert.match(pgRow, /`ticks_7d_hourly`/);
  assert.match(pgRow, /\| 10(\.0+)?x \|$/);
  assert.ok(md.indexOf('| `ticks_hourly`') < md.indexOf('| `ticks_ohlcv_1m`'), 'grouped by aggregate');
});
