import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compareResults, effectKindOf, parseMinEffectFlags, DEFAULT_MIN_EFFECT } from '../../bench/compare/index.js';
import type { Comparison, MetricComparison } from '../../bench/compare/index.js';
import { typicalRun, run, target, phase, sampled, exact, draws, prng, TYPICAL_ROWS } from '../../fixtures/compare/build.js';

const line = (c: Comparison, id: string): MetricComparison => {
  const found = c.groups.flatMap((g) => g.lines).find((l) => l.id === id);
  assert.ok(found, `line ${id} present`);
  return found;
};
const verdicts = (c: Comparison) => Object.fromEntries(c.groups.flatMap((g) => g.lines).map((l) => [l.id, l.verdict]));

describe('compare: no change', () => {
  test('same distribution, 200 comparisons with default rules: regression false-alarm rate stays under alpha (1%)', () => {
    let falseAlarms = 0;
    let comparisons = 0;
    for (let i = 0; i < 200; i++) {
      // 8 trials a side: enough for p < 0.01 to be reachable (5 vs 5 cannot, see below).
      const c = compareResults([typicalRun({ seed: 1000 + 2 * i, trials: 8 })], [typicalRun({ seed: 1001 + 2 * i, trials: 8 })], { bootstrapIterations: 100 });
      comparisons++;
      assert.equal(line(c, 'postgres@native preload.rows_per_sec').verdict === 'not comparable', false);
      if (c.status === 'regression') falseAlarms++;
      // Exact figures are identical: always unchanged.
      assert.equal(line(c, 'postgres@native storage.bytes_per_row').verdict, 'unchanged');
    }
    assert.ok(falseAlarms / comparisons <= 0.01, `false alarms ${falseAlarms}/${comparisons}`);
  });

  test('without the effect-size guard the test alone errs at about alpha/2 per metric towards "regression"', () => {
    // minEffect 0 leaves only Mann-Whitney U (alpha 0.05, two-sided): the one-sided false
    // "regression" rate must stay under alpha over 600 metric comparisons.
    let regressions = 0;
    let total = 0;
    const zero = { throughput: 0, latency: 0, query: 0 };
    for (let i = 0; i < 200; i++) {
      const c = compareResults([typicalRun({ seed: 5000 + 2 * i, trials: 10 })], [typicalRun({ seed: 5001 + 2 * i, trials: 10 })], {
        alpha: 0.05,
        minEffect: zero,
        bootstrapIterations: 50,
      });
      for (const l of c.groups.flatMap((g) => g.lines)) {
        if (l.sampleKind === 'exact') continue;
        total++;
        if (l.verdict === 'regression') regressions++;
      }
    }
    assert.equal(total, 600);
    assert.ok(regressions > 0, 'the raw test does fire sometimes (sanity)');
    assert.ok(regressions / total <= 0.05, `regressions ${regressions}/${total}`);
  });
});

