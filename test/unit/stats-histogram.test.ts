import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram, LatencyHistogram } from '../../bench/measure/histogram.js';

/** Within HdrHistogram's 3-significant-digit precision (0.1%, plus the 1 µs unit). */
function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= expected * 0.001 + 0.001, `${actual} not within 0.1% of ${expected}`);
}

test('percentiles of a uniform 0.001..10 ms distribution within HDR precision', () => {
  const h = new LatencyHistogram();
  for (let us = 1; us <= 10_000; us++) h.recordMs(us / 1000);
  const s = h.summary();
  assert.equal(s.count, 10_000);
  assert.equal(s.min, 0.001);
  assert.equal(s.max, 10);
  near(s.mean, 5.0005);
  near(s.p50, 5);
  near(s.p90, 9);
  near(s.p99, 9.9);
  near(s['p99.9'], 9.99);
  assert.ok(typeof s.hdr === 'string' && s.hdr.length > 10);
});

test('a skewed distribution: long tail shows in p99/p99.9 only', () => {
  const h = new LatencyHistogram();
  h.recordMs(2, 990);
  h.recordMs(50, 9);
  h.recordMs(1000, 1);
  const s = h.summary();
  assert.equal(s.count, 1000);
  near(s.p50, 2);
  near(s.p90, 2);
  near(s.p99, 2);
  near(s['p99.9'], 50);
  assert.equal(s.max, 1000);
});

test('base64 round trip and merge', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  for (let i = 1; i <= 500; i++) a.recordMs(i / 10);
  for (let i = 501; i <= 1000; i++) b.recordMs(i / 10);
  const decoded = decodeHistogram(a.summary().hdr!);
  assert.equal(decoded.count, 500);
  near(decoded.summary().p50, a.summary().p50);
  near(decoded.summary().p99, a.summary().p99);

  a.merge(b);
  const merged = a.summary();
  assert.equal(merged.count, 1000);
  near(merged.p50, 50);
  assert.equal(merged.min, 0.1);
  assert.equal(merged.max, 100);
  // Histograms from results.json (decoded) merge like live ones.
  const fromFile = decodeHistogram(a.summary().hdr!).merge(decodeHistogram(b.summary().hdr!));
  assert.equal(fromFile.count, 1500);
  near(fromFile.summary().max, merged.max);
  near(fromFile.percentileMs(50), 62.5); // 0.1..50 once, 50.1..100 twice: the 750th value
});

test('empty histogram: count 0 and zeros, no NaN', () => {
  const s = new LatencyHistogram().summary();
  assert.deepEqual(s, { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, 'p99.9': 0, max: 0 });
});

test('negative values record as 0; non-finite values are rejected', () => {
  const h = new LatencyHistogram();
  h.recordMs(-0.2);
  assert.equal(h.summary().min, 0);
  assert.throws(() => h.recordMs(Number.NaN), /finite/);
});
