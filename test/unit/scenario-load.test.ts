import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError } from '../../bench/core/errors.js';
import type { SaturatePhase } from '../../bench/phases/saturate/spec.js';
import type { IngestPhase } from '../../bench/phases/ingest/spec.js';
import type { PreloadPhase } from '../../bench/phases/preload/spec.js';
import type { QueryPhase } from '../../bench/phases/query/spec.js';
import { defaultShape } from '../../bench/generate/index.js';
import { listScenarios, REPO_ROOT } from '../../bench/scenario/load.js';
import { builtInScenarioSchema, loadScenario } from '../../bench/run/scenario.js';
import { normalizeScenario } from '../../bench/scenario/normalize.js';

const BAD = join(REPO_ROOT, 'fixtures', 'bad-scenarios');
const bad = (name: string): string => join(BAD, name);

/** Loads and returns the InputError's message (fails the test if it loads or throws anything else). */
function loadError(file: string, overrides = {}): string {
  try {
    loadScenario(file, overrides);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace in the message');
    return error.message;
  }
  assert.fail(`${file} loaded without error`);
}

describe('bad scenario files: one readable InputError naming file and path', () => {
  const cases: [file: string, mustContain: string[]][] = [
    ['misspelled-key.yaml', ['misspelled-key.yaml:11:5', 'phases[1].rat', "unknown key 'rat' (did you mean 'rate'?)"]],
    ['bad-unit.yaml', ['bad-unit.yaml:9:5', "phases[0].span: expected a duration like 30s, 5m, 7d; found '7 dayz'"]],
    ['wrong-type.yaml', ['wrong-type.yaml:10:5', "phases[1].iterations: expected a whole number; found 'many'"]],
    ['unknown-phase-kind.yaml', ['unknown-phase-kind.yaml:9:5', 'phases[1].kind', "found 'ingets' (did you mean 'ingest'?)"]],
    ['unknown-table.yaml', ['unknown-table.yaml:7:5', 'phases[0].table', "found 'market_ticks' (did you mean 'market_price_ticks'?)"]],
    ['unknown-dataset-table.yaml', ['dataset.tables.market_price_tick', "(did you mean 'market_price_ticks'?)"]],
    ['unknown-query.yaml', ['phases[1].queries[1]', "unknown query 'ticks_7d_hourli' (did you mean 'ticks_7d_hourly'?)"]],
    ['claim-unknown-phase.yaml', ['claims[0].metric', "no phase with id 'qurey'", 'preload, query']],
    ['duplicate-phase-id.yaml', ['phases[2].id', "duplicate phase id 'size' (also phases[1])"]],
    ['warmup-too-long.yaml', ['phases[0].warmup', 'shorter than duration']],
    ['yaml-syntax.yaml', ['yaml-syntax.yaml:5:1', 'YAML syntax error']],
    ['empty.yaml', ['empty.yaml', 'the file is empty']],
    ['not-a-mapping.yaml', ['not-a-mapping.yaml', 'expected a mapping']],
  ];
  for (const [file, expected] of cases) {
    test(file, () => {
      const message = loadError(bad(file));
      for (const text of expected) assert.ok(message.includes(text), `message lacks ${JSON.stringify(text)}:\n${message}`);
    });
  }

  test('every problem of a file is reported at once', () => {
    const message = loadError(bad('misspelled-key.yaml'));
    assert.match(message, /2 problems/);
    assert.match(message, /phases\[1\]: missing required key 'rate'/);
  });
});

