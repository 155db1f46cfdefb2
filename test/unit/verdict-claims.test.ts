import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metric, PhaseResult, Results, TargetResult } from '../../bench/core/results.js';
import type { ClaimSpec, RuntimeKind } from '../../bench/core/scenario.js';
import { evaluateClaims, gateFailed } from '../../bench/verdict/claims.js';
import { splitMetricKey } from '../../bench/verdict/metric-lookup.js';

function latency(samples: number[], sampleKind: Metric['sampleKind'] = 'trial'): Metric {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    label: 'latency',
    unit: 'ms',
    better: 'lower',
    statistic: 'median',
    sampleKind,
    samples,
    value: sorted[Math.floor(sorted.length / 2)],
    ci95: null,
  };
}

function bytes(value: number): Metric {
  return { label: 'bytes', unit: 'bytes', better: 'lower', statistic: 'value', sampleKind: 'exact', samples: [value], value, ci95: null };
}

function phase(id: string, metrics: Record<string, Metric>, status: PhaseResult['status'] = 'ok'): PhaseResult {
  // The phase id doubles as its kind here ('ingest', 'storage', ...): claims address metrics by phase id.
  return { id, kind: id, status, startedAt: '2025-01-01T00:00:00Z', durationMs: 1, trials: [], metrics, warnings: [] } as PhaseResult;
}

function target(engine: string, runtime: RuntimeKind, phases: PhaseResult[]): TargetResult {
  return { id: `${engine}@${runtime}`, engine, engineTitle: engine, runtime, runtimeLabel: runtime, reason: 'test', status: 'ok', phases };
}

function results(targets: TargetResult[], claims: ClaimSpec[]): Results {
  return {
    schemaVersion: 1,
    methodologyVersion: 1,
    tool: { name: 'tsdb-bench', version: 'test' },
    runId: 'test',
    status: 'complete',
    startedAt: '2025-01-01T00:00:00Z',
    command: 'test',
    scenario: {
      name: 't',
      description: '',
      file: '<inline>',
      trials: 3,
      targets: [],
      runtime: 'auto',
      engines: {},
      dataset: { seed: 1, anchorMs: 0, anchorSource: 'test', tables: {} },
      phases: [],
      claims,
      overrides: [],
    },
    dataset: { fingerprint: 'x', seed: 1, anchor: '', anchorSource: '', streams: [] },
    environment: { cpuModel: '', cores: 2, memoryBytes: 0, os: '', kernel: '', node: '', hostname: '' },
    plan: [],
    targets,
    answers: [],
    claims: [],
    warnings: [],
  };
}

const fasterClaim = (extra: Partial<ClaimSpec> = {}): ClaimSpec => ({
  id: 'faster',
  text: 'tsdb 10x faster than pg',
  metric: 'ingest.p50_ms',
  target: 'timescaledb',
  baseline: 'postgres',
  factor: 10,
  direction: 'better',
  gate: false,
  ...extra,
});

const ingest = (samples: number[]) => [phase('ingest', { p50_ms: latency(samples) })];

