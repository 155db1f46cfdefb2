import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratioSummary } from '../../scripts/bench-load-stats.js';

test('ratioSummary: median, range and a t-interval of log ratios around the geometric mean', () => {
  const s = ratioSummary([0.5, 2, 1]);
  assert.equal(s.n, 3);
  assert.equal(s.median, 1);
  assert.equal(s.min, 0.5);
  assert.equal(s.max, 2);
  // logs -ln2, ln2, 0: mean 0, sd ln2; half-width 4.303 * ln2 / sqrt(3).
  const half = (4.303 * Math.LN2) / Math.sqrt(3);
  assert.ok(Math.abs(s.lo - Math.exp(-half)) < 1e-12);
  assert.ok(Math.abs(s.hi - Math.exp(half)) < 1e-12);
  assert.equal(ratioSummary([0.9, 1.1, 1.0, 1.2]).median, 1.05);
  const same = ratioSummary([0.97, 0.97]);
  assert.equal(same.lo, same.hi);
  assert.throws(() => ratioSummary([1]), /at least two/);
});
