import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapCI,
  bootstrapRatioCI,
  coefficientOfVariation,
  makeMetric,
  mannWhitneyU,
  mean,
  median,
  normalCdf,
  quantile,
  seededRandom,
  statistic,
  stddev,
} from '../../bench/measure/stats.js';

const oneTo100 = Array.from({ length: 100 }, (_, i) => i + 1);

/** Seeded normal sample (Box-Muller). */
function normalSample(n: number, mu: number, sigma: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

describe('quantiles and summary statistics', () => {
  test('quantile of 1..100 with linear interpolation', () => {
    assert.equal(quantile(oneTo100, 0), 1);
    assert.equal(quantile(oneTo100, 1), 100);
    assert.equal(quantile(oneTo100, 0.5), 50.5);
    assert.ok(Math.abs(quantile(oneTo100, 0.9) - 90.1) < 1e-9);
    assert.ok(Math.abs(quantile(oneTo100, 0.99) - 99.01) < 1e-9);
    assert.equal(quantile([7], 0.3), 7);
  });
  test('unsorted input is sorted first (and not modified)', () => {
    const xs = [5, 1, 4, 2, 3];
    assert.equal(quantile(xs, 0.5), 3);
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 4, 2, 3]);
  });
  test('mean, stddev, CV', () => {
    assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
    assert.ok(Math.abs(stddev([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7)) < 1e-12);
    assert.equal(stddev([3]), 0);
    assert.ok(Math.abs(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7) / 5) < 1e-12);
  });
  test('statistic by name', () => {
    assert.equal(statistic([9, 1, 5], 'value'), 9);
    assert.equal(statistic(oneTo100, 'median'), 50.5);
    assert.equal(statistic(oneTo100, 'p50'), 50.5);
    assert.equal(statistic(oneTo100, 'mean'), 50.5);
    assert.equal(statistic(oneTo100, 'max'), 100);
    assert.ok(Math.abs(statistic(oneTo100, 'p99.9') - 99.901) < 1e-9);
    assert.throws(() => statistic([], 'mean'), /no samples/);
  });
  test('bad arguments', () => {
    assert.throws(() => quantile([], 0.5), RangeError);
    assert.throws(() => quantile([1, 2], 1.5), /within 0..1/);
  });
});

describe('bootstrap confidence intervals', () => {
  const sample = normalSample(200, 10, 2, 42);

  test('the 95% CI of the median of a normal sample contains the true median', () => {
    const ci = bootstrapCI(sample, median);
    assert.ok(ci);
    assert.ok(ci[0] < 10 && 10 < ci[1], `CI ${ci} does not contain 10`);
    assert.ok(ci[1] - ci[0] < 1.5, `CI ${ci} implausibly wide`);
    assert.ok(ci[0] <= median(sample) && median(sample) <= ci[1]);
  });
  test('reproducible with the same seed, different with another', () => {
    assert.deepEqual(bootstrapCI(sample, median, { seed: 3 }), bootstrapCI(sample, median, { seed: 3 }));
    assert.notDeepEqual(bootstrapCI(sample, median, { seed: 3 }), bootstrapCI(sample, median, { seed: 4 }));
  });
  test('a lower confidence gives a narrower interval', () => {
    const wide = bootstrapCI(sample, mean, { confidence: 0.99 })!;
    const narrow = bootstrapCI(sample, mean, { confidence: 0.5 })!;
    assert.ok(narrow[1] - narrow[0] < wide[1] - wide[0]);
  });
  test('null for fewer than 2 samples', () => {
    assert.equal(bootstrapCI([5], median), null);
    assert.equal(bootstrapCI([], median), null);
  });
  test('ratio CI brackets the true ratio', () => {
    const a = normalSample(100, 20, 1, 1);
    const b = normalSample(100, 10, 1, 2);
    const ci = bootstrapRatioCI(a, b, median)!;
    assert.ok(ci[0] < 2 && 2 < ci[1], `ratio CI ${ci}`);
    assert.ok(ci[0] > 1.8 && ci[1] < 2.2, `ratio CI ${ci} too wide`);
    assert.deepEqual(bootstrapRatioCI(a, b, median), ci);
    assert.equal(bootstrapRatioCI([1], [2], median), null);
    assert.equal(bootstrapRatioCI([], [1, 2], median), null);
    // One exact side: the interval comes from the other side's spread only.
    const half = bootstrapRatioCI([10], [4, 5, 6], median)!;
    assert.ok(half[0] >= 10 / 6 && half[1] <= 10 / 4);
  });
});