describe('--set and flag overrides', () => {
  const base = bad('set-base.yaml');

  test('index and dotted forms set values, parsed as YAML scalars with units', () => {
    const s = loadScenario(base, { set: ['phases[1].rate=5k/s', 'phases.1.duration=4s', 'phases[0].workers=3'] });
    const ingest = s.phases[1] as IngestPhase;
    assert.equal(ingest.rate, 5000);
    assert.equal(ingest.durationMs, 4000);
    assert.equal((s.phases[0] as PreloadPhase).workers, 3);
    assert.deepEqual(s.overrides, ['phases[1].rate=5k/s', 'phases[1].duration=4s', 'phases[0].workers=3']);
  });

  test('keys the file does not have yet, nested maps created on the way', () => {
    const s = loadScenario(base, { set: ['engines.postgres.settings.shared_buffers=256MB', 'dataset.tables.market_price_ticks.keys=5', 'anchor=2025-01-01T00:00:00Z'] });
    assert.equal(s.engines.postgres.settings.shared_buffers, '256MB');
    assert.equal(s.dataset.tables.market_price_ticks?.keys, 5);
    assert.equal(s.dataset.anchorMs, Date.UTC(2025, 0, 1));
    assert.equal(s.dataset.anchorSource, '2025-01-01T00:00:00Z');
  });

  test('named flags: seed, trials, targets, runtime', () => {
    const s = loadScenario(base, { seed: 7, trials: 1, targets: ['postgres', 'influxdb'], runtime: 'native' });
    assert.equal(s.dataset.seed, 7);
    assert.equal(s.trials, 1);
    assert.ok(s.phases.every((p) => p.trials === 1));
    assert.deepEqual(s.targets, ['postgres', 'influxdb']);
    assert.equal(s.runtime, 'native');
    assert.deepEqual(s.engines.influxdb, { settings: {}, options: {} });
  });

  test('a path past the end of a list is an error naming the path and the flag', () => {
    const message = loadError(base, { set: ['phases[9].rate=5k/s'] });
    assert.ok(message.includes('set-base.yaml'), message);
    assert.ok(message.includes('phases[9]: does not exist (phases has 2 items) (from --set phases[9].rate=5k/s)'), message);
  });

  test('an unknown key set on the command line is named with a suggestion', () => {
    const message = loadError(base, { set: ['phases[1].rat=5k/s'] });
    assert.ok(message.includes("phases[1].rat: unknown key 'rat' (did you mean 'rate'?) (from --set phases[1].rat=5k/s)"), message);
  });

  test('a misspelled container, a scalar in the way, bad syntax', () => {
    assert.match(loadError(base, { set: ['phasez[1].rate=2'] }), /phasez: does not exist.*did you mean 'phases'/);
    assert.match(loadError(base, { set: ['seed.x=1'] }), /seed: expected a whole number; found a mapping \(from --set seed\.x=1\)/);
    assert.match(loadError(base, { set: ['phases[1.rate=3'] }), /bad path 'phases\[1\.rate': missing '\]'/);
    assert.match(loadError(base, { set: ['noequals'] }), /expected path=value/);
    assert.match(loadError(base, { set: ['phases[1].duration=7 dayz'] }), /phases\[1\]\.duration: expected a duration like 30s, 5m, 7d; found '7 dayz' \(from --set/);
  });

  test('bad flag values go through the schema too', () => {
    const message = loadError(base, { runtime: 'dockr' });
    assert.ok(message.includes("runtime: expected one of auto, docker, native, embedded, external; found 'dockr' (did you mean 'docker'?) (from --runtime dockr)"), message);
  });
});

describe('shipped scenarios', () => {
  const shipped = listScenarios();

  test('are listed with names and descriptions', () => {
    const names = shipped.map((s) => s.name);
    for (const name of ['smoke', '10k-ticks', 'sentiment', 'sources', 'alerts']) assert.ok(names.includes(name), `missing ${name}`);
    for (const s of shipped) assert.ok(s.description.length > 20, `${s.name} has no description`);
  });

  for (const { name } of shipped) {
    test(`${name} loads and is normalized`, () => {
      const s = loadScenario(name);
      assert.equal(s.name, name);
      assert.ok(s.file.endsWith(`${name}.yaml`));
      assert.ok(s.phases.length > 0);
      assert.equal(new Set(s.phases.map((p) => p.id)).size, s.phases.length, 'unique phase ids');
      if (s.dataset.anchorSource === 'now-hour') assert.equal(s.dataset.anchorMs % 3_600_000, 0, 'now-hour anchor is on the hour');
      else assert.equal(s.dataset.anchorMs % 86_400_000, 0, `${name}: the now-day anchor is a UTC midnight (whole daily chunks)`);
      for (const p of s.phases) {
        // A shipped compress phase covers every chunk up to the anchor, whatever the hour of the run.
        if (p.kind === 'compress') assert.equal((p as { olderThanMs: number }).olderThanMs % 86_400_000, 0, `${name}: compress cutoff on a chunk boundary`);
      }
      for (const [table, shape] of Object.entries(s.dataset.tables)) {
        assert.deepEqual(Object.keys(shape).sort(), Object.keys(defaultShape(table as never)).sort(), `${table} shape complete`);
      }
    });
  }

  test('smoke: values, units and defaults', () => {
    const s = loadScenario('smoke');
    assert.deepEqual(s.targets, ['postgres']);
    assert.equal(s.trials, 3);
    assert.equal(s.runtime, 'auto');
    assert.deepEqual(
      s.phases.map((p) => p.id),
      ['preload', 'query', 'storage', 'ingest'],
    );
    const preload = s.phases[0] as PreloadPhase;
    assert.deepEqual(
      { rows: preload.rows, spanMs: preload.spanMs, batchSize: preload.batchSize, workers: preload.workers, method: preload.method, trials: preload.trials },
      { rows: 20_000, spanMs: 7 * 86_400_000, batchSize: 10_000, workers: 1, method: 'copy', trials: 3 },
    );
    const ingest = s.phases[3] as IngestPhase;
    assert.deepEqual(
      { rate: ingest.rate, durationMs: ingest.durationMs, warmupMs: ingest.warmupMs, batchSize: ingest.batchSize, maxLagMs: ingest.maxLagMs, intervalMs: ingest.intervalMs },
      { rate: 2000, durationMs: 3000, warmupMs: 1000, batchSize: 1000, maxLagMs: 5000, intervalMs: 1000 },
    );
    const query = s.phases[1] as QueryPhase;
    assert.deepEqual({ queries: query.queries, warmup: query.warmup, iterations: query.iterations }, { queries: [], warmup: 2, iterations: 10 });
    assert.deepEqual(s.dataset.tables.market_price_ticks, defaultShape('market_price_ticks'));
    const now = Date.now();
    assert.equal(s.dataset.anchorSource, 'now-day');
    assert.ok(s.dataset.anchorMs <= now && now - s.dataset.anchorMs < 86_400_000);
  });

  test('10k-ticks: the main scenario', () => {
    const s = loadScenario('10k-ticks');
    assert.deepEqual(s.targets, ['postgres', 'timescaledb', 'influxdb']);
    // Interleaved trials: 5 pairs per claim's phase (query, ingest), 3 loads.
    assert.equal(s.trials, 5);
    assert.ok(s.phases.some((p) => p.id === 'storage-compressed'));
    const preload = s.phases.find((p) => p.kind === 'preload') as PreloadPhase;
    assert.equal(preload.rows, 1_000_000);
    assert.equal(preload.trials, 3);
    const query = s.phases.find((p) => p.kind === 'query') as QueryPhase;
    assert.equal(query.trials, 5);
    const ingest = s.phases.find((p) => p.kind === 'ingest') as IngestPhase;
    assert.equal(ingest.trials, 5);
    assert.equal(ingest.rate, 10_000);
    assert.equal(ingest.durationMs, 12_000);
    assert.equal(ingest.warmupMs, 2000);
    assert.deepEqual(s.dataset.tables.market_price_ticks, { ...defaultShape('market_price_ticks'), keys: 20, exchanges: 4 });
    assert.ok(s.claims.every((c) => c.direction && c.gate === false));
  });
});

describe('normalizeScenario (pure)', () => {
  const input = (data: Record<string, unknown>) => ({
    data,
    schema: builtInScenarioSchema(),
    file: '/x/test.yaml',
    defaultName: 'test',
    defaultShape,
    nowMs: Date.UTC(2025, 5, 1, 12, 34, 56),
    overrides: [],
  });

  test('ids: kind, or kind-n when repeated; never a taken id', () => {
    const { scenario, problems } = normalizeScenario(
      input({ targets: ['postgres'], phases: [{ kind: 'storage' }, { kind: 'storage' }, { kind: 'query', id: 'storage-1' }, { kind: 'compress' }] }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      scenario.phases.map((p) => p.id),
      ['storage-2', 'storage-3', 'storage-1', 'compress'],
    );
  });

  test('defaults: trials, seed, anchor now-day (UTC midnight), per-phase defaults, capacity phases', () => {
    const { scenario, problems } = normalizeScenario(
      input({
        targets: ['postgres'],
        phases: [
          { kind: 'compress' },
          { kind: 'retention', table: 'alert_events' },
          { kind: 'downsample' },
          { kind: 'saturate', table: 'market_price_ticks', slo: { maxP99: '500ms' } },
        ],
        claims: [{ id: 'c', text: 't', metric: 'compress.duration_ms', target: 'postgres', threshold: '1_000' }],
        capacity: { rate: '2k/s', retention: '90d', aggregates: true },
        compare: { minEffect: { ms: '5%', throughput: 0.03 }, alpha: 0.01 },
      }),
    );
    assert.deepEqual(problems, []);
    assert.equal(scenario.trials, 3);
    assert.equal(scenario.dataset.seed, 1);
    // nowMs 2025-06-01 12:34:56Z: the default anchor is the start of that UTC day.
    assert.equal(scenario.dataset.anchorMs, Date.UTC(2025, 5, 1));
    assert.equal(scenario.dataset.anchorSource, 'now-day');
    const byHour = normalizeScenario(input({ targets: ['postgres'], anchor: 'now-hour', phases: [{ kind: 'storage' }] }));
    assert.deepEqual(byHour.problems, []);
    assert.equal(byHour.scenario.dataset.anchorMs, Date.UTC(2025, 5, 1, 12));
    const bad = normalizeScenario(input({ targets: ['postgres'], anchor: 'now-week', phases: [{ kind: 'storage' }] }));
    assert.ok(
      bad.problems.some((p) => /now-day/.test(p.message)),
      JSON.stringify(bad.problems),
    );
    // compress is one-shot: its own default of 1 trial wins over the scenario's 3; a value the file gives wins over both.
    assert.deepEqual(scenario.phases[0], { id: 'compress', kind: 'compress', olderThanMs: 7 * 86_400_000, trials: 1 });
    const explicit = normalizeScenario(input({ targets: ['postgres'], trials: 3, phases: [{ kind: 'compress', trials: 2 }] }));
    assert.equal(explicit.scenario.phases[0].trials, 2);
    assert.equal((scenario.phases[1] as { dropAfterMs: number }).dropAfterMs, 90 * 86_400_000);
    assert.deepEqual(scenario.phases[2], { id: 'downsample', kind: 'downsample', iterations: 10, warmup: 2, trials: 3 });
    const saturate = scenario.phases[3] as SaturatePhase;
    assert.deepEqual(saturate.slo, { minAchievedRatio: 0.95, maxP99Ms: 500, maxLagGrowthMs: 250 });
    assert.equal(saturate.startRate, 1000);
    assert.equal(scenario.claims[0].threshold, 1000);
    assert.equal(scenario.claims[0].direction, 'better');
    assert.deepEqual(scenario.capacity, { rate: 2000, retentionMs: 90 * 86_400_000, aggregateBucketsMs: [3_600_000] });
    assert.deepEqual(scenario.compare, { minEffect: { ms: 0.05, throughput: 0.03 }, alpha: 0.01 });
    assert.deepEqual(Object.keys(scenario.dataset.tables).sort(), ['alert_events', 'market_price_ticks']);
  });

  test('seed given twice is a problem', () => {
    const { problems } = normalizeScenario(input({ targets: ['postgres'], seed: 1, dataset: { seed: 2 }, phases: [{ kind: 'storage' }] }));
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0].path, ['dataset', 'seed']);
  });
});

test('an unknown scenario name suggests the closest', () => {
  assert.throws(
    () => loadScenario('smok'),
    (e: unknown) => e instanceof InputError && /no scenario named 'smok' \(did you mean 'smoke'\?\)/.test(e.message),
  );
});
