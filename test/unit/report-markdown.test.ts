import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { PhaseResult, Results } from '../../bench/core/results.js';
import { readResults } from '../../bench/run/results-file.js';
import { renderSummary } from '../../bench/report/markdown.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);
// Read as `report` reads a file: the fixture stores no verdicts, so they are evaluated when it is loaded.
const load = (): Results => readResults(fileURLToPath(FIXTURE));

/** The table that follows `## heading`, as rows of cells. */
function tableAfter(md: string, heading: string): string[][] {
  const start = md.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `no section ${heading}`);
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
  return rows;
}

test('the verdict table comes first and carries measured value, CI, verdict and gate per claim', () => {
  const md = renderSummary(load());
  const verdictAt = md.indexOf('## Verdicts');
  assert.ok(verdictAt > 0 && verdictAt < md.indexOf('## Plan') && verdictAt < md.indexOf('## Phases'));
  const rows = tableAfter(md, 'Verdicts');
  assert.deepEqual(rows[0], ['Claim', 'Compared', 'Measured', 'Interval', 'n', 'Interval kind', 'Verdict', 'Gate', 'Why', 'Note']);
  const body = rows.slice(2);
  const row = (id: string) => body.find((r) => r[0].startsWith(`**${id}**`));
  // Verdicts are evaluated from the fixture's metrics; whatever they are, every row has its
  // measured value, an interval kind in words beside n, and a verdict as symbol + bold word.
  for (const r of body) {
    assert.match(r[6], /^(✓ \*\*confirmed\*\*|✗ \*\*refuted\*\*|\? \*\*inconclusive\*\*)$/);
    assert.match(r[5], /^(95% rerun interval|exact$|search bracket$|no interval: )/);
    assert.notEqual(r[4], '');
  }
  assert.match(row('range-query-7d')![2], /^1\.\d+x$/);
  assert.match(row('storage-1m-ratio')![2], /^8\.6x$/);
  assert.equal(row('storage-1m-ratio')![5], 'exact');
  // The threshold claim on PostgreSQL has two targets (embedded, native): one verdict each.
  assert.ok(row('storage-1m-postgres-size@embedded') && row('storage-1m-postgres-size@native'));
  assert.ok(body.every((r) => r[7] === 'no'));
  // Embedded figures say so in their own row; an absolute figure on an embedded target is not representative.
  assert.match(row('storage-1m-postgres-size@embedded')![9], /decided on embedded \(WASM\) figures; .*not representative of a native server/);
  assert.doesNotMatch(row('storage-1m-postgres-size@native')![9], /embedded/);
});

test("the seed's expected-benchmarks table is reproduced with measured values per target", () => {
  const md = renderSummary(load());
  const rows = tableAfter(md, 'The seed\'s "Performance Benchmarks (Expected)" table, measured');
  assert.deepEqual(rows[0].slice(0, 4), ['Metric', 'Expected PostgreSQL', 'Expected TimescaleDB', 'Expected improvement']);
  assert.ok(rows[0].includes('timescaledb@embedded (embedded (WASM))'));
  assert.equal(rows[0].at(-1), 'Verdict');
  const byMetric = new Map(rows.slice(2).map((r) => [r[0], r]));
  assert.deepEqual([...byMetric.keys()], ['Insert 10k points/sec', 'Range query (7 days)', 'Storage (1M points)', 'Downsampling query']);
  assert.deepEqual(byMetric.get('Insert 10k points/sec')!.slice(1, 4), ['~500 ms', '~50 ms', '10x']);
  assert.deepEqual(byMetric.get('Storage (1M points)')!.slice(1, 4), ['~500 MB', '~50 MB', '10x']);
  assert.deepEqual(byMetric.get('Downsampling query')!.slice(1, 4), ['Manual', 'Built-in', 'N/A']);
  const tsdbColumn = rows[0].indexOf('timescaledb@embedded (embedded (WASM))');
  assert.equal(byMetric.get('Storage (1M points)')![tsdbColumn], '12.8 MB');
  const pgColumn = rows[0].indexOf('postgres@native (native)');
  assert.equal(byMetric.get('Storage (1M points)')![pgColumn], '110 MB');
});

