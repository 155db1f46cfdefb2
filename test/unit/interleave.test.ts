import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimVerdict, Metric, PhaseResult, Results, TargetResult } from '../../bench/core/results.js';
import { roundOrder } from '../../bench/run/runner.js';
import { mergeTrialResults } from '../../bench/run/trial-merge.js';
import { assessStability } from '../../bench/run/stability.js';
import { runExit, statusTable } from '../../bench/run/outcome.js';
import { cpuShares, parseProcStat } from '../../bench/measure/load.js';
import { makeMetric } from '../../bench/measure/stats.js';
import { ratioEvidence } from '../../bench/verdict/claim-stats.js';

// One trial's query result, reduced to what the merge reads (a test record, not a full QueryTrial).
const partial = (trial: number, metrics: Record<string, Metric>, noData?: Record<string, string>): PhaseResult =>
  ({
    id: 'query',
    kind: 'query',
    status: 'ok',
    startedAt: `2026-01-01T00:00:0${trial}Z`,
    durationMs: 10,
    trials: [{ trial }],
    metrics,
    ...(noData ? { noData } : {}),
    details: { method: `m${trial}` },
    warnings: [`w${trial % 2}`],
  }) as unknown as PhaseResult;

const latency = (samples: number[]) => makeMetric({ label: 'q', unit: 'ms', better: 'lower', statistic: 'p50', sampleKind: 'iteration', samples });

describe('interleaving', () => {
  test('round order rotates every trial, so each target runs first equally often', () => {
    const ids = ['a', 'b', 'c'];
    assert.deepEqual(roundOrder(ids, 0), ['a', 'b', 'c']);
    assert.deepEqual(roundOrder(ids, 1), ['b', 'c', 'a']);
    assert.deepEqual(roundOrder(ids, 2), ['c', 'a', 'b']);
    assert.deepEqual(roundOrder(ids, 3), ['a', 'b', 'c']);
    assert.deepEqual(roundOrder([], 5), []);
  });

  test('one-trial results merge: samples concatenated, per-trial values, interval from trials', () => {
    const merged = mergeTrialResults([partial(1, { x: latency([10, 11, 12]) }), partial(2, { x: latency([20, 21, 22]) }), partial(3, { x: latency([15, 15, 16]) })]);
    const m = merged.metrics.x;
    assert.deepEqual(m.samples, [10, 11, 12, 20, 21, 22, 15, 15, 16]);
    assert.deepEqual(m.trialValues, [11, 21, 15]);
    assert.equal(m.n, 3);
    assert.ok(m.ci95 && m.ci95[0] < 11 && m.ci95[1] > 21, `rerun interval ${m.ci95} spans the trial spread`);
    assert.deepEqual(merged.trials, [{ trial: 1 }, { trial: 2 }, { trial: 3 }]);
    assert.equal(merged.durationMs, 30);
    assert.equal(merged.startedAt, '2026-01-01T00:00:01Z');
    assert.deepEqual(merged.warnings, ['w1', 'w0']);
  });

  test('a trial without a value: the others are kept, no interval, and the gap is named', () => {
    const merged = mergeTrialResults([partial(1, { x: latency([10]) }), partial(2, {}, { x: 'no batch' }), partial(3, { x: latency([12]) })]);
    assert.equal(merged.metrics.x.trialValues, undefined);
    assert.equal(merged.metrics.x.ci95, null);
    assert.match(merged.metrics.x.intervalMethod!, /trial\(s\) 2 produced no value/);
    assert.equal(merged.noData, undefined);
    const none = mergeTrialResults([partial(1, {}, { x: 'no batch' }), partial(2, {}, { x: 'no batch' })]);
    assert.deepEqual(none.noData, { x: 'no batch' });
    assert.equal(none.metrics.x, undefined);
  });
});

describe('claim ratio evidence', () => {
  const trialMetric = (values: number[]) => makeMetric({ label: 'r', unit: 'rows/s', better: 'higher', statistic: 'median', sampleKind: 'trial', samples: values });
  const exact = (v: number) => makeMetric({ label: 'b', unit: 'bytes', better: 'lower', statistic: 'value', sampleKind: 'exact', samples: [v] });

  test('paired by trial index', () => {
    const e = ratioEvidence(trialMetric([200, 400, 300]), trialMetric([100, 200, 150]));
    assert.ok(e.ok && e.kind === 'rerun' && e.n === 3);
    assert.ok(e.ok && Math.abs(e.point - 2) < 1e-9 && Math.abs(e.interval[0] - 2) < 1e-9 && Math.abs(e.interval[1] - 2) < 1e-9);
  });

  test('exact vs exact is exact; different trial counts are not paired', () => {
    const e = ratioEvidence(exact(100), exact(25));
    assert.ok(e.ok && e.kind === 'exact' && e.point === 4);
    const u = ratioEvidence(trialMetric([1, 2, 3]), trialMetric([1, 2, 3, 4]));
    assert.ok(!u.ok);
    assert.match(u.ok ? '' : u.why, /3 and 4 trials/);
  });
});