describe('compare: detections', () => {
  test('a 20% throughput drop is a regression, with the change and its interval', () => {
    const baseline = [typicalRun({ seed: 1 }), typicalRun({ seed: 2 }), typicalRun({ seed: 3 })];
    const current = [typicalRun({ seed: 4, throughputFactor: 0.8 })];
    const c = compareResults(baseline, current);
    const l = line(c, 'postgres@native preload.rows_per_sec');
    assert.equal(l.verdict, 'regression');
    assert.equal(l.effectKind, 'throughput');
    assert.equal(l.minEffect, DEFAULT_MIN_EFFECT.throughput);
    assert.ok(l.changePct! < -15 && l.changePct! > -25, `change ${l.changePct}`);
    assert.ok(l.changeCi95, 'CI present');
    const [lo, hi] = l.changeCi95!;
    assert.ok(lo <= l.changePct! && l.changePct! <= hi, `CI [${lo}, ${hi}] holds ${l.changePct}`);
    assert.ok(hi < -10, 'the whole interval is beyond the minimum effect');
    assert.ok(l.pValue! < 0.01);
    assert.equal(l.baseline!.n, 15, 'three baseline runs pooled');
    assert.equal(l.baseline!.runs, 3);
    assert.equal(c.status, 'regression');
    assert.equal(c.counts.regression, 1);
    // Other metrics did not move.
    assert.equal(line(c, 'postgres@native ingest.latency_p99_ms').verdict, 'unchanged');
    assert.equal(line(c, 'postgres@native storage.total_bytes').verdict, 'unchanged');
  });

  test('one more byte per row of storage is detected (exact figures)', () => {
    const c = compareResults([typicalRun({ seed: 1 })], [typicalRun({ seed: 2, extraBytesPerRow: 1 })]);
    const bpr = line(c, 'postgres@native storage.bytes_per_row');
    assert.equal(bpr.verdict, 'regression');
    assert.equal(bpr.baseline!.value, 110);
    assert.equal(bpr.current!.value, 111);
    assert.equal(bpr.pValue, null);
    const total = line(c, 'postgres@native storage.total_bytes');
    assert.equal(total.verdict, 'regression');
    assert.equal(total.current!.value - total.baseline!.value, TYPICAL_ROWS);
    assert.equal(line(c, 'postgres@native storage.rows').verdict, 'unchanged');
    // One byte less is an improvement.
    const better = compareResults([typicalRun({ seed: 1 })], [typicalRun({ seed: 2, extraBytesPerRow: -1 })]);
    assert.equal(line(better, 'postgres@native storage.bytes_per_row').verdict, 'improvement');
  });

  test('exact figures: a change below the tolerance is unchanged, just above it is not', () => {
    const mk = (v: number) => run({ targets: [target('postgres@native', [phase('storage', 'storage', { total_bytes: exact('bytes', 'lower', v) })])] });
    const base = 110 * 1_000_000_000;
    assert.equal(verdicts(compareResults([mk(base)], [mk(base * (1 + 1e-12))]))['postgres@native storage.total_bytes'], 'unchanged');
    assert.equal(verdicts(compareResults([mk(base)], [mk(base + 1)]))['postgres@native storage.total_bytes'], 'unchanged', '1 byte in 110 GB is within 1e-9');
    assert.equal(verdicts(compareResults([mk(base)], [mk(base + 1000)]))['postgres@native storage.total_bytes'], 'regression');
  });

  test("a single timing per run marked 'exact' (ms, rows/s) is not deterministic: compared as samples of one", () => {
    const mk = (seed: number, ms: number) =>
      run({
        runId: `r${seed}`,
        targets: [
          target('timescaledb@embedded', [phase('compress', 'compress', { duration_ms: exact('ms', 'lower', ms), 'ticks.compression_ratio': exact('ratio', 'higher', 9.8) })]),
        ],
      });
    const one = compareResults([mk(1, 1000)], [mk(2, 1003)]);
    const d = line(one, 'timescaledb@embedded compress.duration_ms');
    assert.equal(d.effectKind, 'latency');
    assert.equal(d.verdict, 'not comparable');
    assert.match(d.reason, /too few samples/);
    assert.equal(line(one, 'timescaledb@embedded compress.ticks.compression_ratio').effectKind, 'exact');
    const pooled = compareResults(
      [1000, 1010, 990, 1005, 995, 1002, 998, 1001, 1003, 997].map((v, i) => mk(i, v)),
      [1500, 1510, 1490, 1505].map((v, i) => mk(20 + i, v)),
    );
    assert.equal(line(pooled, 'timescaledb@embedded compress.duration_ms').verdict, 'regression');
  });

  test('faster latencies are improvements', () => {
    const c = compareResults([typicalRun({ seed: 11 }), typicalRun({ seed: 12 })], [typicalRun({ seed: 13, latencyFactor: 0.7 })]);
    assert.equal(line(c, 'postgres@native ingest.latency_p99_ms').verdict, 'improvement');
    const q = line(c, 'postgres@native query.ticks_7d_hourly_ms');
    assert.equal(q.verdict, 'improvement');
    assert.equal(q.effectKind, 'query');
    assert.ok(q.changePct! < -20);
    assert.equal(c.status, 'ok');
    assert.equal(c.counts.improvement, 2);
  });

  test('a significant shift smaller than the minimum effect is unchanged', () => {
    const c = compareResults([typicalRun({ seed: 21, cv: 0.005 })], [typicalRun({ seed: 22, cv: 0.005, latencyFactor: 1.05 })]);
    const q = line(c, 'postgres@native query.ticks_7d_hourly_ms');
    assert.ok(q.pValue! < 0.01, `p ${q.pValue}`);
    assert.equal(q.verdict, 'unchanged');
    assert.match(q.reason, /significant .* but/);
  });

  test('5 trials against 5 cannot reach p < 0.01: decided on the whole bootstrap CI of the ratio, else not comparable; pooling baseline runs restores the test', () => {
    const single = compareResults([typicalRun({ seed: 1 })], [typicalRun({ seed: 2, throughputFactor: 0.5 })]);
    const l = line(single, 'postgres@native preload.rows_per_sec');
    assert.equal(l.verdict, 'regression');
    assert.match(l.reason, /5 vs 5 samples cannot reach p < 0.01 \(smallest possible p 0.012\d*\); decided on the bootstrap 95% CI of the change .* wholly beyond the min effect/);
    // Noisy trials (30% variation) and no real change: the interval straddles the minimum effect.
    const noisy = compareResults([typicalRun({ seed: 3, cv: 0.3 })], [typicalRun({ seed: 4, cv: 0.3 })]);
    const n = line(noisy, 'postgres@native preload.rows_per_sec');
    assert.equal(n.verdict, 'not comparable', n.reason);
    assert.match(n.reason, /straddles the min effect .*pool more baseline runs/);
    const pooled = compareResults([typicalRun({ seed: 1 }), typicalRun({ seed: 3 })], [typicalRun({ seed: 2, throughputFactor: 0.5 })]);
    assert.equal(line(pooled, 'postgres@native preload.rows_per_sec').verdict, 'regression');
    // With a looser alpha, 5 vs 5 is enough.
    const loose = compareResults([typicalRun({ seed: 1 })], [typicalRun({ seed: 2, throughputFactor: 0.5 })], { alpha: 0.05 });
    assert.equal(line(loose, 'postgres@native preload.rows_per_sec').verdict, 'regression');
  });

  test('fewer than 2 samples on a side: not comparable', () => {
    const c = compareResults([typicalRun({ seed: 1, trials: 1 })], [typicalRun({ seed: 2, trials: 5, throughputFactor: 0.5 })]);
    const l = line(c, 'postgres@native preload.rows_per_sec');
    assert.equal(l.verdict, 'not comparable');
    assert.match(l.reason, /too few samples/);
    assert.equal(c.status, 'ok');
  });

  test('a failed phase or a metric missing on one side is not comparable, with the reason', () => {
    const base = typicalRun({ seed: 1 });
    const cur = typicalRun({ seed: 2 });
    const ingest = cur.targets[0].phases.find((p) => p.id === 'ingest')!;
    ingest.status = 'failed';
    ingest.message = 'rows lost';
    const c = compareResults([base], [cur]);
    const l = line(c, 'postgres@native ingest.latency_p99_ms');
    assert.equal(l.verdict, 'not comparable');
    assert.match(l.reason, /phase ingest failed: rows lost in current/);
  });
});