describe('ratio claims', () => {
  test('confirmed when the whole CI is at or above the factor', () => {
    const r = results([target('postgres', 'native', ingest([500, 510, 490, 505, 495])), target('timescaledb', 'native', ingest([20, 21, 19, 20, 22]))], [fasterClaim()]);
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'confirmed');
    assert.equal(v.id, 'faster');
    assert.ok(v.measured! > 20 && v.measured! < 30, `ratio ${v.measured}`);
    assert.ok(v.ci95 && v.ci95[0] >= 10);
    assert.equal(v.targetId, 'timescaledb@native');
    assert.equal(v.baselineId, 'postgres@native');
    assert.equal(v.runtime, 'native');
  });

  test('refuted when the whole CI is below the factor (lower is better: ratio = baseline/target)', () => {
    const r = results([target('postgres', 'native', ingest([10, 11, 9, 10])), target('timescaledb', 'native', ingest([9, 10, 9.5, 9.8]))], [fasterClaim()]);
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'refuted');
    assert.ok(Math.abs((v.measured as number) - 10 / 9.65) < 0.1);
    assert.ok(v.ci95 && v.ci95[1] < 10);
  });

  test('higher-is-better metrics: ratio = target/baseline', () => {
    const rate = (samples: number[]): Metric => ({ ...latency(samples), unit: 'rows/s', better: 'higher' });
    const r = results(
      [
        target('postgres', 'native', [phase('preload', { rows_per_s: rate([100, 101, 99]) })]),
        target('timescaledb', 'native', [phase('preload', { rows_per_s: rate([300, 301, 299]) })]),
      ],
      [fasterClaim({ metric: 'preload.rows_per_s', factor: 2 })],
    );
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'confirmed');
    assert.ok(Math.abs((v.measured as number) - 3) < 0.05);
  });

  test('inconclusive when the CI straddles the factor', () => {
    const r = results(
      [target('postgres', 'native', ingest([100, 400, 60, 350, 90, 500])), target('timescaledb', 'native', ingest([10, 60, 8, 55, 12, 40]))],
      [fasterClaim({ factor: 8 })],
    );
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'inconclusive');
    assert.ok(v.ci95 && v.ci95[0] < 8 && v.ci95[1] >= 8, `CI ${v.ci95}`);
    assert.match(v.reason, /straddles/);
  });

  test('inconclusive when the engines ran only on different runtime kinds (no ratio computed)', () => {
    const r = results([target('postgres', 'native', ingest([500, 510, 490])), target('timescaledb', 'embedded', ingest([20, 21, 19]))], [fasterClaim()]);
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.measured, null);
    assert.match(v.reason, /different runtime kinds/);
  });

  test('one verdict per runtime kind when several have both engines', () => {
    const r = results(
      [
        target('postgres', 'native', ingest([500, 510, 490])),
        target('timescaledb', 'native', ingest([20, 21, 19])),
        target('postgres', 'embedded', ingest([10, 11, 9])),
        target('timescaledb', 'embedded', ingest([10, 10.5, 9.5])),
      ],
      [fasterClaim()],
    );
    const verdicts = evaluateClaims(r);
    assert.deepEqual(verdicts.map((v) => v.id).sort(), ['faster@embedded', 'faster@native']);
    assert.equal(verdicts.find((v) => v.id === 'faster@native')!.verdict, 'confirmed');
    assert.equal(verdicts.find((v) => v.id === 'faster@embedded')!.verdict, 'refuted');
  });

  test('inconclusive with a reason when data is missing (failed phase, absent engine)', () => {
    const failed = results(
      [target('postgres', 'native', ingest([500, 510])), target('timescaledb', 'native', [{ ...phase('ingest', {}, 'failed'), message: 'boom' }])],
      [fasterClaim()],
    );
    const [v] = evaluateClaims(failed);
    assert.equal(v.verdict, 'inconclusive');
    assert.match(v.reason, /missing data/);
    assert.match(v.reason, /failed: boom/);

    const absent = results([target('postgres', 'native', ingest([500, 510]))], [fasterClaim()]);
    const [w] = evaluateClaims(absent);
    assert.equal(w.verdict, 'inconclusive');
    assert.match(w.reason, /no timescaledb target/);
  });

  test('fewer than 2 samples: inconclusive, point ratio still reported', () => {
    const r = results([target('postgres', 'native', ingest([500])), target('timescaledb', 'native', ingest([20]))], [fasterClaim()]);
    const [v] = evaluateClaims(r);
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.measured, 25);
    assert.equal(v.ci95, null);
    assert.match(v.reason, /n=1 trial/);
  });

  test('exact figures and baselineMetric: compressed vs uncompressed storage', () => {
    const claim = fasterClaim({
      id: 'smaller',
      metric: 'storage-compressed.t.bytes',
      baselineMetric: 'storage.t.bytes',
      direction: 'lower',
    });
    const pg = target('postgres', 'native', [phase('storage', { 't.bytes': bytes(110e6) })]);
    const small = target('timescaledb', 'native', [phase('storage', { 't.bytes': bytes(118e6) }), phase('storage-compressed', { 't.bytes': bytes(10e6) })]);
    const [v] = evaluateClaims(results([pg, small], [claim]));
    assert.equal(v.verdict, 'confirmed');
    assert.equal(v.measured, 11);
    const big = target('timescaledb', 'native', [phase('storage-compressed', { 't.bytes': bytes(12.8e6) })]);
    const [w] = evaluateClaims(results([pg, big], [claim]));
    assert.equal(w.verdict, 'refuted');
    assert.ok(Math.abs((w.measured as number) - 110 / 12.8) < 1e-9);
  });
});

describe('threshold claims', () => {
  // As this harness records a trial metric: ci95 is its rerun interval over n trials.
  const rate = (samples: number[], ci: [number, number] | null): Metric => ({
    label: 'rate',
    unit: 'rows/s',
    better: 'higher',
    statistic: 'median',
    sampleKind: 'trial',
    samples,
    value: samples[1],
    ci95: ci,
    n: samples.length,
  });
  const claim: ClaimSpec = { id: '100k', text: 'handles 100k/s', metric: 'preload.rows_per_s', target: 'timescaledb', threshold: 100_000, direction: 'higher', gate: false };

  test('confirmed, refuted and straddling by the metric CI', () => {
    const cases: [[number, number], string][] = [
      [[120_000, 140_000], 'confirmed'],
      [[80_000, 95_000], 'refuted'],
      [[92_000, 103_000], 'inconclusive'],
    ];
    for (const [ci, expected] of cases) {
      const t = target('timescaledb', 'native', [phase('preload', { rows_per_s: rate([ci[0], (ci[0] + ci[1]) / 2, ci[1]], ci) })]);
      const [v] = evaluateClaims(results([t], [claim]));
      assert.equal(v.verdict, expected, `CI ${ci}`);
      assert.equal(v.kind, 'threshold');
      assert.equal(v.measured, (ci[0] + ci[1]) / 2);
    }
  });

  test('lower direction with an exact figure', () => {
    const size: ClaimSpec = { id: 'size', text: '<= 50 MB', metric: 'storage.t.bytes', target: 'postgres', threshold: 50e6, direction: 'lower', gate: false };
    const [v] = evaluateClaims(results([target('postgres', 'native', [phase('storage', { 't.bytes': bytes(110e6) })])], [size]));
    assert.equal(v.verdict, 'refuted');
    assert.equal(v.measured, 110e6);
  });

  test('one verdict per target of the engine, suffixed with the runtime', () => {
    const mk = (runtime: RuntimeKind, ci: [number, number]) => target('timescaledb', runtime, [phase('preload', { rows_per_s: rate([ci[0], ci[0], ci[1]], ci) })]);
    const verdicts = evaluateClaims(results([mk('native', [200_000, 250_000]), mk('embedded', [90_000, 95_000])], [claim]));
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.verdict]),
      [
        ['100k@native', 'confirmed'],
        ['100k@embedded', 'refuted'],
      ],
    );
  });
});