function verdict(id: string, measured: number | null, ci: [number, number] | null, v: ClaimVerdict['verdict'], gate = false): ClaimVerdict {
  return { id, text: id, verdict: v, reason: 'r', metric: 'm', measured, ci95: ci, gate, n: 5, intervalKind: ci ? 'rerun' : null };
}

function results(claims: ClaimVerdict[], targets: Partial<TargetResult>[] = []): Results {
  return {
    schemaVersion: 1,
    methodologyVersion: 1,
    tool: { name: 'tsdb-bench', version: 't' },
    runId: 'r',
    status: 'complete',
    startedAt: '',
    command: '',
    scenario: { name: 's', claims: [] } as unknown as Results['scenario'],
    dataset: { fingerprint: 'f', seed: 1, anchor: '', anchorSource: '', streams: [] },
    environment: { cpuModel: '', cores: 2, memoryBytes: 0, os: '', kernel: '', node: '', hostname: '' },
    plan: [],
    targets: targets.map((t) => ({
      id: 'x@native',
      engine: 'x',
      engineTitle: 'X',
      runtime: 'native',
      runtimeLabel: 'native',
      reason: '',
      status: 'ok',
      phases: [],
      ...t,
    })) as TargetResult[],
    answers: [],
    claims,
    warnings: [],
  };
}

describe('stability across runs', () => {
  test('stable when verdicts agree and every interval holds the other estimates', () => {
    const runs = [1.0, 1.05, 0.97].map((x) => results([verdict('c', x, [x * 0.9, x * 1.1], 'refuted')]));
    const r = assessStability(runs);
    assert.equal(r.stable, true);
    assert.equal(r.items[0].sameVerdict, true);
  });

  test('not stable: a narrow interval misses another run, or verdicts differ', () => {
    const narrow = assessStability([results([verdict('c', 1.0, [0.99, 1.01], 'refuted')]), results([verdict('c', 1.2, [1.1, 1.3], 'refuted')])]);
    assert.equal(narrow.stable, false);
    assert.match(narrow.items[0].problems.join(' '), /run 1's interval \[0.99, 1.01\] does not contain run 2's 1.2/);
    const flip = assessStability([results([verdict('c', 1, [0.5, 2], 'inconclusive')]), results([verdict('c', 1, [0.5, 2], 'refuted')])]);
    assert.equal(flip.stable, false);
    assert.match(flip.items[0].problems[0], /verdicts differ/);
  });
});

describe('run outcome', () => {
  test('skipped targets: exit 0 (partial), 3 with --strict; failures exit 3; a gate without data exits 3', () => {
    const skipped = results([], [{ id: 'postgres@native' }, { id: 'influxdb@none', status: 'skipped', error: 'influxd not found', hint: 'apt-get install influxdb' }]);
    assert.equal(runExit(skipped, { strict: false }).code, 0);
    const onlySkipped = results([], [{ id: 'influxdb@none', status: 'skipped', error: 'influxd not found' }]);
    assert.equal(runExit(onlySkipped, { strict: false }).code, 3, 'nothing ran: nothing measured');
    assert.equal(runExit(skipped, { strict: true }).code, 3);
    assert.match(statusTable(skipped), /influxdb@none\s+SKIPPED\s+influxd not found — to include it: apt-get install influxdb/);
    const failed = results([], [{ id: 'postgres@native', status: 'failed', failedPhase: 'preload', error: 'engine stopped responding' }]);
    assert.equal(runExit(failed, { strict: false }).code, 3);
    assert.match(statusTable(failed), /FAILED\s+phase preload: engine stopped responding/);
    assert.equal(runExit(results([verdict('g', null, null, 'inconclusive', true)]), { strict: false }).code, 3);
    assert.equal(runExit(results([verdict('g', 2, [1.5, 2.5], 'refuted', true)]), { strict: false }).code, 1);
    assert.equal(runExit(results([verdict('g', 2, [1.5, 2.5], 'inconclusive', true)]), { strict: false }).code, 0);
    assert.equal(runExit(results([verdict('g', 2, null, 'inconclusive', true)]), { strict: false }).code, 3, 'a gate with too few trials for an interval');
    assert.equal(runExit(results([verdict('c', 2, null, 'inconclusive', false)]), { strict: false }).code, 0, 'not a gate');
  });
});

describe('machine load', () => {
  test('/proc/stat busy and steal shares', () => {
    const a = parseProcStat('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n');
    const b = parseProcStat('cpu  200 0 150 850 0 0 0 50 0 0\n');
    assert.deepEqual(a, { total: 1000, idle: 800, steal: 0 });
    // dt = 1250 - 1000 = 250; idle +50 -> busy 200/250 = 80%; steal 50/250 = 20%
    assert.deepEqual(cpuShares(a, b), { busyPercent: 80, stealPercent: 20 });
    assert.deepEqual(cpuShares(null, b), { busyPercent: null, stealPercent: null });
    assert.equal(parseProcStat('nothing'), null);
  });
});