describe('compare: thresholds', () => {
  test('flags override the scenario, which overrides defaults; the schema form (by unit) works', () => {
    const baseline = [typicalRun({ seed: 1 }), typicalRun({ seed: 2 })];
    const drop = (compare?: Record<string, unknown>) => [typicalRun({ seed: 3, throughputFactor: 0.8, compare })];
    const id = 'postgres@native preload.rows_per_sec';
    assert.equal(line(compareResults(baseline, drop()), id).verdict, 'regression');
    assert.equal(line(compareResults(baseline, drop({ minEffect: { 'rows/s': '30%' } })), id).verdict, 'unchanged');
    assert.equal(line(compareResults(baseline, drop({ minEffect: { throughput: 0.3 } })), id).minEffect, 0.3);
    const flagged = compareResults(baseline, drop({ minEffect: { 'rows/s': 0.3 } }), { minEffect: parseMinEffectFlags(['throughput=5%']) });
    assert.equal(line(flagged, id).minEffect, 0.05);
    assert.equal(line(flagged, id).verdict, 'regression');
    assert.equal(line(compareResults(baseline, drop(), { minEffect: { 'preload.rows_per_sec': 0.5 } }), id).verdict, 'unchanged');
  });

  test('effect kinds come from unit, phase kind and key', () => {
    assert.equal(effectKindOf('ingest', 'rows_per_sec', { unit: 'rows/s' }), 'throughput');
    assert.equal(effectKindOf('saturate', 'sustained_rate', { unit: 'rows/s' }), 'maxRate');
    assert.equal(effectKindOf('saturate', 'latency_p99_ms', { unit: 'ms' }), 'latency');
    assert.equal(effectKindOf('ingest', 'latency_p99_ms', { unit: 'ms' }), 'latency');
    assert.equal(effectKindOf('query', 'ticks_7d_hourly.p50', { unit: 'ms' }), 'query');
    assert.equal(effectKindOf('mixed', 'query_p50_ms', { unit: 'ms' }), 'query');
    assert.equal(effectKindOf('compress', 'ratio', { unit: 'ratio' }), 'other');
  });

  test('--min-effect parsing rejects nonsense', () => {
    assert.deepEqual(parseMinEffectFlags(['throughput=0.1', 'query=20%']), { throughput: 0.1, query: 0.2 });
    assert.throws(() => parseMinEffectFlags(['throughput']), /kind=fraction/);
    assert.throws(() => parseMinEffectFlags(['latency=abc']), /fraction/);
    assert.throws(() => parseMinEffectFlags(['latency=1.5']), /fraction/);
  });
});