test('a results file without n (an older harness): the interval is recomputed from the per-trial samples', () => {
  const claim: ClaimSpec = { id: '100k', text: 'handles 100k/s', metric: 'preload.rows_per_s', target: 'timescaledb', threshold: 100_000, direction: 'higher', gate: false };
  // An old bootstrap "CI" of 3 trials was [min, max] = [120k, 140k]: confirmed. Recomputed as a
  // rerun interval from the 3 trials it straddles 100k.
  const old: Metric = {
    label: 'rate',
    unit: 'rows/s',
    better: 'higher',
    statistic: 'median',
    sampleKind: 'trial',
    samples: [120_000, 130_000, 140_000],
    value: 130_000,
    ci95: [120_000, 140_000],
  };
  const [v] = evaluateClaims(results([target('timescaledb', 'native', [phase('preload', { rows_per_s: old })])], [claim]));
  assert.equal(v.n, 3);
  assert.equal(v.intervalKind, 'rerun');
  assert.ok(v.ci95 && v.ci95[0] < 120_000 && v.ci95[1] > 140_000);
  assert.equal(v.verdict, 'inconclusive');
});

describe('gate', () => {
  test('gateFailed only for a refuted gate claim', () => {
    const pg = target('postgres', 'native', ingest([10, 11, 9]));
    const ts = target('timescaledb', 'native', ingest([9, 10, 9.5]));
    const refutedGate = evaluateClaims(results([pg, ts], [fasterClaim({ gate: true })]));
    assert.equal(refutedGate[0].verdict, 'refuted');
    assert.equal(refutedGate[0].gate, true);
    assert.equal(gateFailed(refutedGate), true);
    assert.equal(gateFailed(evaluateClaims(results([pg, ts], [fasterClaim({ gate: false })]))), false);
    const inconclusiveGate = evaluateClaims(results([pg], [fasterClaim({ gate: true })]));
    assert.equal(inconclusiveGate[0].verdict, 'inconclusive');
    assert.equal(gateFailed(inconclusiveGate), false);
  });
});

test('metric keys split at the first dot', () => {
  assert.deepEqual(splitMetricKey('query.ticks_7d_hourly.p50_ms'), { phase: 'query', name: 'ticks_7d_hourly.p50_ms' });
  assert.deepEqual(splitMetricKey('storage-compressed.t.bytes'), { phase: 'storage-compressed', name: 't.bytes' });
});

test('a one-sample metric with a search bracket decides threshold claims from the bracket', async () => {
  const { evaluateClaim } = await import('../../bench/verdict/claims.js');
  const { makeMetric } = await import('../../bench/measure/stats.js');
  const bracket = (low: number, high: number) => {
    const m = makeMetric({ label: 'max', unit: 'rows/s', better: 'higher', statistic: 'value', sampleKind: 'trial', samples: [low] });
    m.ci95 = [low, high];
    m.intervalNote = 'search bracket';
    return m;
  };
  const results = (m: ReturnType<typeof bracket>) =>
    ({
      scenario: { claims: [] },
      targets: [
        {
          id: 'timescaledb@native',
          engine: 'timescaledb',
          runtime: 'native',
          runtimeLabel: 'native',
          status: 'ok',
          phases: [{ id: 'saturate', kind: 'saturate', status: 'ok', metrics: { max_sustained_rows_per_s: m }, trials: [], details: {}, warnings: [] }],
        },
      ],
    }) as never;
  const claim = { id: 'c', text: '100k+', metric: 'saturate.max_sustained_rows_per_s', target: 'timescaledb', threshold: 100_000, direction: 'higher', gate: false } as never;
  assert.equal(evaluateClaim(results(bracket(120_000, 130_000)), claim)[0].verdict, 'confirmed');
  assert.equal(evaluateClaim(results(bracket(60_000, 70_000)), claim)[0].verdict, 'refuted');
  assert.equal(evaluateClaim(results(bracket(90_000, 110_000)), claim)[0].verdict, 'inconclusive');
  assert.match(evaluateClaim(results(bracket(60_000, 70_000)), claim)[0].reason, /search bracket/);
});
