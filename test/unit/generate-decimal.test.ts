import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixed8, round6 } from '../../bench/generate/fixed.js';
import { ZipfSampler } from '../../bench/generate/zipf.js';
import { rngFor } from '../../bench/generate/prng.js';

test('fixed8: exactly 8 decimals, rounding carries into the whole part', () => {
  assert.equal(fixed8(0), '0.00000000');
  assert.equal(fixed8(0.00000001), '0.00000001');
  assert.equal(fixed8(1.5), '1.50000000');
  assert.equal(fixed8(0.999999999), '1.00000000');
  assert.equal(fixed8(60000.123456784), '60000.12345678');
  assert.equal(fixed8(123456789.5), '123456789.50000000');
  assert.equal(fixed8(9_999_999_999), '9999999999.00000000');
  assert.throws(() => fixed8(1e10), /out of range/);
  assert.throws(() => fixed8(-1), /out of range/);
  assert.throws(() => fixed8(Number.NaN), /out of range/);
  const rng = rngFor(['fixed8']);
  for (let i = 0; i < 20_000; i++) {
    const x = Math.pow(10, rng.range(-6, 6));
    assert.equal(fixed8(x), x.toFixed(8), String(x));
  }
});

test('round6: at most 6 decimals, no negative zero', () => {
  assert.equal(round6(0.1234565), 0.123457);
  assert.equal(String(round6(1 / 3)), '0.333333');
  assert.ok(Object.is(round6(-0.0000001), 0));
});

test('zipf alias sampler matches its probabilities', () => {
  const z = new ZipfSampler(20, 1.1);
  const rng = rngFor(['zipf']);
  const counts = new Array<number>(20).fill(0);
  const n = 200_000;
  for (let i = 0; i < n; i++) counts[z.pick(rng.float())]++;
  let total = 0;
  for (let i = 0; i < 20; i++) {
    total += z.probability(i);
    assert.ok(Math.abs(counts[i] / n - z.probability(i)) < 0.005, `rank ${i}: ${counts[i] / n} vs ${z.probability(i)}`);
  }
  assert.ok(Math.abs(total - 1) < 1e-12);
  assert.ok(z.probability(0) > 0.3 && z.probability(19) < 0.015);
  const uniform = new ZipfSampler(7, 0);
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(uniform.probability(i) - 1 / 7) < 1e-12);
  assert.equal(new ZipfSampler(1, 2).pick(0.999), 0);
});

test('sfc32 streams: reproducible, distinct per key, uniform in [0, 1)', () => {
  const a = rngFor([1, 'x']);
  const b = rngFor([1, 'x']);
  const c = rngFor([1, 'y']);
  let same = 0;
  let sum = 0;
  for (let i = 0; i < 10_000; i++) {
    const x = a.float();
    assert.equal(x, b.float());
    if (x === c.float()) same++;
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(same < 5);
  assert.ok(Math.abs(sum / 10_000 - 0.5) < 0.02);
});