test('a missing figure is shown as — (failed InfluxDB downsample), never dropped', () => {
  const md = renderSummary(load());
  const rows = tableAfter(md, 'The seed\'s "Performance Benchmarks (Expected)" table, measured');
  const influx = rows[0].indexOf('influxdb@native (native)');
  const downsampling = rows.find((r) => r[0] === 'Downsampling query')!;
  assert.equal(downsampling[influx], '— vs —');
  assert.match(md, /influxdb@native.*failed: SELECT \.\.\. INTO backfill/);
  // Decision matrix: no capacity phase yet, so the max sustained rate is a dash, with why.
  const matrix = tableAfter(md, 'Decision matrix: seed scores beside measured evidence');
  const maxRow = matrix.find((r) => r[4] === 'Max sustained ingest rate')!;
  assert.equal(maxRow[5], '—');
  assert.match(maxRow.at(-1)!, /not measured/);
});

test('an incomplete run is flagged at the top with its reason', () => {
  const r = load();
  r.status = 'incomplete';
  r.statusReason = 'interrupted by SIGINT';
  const md = renderSummary(r);
  const banner = md.split('\n').find((l) => l.startsWith('> '));
  assert.ok(banner, 'no banner');
  assert.match(banner!, /INCOMPLETE — interrupted by SIGINT/);
  assert.ok(md.indexOf(banner!) < md.indexOf('## Verdicts'));
  const complete = renderSummary(load());
  assert.doesNotMatch(complete, /INCOMPLETE/);
});

test('unknown phase kinds and metrics render generically with value, CI, unit and samples', () => {
  const r = load();
  const t = r.targets[0];
  // A kind this version does not know (a newer file): only the common fields are read.
  t.phases.push({
    id: 'capacity',
    kind: 'capacity',
    status: 'ok',
    startedAt: r.startedAt,
    durationMs: 1,
    trials: [],
    metrics: {
      max_sustained_rows_per_s: {
        label: 'Max sustained rate',
        unit: 'rows/s',
        better: 'higher',
        statistic: 'median',
        sampleKind: 'trial',
        samples: [41000, 42000, 43000],
        value: 42000,
        ci95: [41000, 43000],
      },
    },
    details: { method: 'step search' },
    warnings: [],
  } as unknown as PhaseResult);
  const md = renderSummary(r);
  assert.match(md, /### capacity \(capacity\)/);
  assert.match(
    md,
    /\| `postgres@embedded` \(embedded \(WASM\)\) \| `max_sustained_rows_per_s` \| Max sustained rate \| 42,000 rows\/s \| 41,000 rows\/s – 43,000 rows\/s \(n=3\) \| rows\/s \|/,
  );
  assert.match(md, /3 trials: 41,000, 42,000, 43,000/);
  // ...and it becomes Scalability evidence in the decision matrix.
  assert.match(md, /Max sustained ingest rate/);
});

test('warnings: mixed runtimes, embedded figures, trial variation, failed phases', () => {
  const md = renderSummary(load());
  const warnings = md.slice(md.indexOf('## Warnings'));
  assert.match(warnings, /Mixed runtimes \(embedded \(WASM\), native\)/);
  assert.match(warnings, /Embedded \(WASM\) figures/);
  assert.match(warnings, /coefficient of variation > 10%/);
  assert.match(warnings, /influxdb@native phase downsample failed/);
  assert.match(md, /## How each number was obtained/);
  assert.match(md, /coordinated-omission corrected/);
});

test('answer mismatches are shown with their differing rows', () => {
  const r = load();
  r.answers[0] = { ...r.answers[0], status: 'mismatch', differences: ['hour=2025-11-18T21:00Z symbol=BTC: avg_price 41000.1 vs 41000.3'] };
  const md = renderSummary(r);
  assert.match(md, /✗ MISMATCH/);
  assert.match(md, /avg_price 41000\.1 vs 41000\.3/);
});