describe('Mann-Whitney U', () => {
  test('completely separated samples (hand-computed; scipy asymptotic p = 0.0809)', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    assert.equal(r.u, 0);
    // mu = 4.5, sigma^2 = 3*3/12*7 = 5.25, z = (0 - 4.5 + 0.5) / sqrt(5.25)
    assert.ok(Math.abs(r.z - -4 / Math.sqrt(5.25)) < 1e-12);
    assert.ok(Math.abs(r.pValue - 0.0809) < 5e-4, `p = ${r.pValue}`);
    assert.equal(mannWhitneyU([4, 5, 6], [1, 2, 3]).u, 9);
  });
  test('ties: U counts ties as 1/2 and the variance is tie-corrected', () => {
    // pairs a>b: 1:0, 2:0.5, 2:0.5, 3:1.5 -> U = 2.5; ties of 3 and 2: sum(t^3-t) = 30
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4]);
    assert.equal(r.u, 2.5);
    const sigma = Math.sqrt(((4 * 3) / 12) * (8 - 30 / 42));
    assert.ok(Math.abs(r.z - (2.5 - 6 + 0.5) / sigma) < 1e-12);
    assert.ok(Math.abs(r.pValue - 2 * (1 - normalCdf(3 / sigma))) < 1e-12);
  });
  test('identical samples: no evidence of a difference', () => {
    const r = mannWhitneyU([5, 5, 5], [5, 5, 5]);
    assert.equal(r.pValue, 1);
    assert.equal(r.u, 4.5);
  });
  test('large shifted samples are significant', () => {
    const r = mannWhitneyU(normalSample(50, 12, 1, 5), normalSample(50, 10, 1, 6));
    assert.ok(r.z > 5 && r.pValue < 1e-6);
  });
  test('normal CDF', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
  });
});

describe('makeMetric', () => {
  test('trial samples: value and a rerun interval wider than [min, max] of 3 trials', () => {
    const m = makeMetric({ label: 'x', unit: 'rows/s', better: 'higher', statistic: 'median', sampleKind: 'trial', samples: [10, 12, 11] });
    assert.equal(m.value, 11);
    // ln values: sd 0.0911; t(0.975, 2) = 4.303; half-width 4.303 * 0.0911 * sqrt(2/3) = 0.320
    const logs = [10, 12, 11].map(Math.log);
    const mean = logs.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    const half = 4.303 * sd * Math.sqrt(2 / 3);
    assert.ok(m.ci95);
    assert.ok(Math.abs(m.ci95[0] - Math.exp(mean - half)) < 1e-9 && Math.abs(m.ci95[1] - Math.exp(mean + half)) < 1e-9, `${m.ci95}`);
    assert.ok(m.ci95[0] < 10 && m.ci95[1] > 12, 'never [min, max] of 3 trials');
    assert.equal(m.n, 3);
    assert.match(m.intervalMethod!, /rerun interval from n=3/);
    assert.deepEqual(m.samples, [10, 12, 11]);
  });
  test('two trials: no interval, and it says why', () => {
    const m = makeMetric({ label: 'x', unit: 'ms', better: 'lower', statistic: 'median', sampleKind: 'trial', samples: [10, 12] });
    assert.equal(m.ci95, null);
    assert.equal(m.n, 2);
    assert.match(m.intervalMethod!, /n=2 trials, at least 3/);
  });
  test('iteration samples of one trial give no interval; per-trial values do', () => {
    const one = makeMetric({ label: 'q', unit: 'ms', better: 'lower', statistic: 'p50', sampleKind: 'iteration', samples: [5, 6, 7, 5, 6] });
    assert.equal(one.ci95, null);
    assert.match(one.intervalMethod!, /one trial/);
    const many = makeMetric({ label: 'q', unit: 'ms', better: 'lower', statistic: 'p50', sampleKind: 'iteration', samples: [5, 6, 7, 5, 6, 6], trialValues: [5.5, 6, 6.2] });
    assert.ok(many.ci95 && many.ci95[0] < 5.5 && many.ci95[1] > 6.2);
    assert.deepEqual(many.trialValues, [5.5, 6, 6.2]);
  });
  test('exact figures and single values have no CI', () => {
    assert.equal(makeMetric({ label: 'b', unit: 'bytes', better: 'lower', statistic: 'value', sampleKind: 'exact', samples: [123] }).ci95, null);
    assert.equal(makeMetric({ label: 'b', unit: 'bytes', better: 'lower', statistic: 'median', sampleKind: 'exact', samples: [1, 2, 3] }).ci95, null);
    assert.equal(makeMetric({ label: 'r', unit: 'ms', better: 'lower', statistic: 'p99', sampleKind: 'iteration', samples: [4] }).ci95, null);
  });
  test('no samples is an error, not NaN', () => {
    assert.throws(() => makeMetric({ label: 'empty', unit: 'ms', better: 'lower', statistic: 'median', sampleKind: 'trial', samples: [] }), /'empty': no samples/);
  });
});
