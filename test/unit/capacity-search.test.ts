import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeStep, searchMaxRate } from '../../bench/phases/saturate/run.js';
import { takeRows } from '../../bench/phases/growth/run.js';
import { IntervalCounter } from '../../bench/phases/write/intervals.js';

const slo = { minAchievedRatio: 0.95, maxP99Ms: 1000, maxLagGrowthMs: 250 };

test('judgeStep names every SLO breach', () => {
  assert.equal(judgeStep({ achievedRate: 9_900, lagGrowthMs: 3, droppedBatches: 0, p99: 12 }, 10_000, slo), '');
  const why = judgeStep({ achievedRate: 8_000, lagGrowthMs: 900, droppedBatches: 2, p99: 1500 }, 10_000, slo);
  assert.match(why, /achieved 8000 rows\/s < 95% of 10000/);
  assert.match(why, /lag grew by 900 ms/);
  assert.match(why, /p99 1500 ms/);
  assert.match(why, /2 batches dropped/);
});

test('searchMaxRate brackets a limit within the tolerance, with geometric steps then bisection', async () => {
  for (const limit of [3_300, 12_345, 47_000]) {
    const tried: number[] = [];
    const r = await searchMaxRate({
      startRate: 1_000,
      maxRate: 1_000_000,
      stepFactor: 1.5,
      tolerance: 0.1,
      runStep: async (rate) => {
        tried.push(rate);
        return { sustained: rate <= limit };
      },
      budgetLeft: () => true,
    });
    assert.ok(r.lastGood !== null && r.firstBad !== null);
    assert.ok(r.lastGood <= limit && r.firstBad > limit, `limit ${limit}: bracket [${r.lastGood}, ${r.firstBad}]`);
    assert.ok(r.firstBad / r.lastGood <= 1.1 + 1e-9, `bracket ${r.lastGood}..${r.firstBad} too wide`);
    assert.deepEqual(tried.slice(0, 3), [1000, 1500, 2250]);
  }
});

test('searchMaxRate stops on the budget and reports it', async () => {
  let calls = 0;
  const r = await searchMaxRate({
    startRate: 1000,
    maxRate: 1e6,
    stepFactor: 2,
    tolerance: 0.1,
    runStep: async () => ({ sustained: true }),
    budgetLeft: () => ++calls <= 3,
  });
  assert.equal(r.stoppedBy, 'time budget');
  assert.equal(r.lastGood, 4000);
  assert.equal(r.firstBad, null);
});

test('takeRows hands out exactly the requested rows', () => {
  let batches = 0;
  const source = { next: () => (batches++ < 10 ? { done: false as const, value: Array.from({ length: 100 }, (_, k) => [k]) } : { done: true as const, value: undefined }) };
  const step = takeRows(source as never, 300);
  let n = 0;
  for (let r = step.next(); !r.done; r = step.next()) n += r.value.length;
  assert.equal(n, 300);
  // The rest stays in the source for the next step.
  const rest = takeRows(source as never, 10_000);
  let m = 0;
  for (let r = rest.next(); !r.done; r = rest.next()) m += r.value.length;
  assert.equal(m, 700);
});

test('IntervalCounter reports rows/s per interval', () => {
  const c = new IntervalCounter(0, 1000);
  c.add(100, 500);
  c.add(900, 500);
  c.add(1500, 300);
  const pts = c.points(1500);
  assert.equal(pts[0].rowsPerSec, 1000);
  assert.equal(pts[1].t, 1.5);
  assert.equal(pts[1].rowsPerSec, 600);
});
