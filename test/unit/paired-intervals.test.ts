import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_TRIALS, pairedRatio, rerunInterval, tQuantile975 } from '../../bench/measure/paired.js';
import { seededRandom } from '../../bench/measure/stats.js';

describe('t quantiles', () => {
  test('table values and the normal limit', () => {
    assert.equal(tQuantile975(1), 12.706);
    assert.equal(tQuantile975(2), 4.303);
    assert.equal(tQuantile975(9), 2.262);
    assert.equal(tQuantile975(30), 2.042);
    assert.ok(Math.abs(tQuantile975(40) - 2.021) < 1e-9);
    assert.ok(tQuantile975(50) < 2.021 && tQuantile975(50) > 2.0);
    assert.ok(Math.abs(tQuantile975(1e9) - 1.96) < 1e-3);
    assert.throws(() => tQuantile975(0), /degrees of freedom/);
  });
});

describe('rerun intervals', () => {
  test('formula: exp(mean(ln x) ± t · sd · sqrt(2/n))', () => {
    const xs = [100, 110, 95, 105, 102];
    const r = rerunInterval(xs)!;
    const logs = xs.map(Math.log);
    const m = logs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    const half = 2.776 * sd * Math.sqrt(2 / 5);
    assert.ok(Math.abs(r.estimate - Math.exp(m)) < 1e-9);
    assert.ok(Math.abs(r.interval![0] - Math.exp(m - half)) < 1e-9);
    assert.ok(Math.abs(r.interval![1] - Math.exp(m + half)) < 1e-9);
    // The prediction interval is sqrt(2) wider (on the log scale) than the CI of the mean.
    const ciHalf = Math.log(r.confidence![1]) - Math.log(r.estimate);
    assert.ok(Math.abs((Math.log(r.interval![1]) - Math.log(r.estimate)) / ciHalf - Math.SQRT2) < 1e-9);
    assert.equal(r.n, 5);
  });

  test(`fewer than ${MIN_TRIALS} values: no interval, and why`, () => {
    const r = rerunInterval([10, 12])!;
    assert.equal(r.interval, null);
    assert.match(r.method, /n=2 .* at least 3/);
    assert.equal(rerunInterval([]), null);
    assert.equal(rerunInterval([1, 0, 2]), null, 'a zero has no log');
  });

  test("coverage: a run's interval holds the next run's estimate ~95% of the time", () => {
    // Lognormal trials (10% noise), 5 trials per run, 2000 pairs of runs.
    const random = seededRandom(11);
    const normal = () => {
      const u = Math.max(random(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    };
    const run = () => Array.from({ length: 5 }, () => 100 * Math.exp(0.1 * normal()));
    let held = 0;
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const a = rerunInterval(run())!;
      const b = rerunInterval(run())!;
      if (b.estimate >= a.interval![0] && b.estimate <= a.interval![1]) held++;
    }
    const coverage = held / N;
    assert.ok(coverage > 0.92 && coverage < 0.98, `coverage ${coverage}`);
  });
});

describe('paired ratios', () => {
  test('drift shared by a pair cancels: the interval is narrow although each side moves 2x', () => {
    const a = [100, 200, 150, 120, 180];
    const b = a.map((x, i) => x / (2 * (1 + (i % 2 ? 0.01 : -0.01))));
    const r = pairedRatio(a, b)!;
    assert.ok(Math.abs(r.estimate - 2) < 0.01, `estimate ${r.estimate}`);
    assert.ok(r.interval![0] > 1.95 && r.interval![1] < 2.05, `${r.interval}`);
    assert.deepEqual(
      r.ratios.map((x) => Math.round(x * 100) / 100),
      [1.98, 2.02, 1.98, 2.02, 1.98],
    );
  });

  test('unequal trial counts cannot be paired', () => {
    assert.equal(pairedRatio([1, 2, 3], [1, 2]), null);
  });
});