describe('compare: refusal', () => {
  test('a different dataset fingerprint is refused; with allowMismatch compared and every line marked', () => {
    const base = typicalRun({ seed: 1, fingerprint: 'a'.repeat(64), trials: 8 });
    const cur = typicalRun({ seed: 2, fingerprint: 'b'.repeat(64), throughputFactor: 0.8, trials: 8 });
    const refused = compareResults([base], [cur]);
    assert.equal(refused.status, 'refused');
    assert.equal(refused.counts.refused, 1);
    const g = refused.groups[0];
    assert.equal(g.status, 'refused');
    assert.equal(g.lines.length, 0);
    assert.match(g.reason!, /dataset fingerprint aaaaaaaaaaaa -> bbbbbbbbbbbb/);
    assert.match(g.reason!, /--allow-mismatch/);

    const allowed = compareResults([base], [cur], { allowMismatch: true });
    const lines = allowed.groups.flatMap((x) => x.lines);
    assert.ok(lines.length > 0);
    for (const l of lines) assert.match(l.mismatch ?? '', /^\(mismatch: dataset fingerprint/);
    assert.equal(line(allowed, 'postgres@native preload.rows_per_sec').verdict, 'regression');
    assert.equal(allowed.status, 'regression');
  });

  test('methodology version, engine version and runtime kind differences are refused', () => {
    const base = typicalRun({ seed: 1 });
    const methodology = typicalRun({ seed: 2 });
    methodology.methodologyVersion += 1;
    assert.match(compareResults([base], [methodology]).groups[0].reason!, /methodologyVersion/);

    const engine = typicalRun({ seed: 2, engineVersion: 'PostgreSQL 16.1' });
    assert.match(compareResults([base], [engine]).groups[0].reason!, /engine version PostgreSQL 15.14 -> PostgreSQL 16.1/);

    const docker = typicalRun({ seed: 2 });
    docker.targets[0].id = 'postgres@docker';
    docker.targets[0].runtime = 'docker';
    const c = compareResults([base], [docker]);
    assert.equal(c.groups.length, 1, 'paired by engine, not silently unmatched');
    assert.equal(c.groups[0].status, 'refused');
    assert.match(c.groups[0].reason!, /runtime kind native -> docker/);
  });

  test('targets and scenarios without counterpart are reported, other scenarios ignored', () => {
    const base = typicalRun({ seed: 1 });
    const other = run({ scenario: 'other', targets: [target('influxdb@native', [phase('storage', 'storage', { b: exact('bytes', 'lower', 1) })], 'InfluxDB 1.6.7')] });
    const cur = typicalRun({ seed: 2 });
    cur.targets.push(target('influxdb@native', [phase('preload', 'preload', { rows_per_sec: sampled('rows/s', 'higher', [1, 2, 3]) })], 'InfluxDB 1.6.7'));
    const c = compareResults([base, other], [cur]);
    assert.deepEqual(
      c.groups.map((g) => [g.scenario, g.target, g.status]),
      [
        ['nightly', 'postgres@native', 'compared'],
        ['nightly', 'influxdb@native', 'not comparable'],
      ],
    );
    assert.match(c.groups[1].reason!, /no baseline run/);
  });
});

describe('compare: run-to-run spread', () => {
  test('with pooled baseline runs, a shift inside their spread is not a regression', () => {
    // Three baseline runs at 100, 115 and 145 ms (tight within each run), current at 140 ms:
    // significant against the pooled samples and +20% against their median, but run 3 alone
    // was already slower: machine noise between runs, not a regression.
    const mk = (id: string, level: number, seed: number) =>
      run({ runId: id, targets: [target('postgres@native', [phase('q', 'query', { t_ms: sampled('ms', 'lower', draws(prng(seed), 40, level, 0.01), 'iteration') })])] });
    const baseline = [mk('b1', 100, 1), mk('b2', 115, 2), mk('b3', 145, 3)];
    const c = compareResults(baseline, [mk('c', 140, 4)]);
    const l = line(c, 'postgres@native q.t_ms');
    assert.ok(l.pValue! < 0.01 && l.changePct! > 15, `p ${l.pValue}, change ${l.changePct}`);
    assert.equal(l.verdict, 'unchanged');
    assert.match(l.reason, /within the spread of the 3 baseline runs/);
    // Beyond the slowest baseline run: a regression.
    assert.equal(line(compareResults(baseline, [mk('c', 170, 4)]), 'postgres@native q.t_ms').verdict, 'regression');
    // A single baseline run gives no spread: the pooled rule alone decides.
    assert.equal(line(compareResults([mk('b1', 100, 1)], [mk('c', 140, 4)]), 'postgres@native q.t_ms').verdict, 'regression');
  });
});
