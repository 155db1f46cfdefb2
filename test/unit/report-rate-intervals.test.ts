import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Results } from '../../bench/core/results.js';
import { IntervalCounter } from '../../bench/phases/write/intervals.js';
import { chartSpecs } from '../../bench/report/charts.js';
import { classifyIntervals, rateChartPoints } from '../../bench/report/rate-intervals.js';

const FIXTURE = new URL('../../fixtures/results-seed-matrix.json', import.meta.url);

test('the last partial interval (a 9 ms tail read as 115k rows/s) is left out of rate charts', () => {
  const points = [
    { t: 1, rowsPerSec: 10_000 },
    { t: 2, rowsPerSec: 9_900 },
    { t: 3, rowsPerSec: 10_100 },
    { t: 3.009, rowsPerSec: 115_000 },
  ];
  const classified = classifyIntervals(points, 1000);
  assert.deepEqual(
    classified.map((p) => p.partial),
    [false, false, false, true],
  );
  assert.ok(Math.abs(classified[3].seconds - 0.009) < 1e-9);
  assert.deepEqual(rateChartPoints(points, 1000), [
    { x: 1, y: 10_000 },
    { x: 2, y: 9_900 },
    { x: 3, y: 10_100 },
  ]);
  // Without a stated width the median gap (1 s) is the nominal one.
  assert.equal(rateChartPoints(points, null).length, 3);
});

test('intervals from the write loops: whole ones plotted, the scaled tail not', () => {
  const counter = new IntervalCounter(0, 1000);
  for (let ms = 0; ms < 3000; ms += 100) counter.add(ms, 1000); // 10 batches of 1000 per second
  counter.add(3004, 1000); // one batch in a 9 ms tail
  const points = counter.points(3009);
  assert.equal(points.length, 4);
  assert.ok(points[3].rowsPerSec > 100_000, 'the tail reads as a huge rate');
  assert.deepEqual(
    rateChartPoints(points, 1000).map((p) => p.y),
    [10_000, 10_000, 10_000],
  );
});

test('the ingest-rate chart spec plots no partial interval', () => {
  const r = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Results;
  const phase = r.targets[0].phases.find((p) => p.kind === 'ingest')!;
  // Only what the chart reads of a trial record.
  phase.trials = [
    {
      trial: 1,
      intervalMs: 1000,
      intervals: [
        { t: 1, rowsPerSec: 10_000 },
        { t: 2, rowsPerSec: 10_000 },
        { t: 2.009, rowsPerSec: 115_000 },
      ],
    },
  ] as unknown as typeof phase.trials;
  const spec = chartSpecs(r).find((s) => s.id === `ingest-rate-${phase.id}`)!;
  const data = (spec.config.data.datasets as { label?: string; data: { x: number; y: number }[] }[]).filter((d) => d.label !== 'target rate');
  const ys = data.flatMap((d) => d.data.map((p) => p.y));
  assert.ok(ys.length > 0);
  assert.ok(!ys.includes(115_000), 'the partial tail is plotted');
  assert.ok(Math.max(...ys) < 115_000);
});
