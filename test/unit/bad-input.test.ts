/**
 * The bad-input corpus: scenarios, command-line flags, results files, plan and compare inputs
 * that a new user (or an attacker) may give. Every case must end as one readable message that
 * names the fault (file, key, flag) with exit 2 — never a stack trace, a raw JavaScript error
 * or a hang. Most cases call the validating functions in-process; a representative set runs
 * the real CLI as a child process to check exit codes and output end to end. No case starts
 * a server: every input is rejected before any engine is touched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, TargetError } from '../../bench/core/errors.js';
import { clearSecrets, redact, redactDeep, registerSecret } from '../../bench/core/redact.js';
import { REPO_ROOT, listScenarios, type ScenarioOverrides } from '../../bench/scenario/load.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { MAX_NESTING } from '../../bench/scenario/yaml-source.js';
import { readResults, checkResultsValue } from '../../bench/run/results-file.js';
import { loadResultsFile, loadRuns } from '../../bench/compare/load.js';
import { compareCommand } from '../../bench/compare/command.js';
import { checkPlanFlags, type PlanFlags } from '../../bench/commands/plan-bounds.js';
import { checkOutDir, EXIT, reportError } from '../../bench/commands/exit.js';
import { joinNegativeValues } from '../../bench/commands/argv.js';
import { hideUrlSecretsFromPs, parsePostgresUrl } from '../../bench/runtimes/external/url.js';
import { planDataset } from '../../bench/phases/dataset.js';
import { loadPhases } from '../../bench/run/registry.js';

const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-bad-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const STACK_LINE = /^\s+at /m;

/** A valid scenario every scenario case mutates: two engines, every metric-producing basic phase. */
const BASE = `name: bad-input-base
targets: [postgres, timescaledb]
phases:
  - kind: preload
    table: market_price_ticks
    rows: 1000
    span: 1d
  - kind: query
    iterations: 2
  - kind: storage
  - kind: ingest
    table: market_price_ticks
    rate: 1k/s
    duration: 2s
    warmup: 500ms
`;

const claim = (fields: string): string => `claims:\n  - id: c1\n    text: a claim\n${fields.replace(/^/gm, '    ')}\n`;

let fileNo = 0;
function scenarioFile(text: string): string {
  const file = join(tmp, `scenario-${++fileNo}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** Runs `fn`, which must throw an InputError without a stack in its message; returns the message. */
function inputError(fn: () => unknown): string {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== undefined, 'expected an InputError, nothing was thrown');
  assert.ok(thrown instanceof InputError, `expected InputError, got ${String(thrown)}`);
  assert.doesNotMatch(thrown.message, STACK_LINE, 'no stack trace in the message');
  return thrown.message;
}

async function asyncInputError(fn: () => Promise<unknown>): Promise<string> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof InputError, `expected InputError, got ${String(thrown)}`);
  assert.doesNotMatch(thrown.message, STACK_LINE);
  return thrown.message;
}

function expectAll(message: string, expected: readonly (string | RegExp)[]): void {
  for (const e of expected) {
    if (typeof e === 'string') assert.ok(message.includes(e), `message lacks ${JSON.stringify(e)}:\n${message}`);
    else assert.match(message, e);
  }
}

function deepFlow(levels: number): string {
  return `${BASE}engines:\n  postgres:\n    options:\n      x: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

function deepBlock(levels: number): string {
  const lines = ['engines:', '  postgres:', '    options:'];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(6 + i)}k${i}:`);
  lines.push(`${' '.repeat(6 + levels)}v: 1`);
  return BASE + lines.join('\n') + '\n';
}

interface ScenarioCase {
  name: string;
  text: string;
  overrides?: ScenarioOverrides;
  expect: (string | RegExp)[];
}

const scenarioCases: ScenarioCase[] = [
  // Claims: every reference resolved at load time (a typo must not switch a gate off).
  {
    name: 'gate on query.ticks_7d_hourly.p50 (not p50_ms)',
    text: BASE + claim('metric: query.ticks_7d_hourly.p50\ntarget: timescaledb\nbaseline: postgres\nfactor: 10\ngate: true'),
    expect: ['claims[0].metric', "did you mean 'ticks_7d_hourly.p50_ms'?", /:\d+:\d+: /],
  },
  {
    name: 'gate on preload.no_such_metric',
    text: BASE + claim('metric: preload.no_such_metric\ntarget: timescaledb\nthreshold: 5\ngate: true'),
    expect: ['claims[0].metric', "no metric 'no_such_metric'", 'rows_per_s'],
  },
  { name: 'misspelled preload metric rows_per_sec', text: BASE + claim('metric: preload.rows_per_sec\ntarget: timescaledb\nthreshold: 5'), expect: ["did you mean 'rows_per_s'?"] },
  {
    name: 'misspelled ingest metric latency_p99',
    text: BASE + claim('metric: ingest.latency_p99\ntarget: timescaledb\nthreshold: 5'),
    expect: ['claims[0].metric', "did you mean 'latency_p99_ms'?"],
  },
  {
    name: 'unknown phase in metric',
    text: BASE + claim('metric: querry.ticks_7d_hourly.p50_ms\ntarget: timescaledb\nthreshold: 5'),
    expect: ["no phase with id 'querry'", "did you mean 'query'?"],
  },
  {
    name: 'storage metric of an unloaded table',
    text: BASE + claim('metric: storage.sentiment_scores.bytes\ntarget: timescaledb\nthreshold: 5'),
    expect: ["no metric 'sentiment_scores.bytes'"],
  },
  {
    name: 'storage metric with a misspelled suffix',
    text: BASE + claim('metric: storage.market_price_ticks.byte\ntarget: timescaledb\nthreshold: 5'),
    expect: ["did you mean 'market_price_ticks.bytes'?"],
  },
  {
    name: 'query metric of a query not run',
    text: BASE + claim('metric: query.sentiment_hourly.p50_ms\ntarget: timescaledb\nthreshold: 5'),
    expect: ["no metric 'sentiment_hourly.p50_ms'"],
  },
  {
    name: 'misspelled baselineMetric',
    text: BASE + claim('metric: storage.market_price_ticks.bytes\nbaselineMetric: storage.market_price_ticks.bytez\ntarget: timescaledb\nbaseline: postgres\nfactor: 2'),
    expect: ['claims[0].baselineMetric', "did you mean 'market_price_ticks.bytes'?"],
  },
  {
    name: 'baseline engine postgress (not a target)',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: timescaledb\nbaseline: postgress\nfactor: 10\ngate: true'),
    expect: ['claims[0].baseline', "engine 'postgress' is not among the targets", "did you mean 'postgres'?"],
  },
  {
    name: 'claim target not a target',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: influxdb\nthreshold: 5'),
    expect: ['claims[0].target', "engine 'influxdb' is not among the targets"],
  },
  { name: 'claim metric without a phase part', text: BASE + claim('metric: rows_per_s\ntarget: timescaledb\nthreshold: 5'), expect: ['claims[0].metric'] },
  {
    name: 'claim with both baseline and threshold',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: timescaledb\nbaseline: postgres\nfactor: 2\nthreshold: 5'),
    expect: ['not both'],
  },
  { name: 'claim with neither baseline nor threshold', text: BASE + claim('metric: preload.rows_per_s\ntarget: timescaledb'), expect: ['expected either baseline'] },
  { name: 'claim baseline without factor', text: BASE + claim('metric: preload.rows_per_s\ntarget: timescaledb\nbaseline: postgres'), expect: ['claims[0]', 'factor'] },
  {
    name: 'claim against itself without baselineMetric',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: postgres\nbaseline: postgres\nfactor: 2'),
    expect: ['claims[0].baseline', 'ratio would be 1'],
  },
  {
    name: 'duplicate claim ids',
    text:
      BASE +
      'claims:\n' +
      [
        '  - id: c1\n    text: a\n    metric: preload.rows_per_s\n    target: postgres\n    threshold: 1',
        '  - id: c1\n    text: b\n    metric: preload.rows_per_s\n    target: postgres\n    threshold: 2',
      ].join('\n') +
      '\n',
    expect: ["duplicate claim id 'c1'"],
  },
  {
    name: 'claim with an unknown key',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: postgres\nthreshold: 1\ngatee: true'),
    expect: ["unknown key 'gatee'", "did you mean 'gate'?"],
  },
  { name: 'gate is not a boolean', text: BASE + claim('metric: preload.rows_per_s\ntarget: postgres\nthreshold: 1\ngate: sometimes'), expect: ['claims[0].gate'] },
  // Planning bounds: keys, rows per stream, spans.
  { name: 'rows: 999999G', text: BASE.replace('rows: 1000', 'rows: 999999G'), expect: ['phases[0].rows', 'limit of 100,000,000 rows per stream'] },
  { name: 'rows above the limit by one', text: BASE.replace('rows: 1000', 'rows: 100_000_001'), expect: ['phases[0].rows', '100,000,000'] },
  { name: 'span: 0s', text: BASE.replace('span: 1d', 'span: 0s'), expect: ['phases[0].span', 'above zero'] },
  { name: 'rows that do not fit in the span', text: BASE.replace('span: 1d', 'span: 1ms').replace('rows: 1000', 'rows: 2000'), expect: ['phases[0].rows', 'do not fit in a span'] },
  { name: 'keys: 5G', text: `${BASE}dataset:\n  tables:\n    market_price_ticks:\n      keys: 5G\n`, expect: ['dataset.tables.market_price_ticks.keys', 'at most 1,000,000 keys'] },
  { name: 'keys: 0', text: `${BASE}dataset:\n  tables:\n    market_price_ticks:\n      keys: 0\n`, expect: ['dataset.tables.market_price_ticks.keys'] },
  { name: 'keys: 2M', text: `${BASE}dataset:\n  tables:\n    market_price_ticks:\n      keys: 2M\n`, expect: ['keys', '1,000,000'] },
  {
    name: 'ingest rate x duration above the stream limit',
    text: BASE.replace('rate: 1k/s', 'rate: 100M/s').replace('duration: 2s', 'duration: 10s'),
    expect: ['phases[3].duration', '1,000,000,000 rows'],
  },
  { name: 'ingest duration: 0s', text: BASE.replace('duration: 2s', 'duration: 0s').replace('    warmup: 500ms\n', ''), expect: ['phases[3].duration', 'above zero'] },
  {
    name: 'saturate maxRate x stepDuration above the stream limit',
    text: `${BASE}  - kind: saturate\n    table: market_price_ticks\n    maxRate: 1G/s\n    stepDuration: 10s\n`,
    expect: ['phases[4].maxRate', 'rows in one stream'],
  },
  { name: 'saturate budget: 0s', text: `${BASE}  - kind: saturate\n    table: market_price_ticks\n    budget: 0s\n`, expect: ['phases[4].budget', 'above zero'] },
  { name: 'growth rows above the limit', text: `${BASE}  - kind: growth\n    table: market_price_ticks\n    rows: 1G\n`, expect: ['phases[4].rows', 'limit'] },
  { name: 'growth with fewer rows than steps', text: `${BASE}  - kind: growth\n    table: market_price_ticks\n    rows: 3\n    steps: 5\n`, expect: ['phases[4].steps'] },
  // Throwaway servers always listen on loopback.
  {
    name: 'listen_addresses',
    text: `${BASE}engines:\n  postgres:\n    settings:\n      listen_addresses: '*'\n`,
    expect: ['engines.postgres.settings.listen_addresses', 'not allowed', 'loopback'],
  },
  { name: 'port', text: `${BASE}engines:\n  postgres:\n    settings:\n      port: 5433\n`, expect: ['engines.postgres.settings.port', 'not allowed'] },
  {
    name: 'unix_socket_directories',
    text: `${BASE}engines:\n  timescaledb:\n    settings:\n      unix_socket_directories: /tmp\n`,
    expect: ['engines.timescaledb.settings.unix_socket_directories'],
  },
  { name: 'hba_file', text: `${BASE}engines:\n  postgres:\n    settings:\n      hba_file: /etc/hba\n`, expect: ['hba_file', 'not allowed'] },
  {
    name: 'influx http.bind-address',
    text: `${BASE}engines:\n  influxdb:\n    settings:\n      http.bind-address: ':8086'\n`,
    expect: ['engines.influxdb.settings["http.bind-address"]', 'not allowed'],
  },
  {
    name: 'influx bind-address',
    text: `${BASE}engines:\n  influxdb:\n    settings:\n      bind-address: '0.0.0.0:8088'\n`,
    expect: ['engines.influxdb.settings.bind-address', 'not allowed'],
  },
  { name: 'influx http.auth-enabled', text: `${BASE}engines:\n  influxdb:\n    settings:\n      http.auth-enabled: false\n`, expect: ['auth-enabled', 'not allowed'] },
  { name: 'LISTEN_ADDRESSES in capitals', text: `${BASE}engines:\n  postgres:\n    settings:\n      LISTEN_ADDRESSES: '*'\n`, expect: ['LISTEN_ADDRESSES', 'not allowed'] },
  // Names: engines, runtimes, kinds, tables, queries, ids.
  {
    name: 'unknown engine in targets',
    text: BASE.replace('[postgres, timescaledb]', '[postgress, timescaledb]'),
    expect: ['targets[0]', "unknown engine 'postgress'", "did you mean 'postgres'?"],
  },
  { name: 'unknown runtime in a target', text: BASE.replace('[postgres, timescaledb]', '[postgres@dockr]'), expect: ['targets[0]'] },
  { name: 'empty target list', text: BASE.replace('[postgres, timescaledb]', '[]'), expect: ['targets'] },
  { name: 'unknown engine under engines', text: `${BASE}engines:\n  postgress:\n    settings:\n      work_mem: 4MB\n`, expect: ['engines', 'postgress'] },
  { name: 'unknown phase kind', text: BASE.replace('kind: storage', 'kind: storag'), expect: ['phases[2].kind', "did you mean 'storage'?"] },
  {
    name: 'unknown table',
    text: BASE.replace('table: market_price_ticks\n    rows', 'table: market_ticks\n    rows'),
    expect: ['phases[0].table', "did you mean 'market_price_ticks'?"],
  },
  {
    name: 'unknown query id',
    text: BASE.replace('iterations: 2', 'iterations: 2\n    queries: [ticks_7d_hourli]'),
    expect: ['phases[1].queries[0]', "did you mean 'ticks_7d_hourly'?"],
  },
  {
    name: 'duplicate phase ids',
    text: BASE.replace('kind: storage', 'kind: storage\n    id: size').replace('kind: query', 'kind: query\n    id: size'),
    expect: ["duplicate phase id 'size'"],
  },
  { name: 'phase id with a dot', text: BASE.replace('kind: storage', 'kind: storage\n    id: st.orage'), expect: ['phases[2].id'] },
  { name: 'unknown top-level key', text: BASE + 'trails: 3\n', expect: ["unknown key 'trails'", "did you mean 'trials'?"] },
  { name: 'unknown phase key (rat)', text: BASE.replace('rate: 1k/s', 'rat: 1k/s'), expect: ['phases[3].rat', "did you mean 'rate'?"] },
  { name: 'missing phases', text: 'name: x\ntargets: [postgres]\n', expect: ['phases'] },
  { name: 'missing targets', text: 'name: x\nphases:\n  - kind: storage\n', expect: ['targets'] },
  // Units and numbers.
  { name: 'duration with words', text: BASE.replace('span: 1d', 'span: 7 dayz'), expect: ['phases[0].span', 'a duration like'] },
  { name: 'rate without /s', text: BASE.replace('rate: 1k/s', 'rate: 1k'), expect: ['phases[3].rate', 'a rate like'] },
  { name: 'negative rate in the file', text: BASE.replace('rate: 1k/s', 'rate: -5k/s'), expect: ['phases[3].rate'] },
  { name: 'rate of zero', text: BASE.replace('rate: 1k/s', 'rate: 0/s'), expect: ['phases[3].rate', 'above zero'] },
  { name: 'fractional rows', text: BASE.replace('rows: 1000', 'rows: 1.2345k'), expect: ['phases[0].rows', 'whole number'] },
  { name: 'rows as a word', text: BASE.replace('rows: 1000', 'rows: many'), expect: ['phases[0].rows'] },
  { name: 'negative rows', text: BASE.replace('rows: 1000', 'rows: -5'), expect: ['phases[0].rows'] },
  { name: 'rows: 0', text: BASE.replace('rows: 1000', 'rows: 0'), expect: ['phases[0].rows'] },
  { name: 'warm-up longer than the duration', text: BASE.replace('warmup: 500ms', 'warmup: 5s'), expect: ['phases[3].warmup', 'shorter than duration'] },
  { name: 'trials: 0 in the file', text: BASE + 'trials: 0\n', expect: ['trials'] },
  { name: 'trials as a word', text: BASE + 'trials: many\n', expect: ['trials'] },
  { name: 'anchor that is no instant', text: BASE + 'anchor: yesterday\n', expect: ['anchor'] },
  { name: 'seed given twice', text: BASE + 'seed: 1\ndataset:\n  seed: 2\n', expect: ['dataset.seed', 'given twice'] },
  { name: 'maxRate below startRate', text: `${BASE}  - kind: saturate\n    table: market_price_ticks\n    startRate: 10k/s\n    maxRate: 1k/s\n`, expect: ['phases[4].maxRate'] },
  // YAML itself.
  { name: '100,000-deep flow YAML', text: deepFlow(100_000), expect: [`nested more than ${MAX_NESTING} levels`, /:\d+:\d+: /] },
  { name: 'deep block YAML', text: deepBlock(MAX_NESTING + 20), expect: [`nested more than ${MAX_NESTING} levels`] },
  { name: 'YAML syntax error', text: BASE + 'phases: [\n', expect: ['YAML syntax error'] },
  { name: 'duplicate YAML key', text: BASE + 'name: again\n', expect: ['YAML syntax error'] },
  { name: 'empty file', text: '', expect: ['the file is empty'] },
  { name: 'a list at the top', text: '- a\n- b\n', expect: ['expected a mapping'] },
  { name: '__proto__ key in the file', text: BASE + '__proto__:\n  polluted: 1\n', expect: ["'__proto__' is not allowed as a key"] },
  {
    name: '__proto__ inside free-form engine options',
    text: BASE + 'engines:\n  postgres:\n    options:\n      __proto__: {polluted: 1}\n',
    expect: ['engines.postgres.options.__proto__', 'not allowed'],
  },
  {
    name: 'constructor key inside settings',
    text: BASE + 'engines:\n  postgres:\n    settings:\n      constructor: 1\n',
    expect: ['engines.postgres.settings.constructor', 'not allowed'],
  },
  {
    name: '--set with a __proto__ mapping as the value',
    text: BASE,
    overrides: { set: ['engines={postgres: {options: {__proto__: {polluted: 1}}}}'] },
    expect: ["'__proto__' is not allowed"],
  },
  // Command-line overrides (--set, --trials, --targets, --runtime), applied before validation.
  { name: '--set __proto__.polluted=1', text: BASE, overrides: { set: ['__proto__.polluted=1'] }, expect: ["'__proto__' is not allowed", '--set __proto__.polluted=1'] },
  { name: '--set constructor.prototype.polluted=1', text: BASE, overrides: { set: ['constructor.prototype.polluted=1'] }, expect: ["'constructor' is not allowed"] },
  { name: '--set phases[0].__proto__.x=1', text: BASE, overrides: { set: ['phases[0].__proto__.x=1'] }, expect: ["'__proto__' is not allowed"] },
  {
    name: '--set dataset.tables.market_price_ticks.prototype=1',
    text: BASE,
    overrides: { set: ['dataset.tables.market_price_ticks.prototype=1'] },
    expect: ["'prototype' is not allowed"],
  },
  { name: '--set ["__proto__"].x=1 (quoted key)', text: BASE, overrides: { set: ['["__proto__"].x=1'] }, expect: ["'__proto__' is not allowed"] },
  {
    name: '--set phases[3].rate=-5k/s',
    text: BASE,
    overrides: { set: ['phases[3].rate=-5k/s'] },
    expect: ['phases[3].rate', 'must not be negative', '--set phases[3].rate=-5k/s'],
  },
  { name: '--set phases[0].rows=999999G', text: BASE, overrides: { set: ['phases[0].rows=999999G'] }, expect: ['phases[0].rows', 'limit', '--set phases[0].rows=999999G'] },
  { name: '--set phases[0].span=0s', text: BASE, overrides: { set: ['phases[0].span=0s'] }, expect: ['phases[0].span', 'above zero'] },
  { name: '--set keys=5G', text: BASE, overrides: { set: ['dataset.tables.market_price_ticks.keys=5G'] }, expect: ['keys', '1,000,000'] },
  { name: '--set listen_addresses', text: BASE, overrides: { set: ['engines.postgres.settings.listen_addresses=*'] }, expect: ['listen_addresses', 'not allowed'] },
  { name: '--set past the end of a list', text: BASE, overrides: { set: ['phases[9].rate=1k/s'] }, expect: ['phases[9]', 'does not exist'] },
  { name: '--set through a list without an index', text: BASE, overrides: { set: ['phases.rate=1k/s'] }, expect: ['is a list'] },
  { name: '--set without =', text: BASE, overrides: { set: ['phases[1].rate'] }, expect: ['expected path=value'] },
  { name: '--set with a bad path', text: BASE, overrides: { set: ['phases[1.rate=5'] }, expect: ['bad path'] },
  { name: '--set misspelled key', text: BASE, overrides: { set: ['phases[3].rat=5k/s'] }, expect: ["unknown key 'rat'", '--set phases[3].rat=5k/s'] },
  { name: '--trials 0', text: BASE, overrides: { trials: 0 }, expect: ['trials', '--trials 0'] },
  { name: '--trials -1', text: BASE, overrides: { trials: -1 }, expect: ['trials', '--trials -1'] },
  { name: '--trials abc (NaN from yargs)', text: BASE, overrides: { trials: Number.NaN }, expect: ['--trials', 'not a number'] },
  { name: '--trials 1.5', text: BASE, overrides: { trials: 1.5 }, expect: ['trials'] },
  { name: '--seed abc (NaN)', text: BASE, overrides: { seed: Number.NaN }, expect: ['--seed', 'not a number'] },
  { name: '--runtime dockr', text: BASE, overrides: { runtime: 'dockr' }, expect: ['runtime', "did you mean 'docker'?", '--runtime dockr'] },
  { name: '--targets postgress', text: BASE, overrides: { targets: ['postgress'] }, expect: ["unknown engine 'postgress'", '--targets postgress'] },
  { name: '--targets postgres@nowhere', text: BASE, overrides: { targets: ['postgres@nowhere'] }, expect: ['targets[0]', '--targets postgres@nowhere'] },
  {
    name: '--targets that leaves a claim engine out',
    text: BASE + claim('metric: preload.rows_per_s\ntarget: timescaledb\nbaseline: postgres\nfactor: 2'),
    overrides: { targets: ['postgres'] },
    expect: ["engine 'timescaledb' is not among the targets"],
  },
];

describe('bad scenarios and overrides: InputError naming the file and the key', () => {
  for (const c of scenarioCases) {
    test(c.name, () => {
      const file = scenarioFile(c.text);
      const message = inputError(() => loadScenario(file, c.overrides ?? {}));
      assert.ok(message.includes(file.split('/').pop()!), `message names the file:\n${message}`);
      expectAll(message, c.expect);
    });
  }

  test('the base scenario itself is valid (so each case fails for its own fault)', () => {
    const s = loadScenario(scenarioFile(BASE));
    assert.deepEqual(
      s.phases.map((p) => p.id),
      ['preload', 'query', 'storage', 'ingest'],
    );
  });

  test('every shipped scenario loads: each claim resolves against the metric catalogue', () => {
    const shipped = listScenarios();
    assert.ok(shipped.length >= 5);
    for (const s of shipped) assert.doesNotThrow(() => loadScenario(s.file), s.name);
  });

  test('no --set or YAML case polluted Object.prototype', () => {
    for (const key of ['polluted', 'x']) assert.equal(key in {}, false, `Object.prototype.${key} was set`);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });
});

// --- results files (report, plan: readResults; compare, history: loadResultsFile) ---

const valid = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'results-capacity.json'), 'utf8')) as Record<string, unknown>;
// The mutations below reach into arbitrary JSON on purpose (to break it): untyped by design.
/* eslint-disable @typescript-eslint/no-explicit-any */
const mutated = (change: (r: Record<string, any>) => void): string => {
  const copy = structuredClone(valid) as Record<string, any>;
  change(copy);
  return JSON.stringify(copy);
};

const resultsCases: { name: string; text: string; expect: (string | RegExp)[] }[] = [
  { name: 'not JSON', text: 'nope', expect: ['invalid JSON'] },
  { name: 'empty file', text: '', expect: ['invalid JSON'] },
  { name: 'a JSON array', text: '[1, 2]', expect: ['expected a JSON object; found a JSON array'] },
  { name: 'a JSON string', text: '"results"', expect: ['found a string'] },
  { name: 'JSON null', text: 'null', expect: ['found null'] },
  { name: 'an empty object', text: '{}', expect: ["'schemaVersion' is missing"] },
  { name: 'a foreign JSON object', text: '{"not": "results"}', expect: ['is missing'] },
  { name: 'JSON without claims', text: mutated((r) => delete r.claims), expect: ["'claims' is missing"] },
  { name: 'JSON without scenario', text: mutated((r) => delete r.scenario), expect: ["'scenario' is missing"] },
  { name: 'schemaVersion as a string', text: mutated((r) => (r.schemaVersion = '1')), expect: ['schemaVersion', 'integer'] },
  { name: 'schemaVersion from the future', text: mutated((r) => (r.schemaVersion = 99)), expect: ['newer than this tool'] },
  { name: 'targets not a list', text: mutated((r) => (r.targets = {})), expect: ['targets', 'array'] },
  { name: 'a target without engine', text: mutated((r) => delete r.targets[0].engine), expect: ['targets[0]', "'engine' is missing"] },
  {
    name: 'a metric value as text',
    text: mutated((r) => {
      const m = r.targets[0].phases.find((p: any) => Object.keys(p.metrics).length > 0).metrics;
      m[Object.keys(m)[0]].value = 'fast';
    }),
    expect: [/targets\[0\]\.phases\[\d+\]\.metrics/, 'value'],
  },
  /* eslint-enable @typescript-eslint/no-explicit-any */
  { name: 'a phase without an id', text: mutated((r) => delete r.targets[0].phases[0].id), expect: ['targets[0].phases[0]', "'id' is missing"] },
  { name: 'dataset without fingerprint', text: mutated((r) => delete r.dataset.fingerprint), expect: ['dataset', "'fingerprint' is missing"] },
  { name: 'claims not a list', text: mutated((r) => (r.claims = 'none')), expect: ['claims', 'array'] },
  { name: 'JSON nested 100,000 deep', text: '['.repeat(100_000) + ']'.repeat(100_000), expect: ['not a tsdb-bench results file'] },
];

describe('bad results files: "X is not a tsdb-bench results file: <first problem>"', () => {
  resultsCases.forEach((c, i) => {
    const file = join(tmp, `results-${i}.json`);
    test(`report/plan: ${c.name}`, () => {
      writeFileSync(file, c.text);
      const message = inputError(() => readResults(file));
      assert.ok(message.startsWith(file), message);
      expectAll(message, c.expect);
    });
    test(`compare/history: ${c.name}`, async () => {
      writeFileSync(file, c.text);
      const message = await asyncInputError(() => loadResultsFile(file));
      assert.ok(message.startsWith(file), message);
      expectAll(message, c.expect);
    });
  });

  test('a missing results file', () => {
    expectAll(
      inputError(() => readResults(join(tmp, 'absent.json'))),
      ['absent.json', 'no such file'],
    );
  });
  test('a directory given to report', () => {
    expectAll(
      inputError(() => readResults(tmp)),
      ['is a directory'],
    );
  });
  test('the shipped fixtures and a freshly built run pass the schema', () => {
    assert.doesNotThrow(() => readResults(join(REPO_ROOT, 'fixtures', 'results-capacity.json')));
    assert.doesNotThrow(() => readResults(join(REPO_ROOT, 'fixtures', 'results-seed-matrix.json')));
    assert.doesNotThrow(() => checkResultsValue({ ...valid, someFutureField: { any: 'thing' } }, 'extra.json'), 'additional properties are allowed');
  });
  test('a directory whose results.json is broken fails the whole load (history, compare)', async () => {
    const dir = join(tmp, 'history-broken', 'run-1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.json'), '{"not": "results"}');
    expectAll(await asyncInputError(() => loadRuns(join(tmp, 'history-broken'))), ['run-1/results.json is not a tsdb-bench results file']);
  });
});

// --- plan flags, --out, compare inputs, argv ---

describe('plan numbers within sane bounds', () => {
  const cases: [PlanFlags, (string | RegExp)[]][] = [
    [{ retention: '100000000d' }, ['--retention 100000000d', 'at most 36500 days']],
    [{ retention: '0d' }, ['--retention', 'above zero']],
    [{ retention: '-5d' }, ['--retention', 'must not be negative']],
    [{ retention: 'forever' }, ['--retention', 'a duration like']],
    [{ rate: '-5k/s' }, ['--rate', 'must not be negative']],
    [{ rate: '0/s' }, ['--rate', 'above zero']],
    [{ rate: '2G/s' }, ['--rate 2G/s', 'at most 1,000,000,000 rows/s']],
    [{ rate: 'fast' }, ['--rate', 'a rate like']],
    [{ chunk: '0s' }, ['--chunk', 'above zero']],
    [{ chunk: '1s' }, ['--chunk 1s', 'at least 1m']],
    [{ chunk: '2d', retention: '1d' }, ['--chunk 2d', 'longer than --retention 1d']],
    [{ 'compress-after': '100d', retention: '90d' }, ['--compress-after 100d', 'later than --retention 90d']],
    [{ 'compress-after': '1000000d' }, ['--compress-after', 'at most 36500 days']],
  ];
  for (const [flags, expected] of cases) {
    test(JSON.stringify(flags), () =>
      expectAll(
        inputError(() => checkPlanFlags(flags)),
        expected,
      ),
    );
  }
  test('sane values pass', () => assert.doesNotThrow(() => checkPlanFlags({ rate: '10k/s', retention: '90d', 'compress-after': '7d', chunk: '1d' })));
});

describe('--out, compare inputs, negative values on the command line', () => {
  const aFile = join(tmp, 'a-file');
  before(() => writeFileSync(aFile, 'x'));
  test('--out naming an existing file', () =>
    expectAll(
      inputError(() => checkOutDir(aFile)),
      ['--out', 'exists and is not a directory'],
    ));
  test('--out empty', () =>
    expectAll(
      inputError(() => checkOutDir('  ')),
      ['--out', 'empty'],
    ));
  test('--out naming a new or existing directory passes', () => {
    assert.equal(checkOutDir(tmp), tmp);
    assert.equal(checkOutDir(join(tmp, 'new-dir')), join(tmp, 'new-dir'));
  });

  const sink = () => {
    const out = { stdout: [] as string[], stderr: [] as string[] };
    return { out, io: { stdout: (t: string) => out.stdout.push(t), stderr: (l: string) => out.stderr.push(l) } };
  };
  const good = join(REPO_ROOT, 'fixtures', 'results-capacity.json');
  const compareCases: [string, Parameters<typeof compareCommand>[0], string[]][] = [
    ['baseline path missing', { baseline: join(tmp, 'nope'), current: good }, ['nope', 'no such file or directory']],
    ['current is not a results file', { baseline: good, current: join(tmp, 'results-0.json') }, ['is not a tsdb-bench results file']],
    ['baseline directory without results', { baseline: join(tmp, 'new-dir-empty'), current: good }, ['no results.json found']],
    ['--min-effect without =', { baseline: good, current: good, minEffect: ['throughput'] }, ['--min-effect throughput']],
    ['--min-effect above 1', { baseline: good, current: good, minEffect: ['throughput=5'] }, ['--min-effect throughput', 'fraction']],
    ['--alpha 2', { baseline: good, current: good, alpha: 2 }, ['--alpha']],
  ];
  for (const [name, args, expected] of compareCases) {
    test(`compare: ${name}`, async () => {
      mkdirSync(join(tmp, 'new-dir-empty'), { recursive: true });
      writeFileSync(join(tmp, 'results-0.json'), 'nope');
      const { out, io } = sink();
      assert.equal(await compareCommand(args, io), 2);
      const text = out.stderr.join('\n');
      expectAll(text, expected);
      assert.doesNotMatch(text, STACK_LINE);
    });
  }

  test('--rate -5k/s is one option value, not unknown flags', () => {
    assert.deepEqual(joinNegativeValues(['plan', 'r.json', '--rate', '-5k/s']), ['plan', 'r.json', '--rate=-5k/s']);
    assert.deepEqual(joinNegativeValues(['run', '--trials', '-1', '-q']), ['run', '--trials=-1', '-q']);
    assert.deepEqual(joinNegativeValues(['run', '-s', 'x', '--', '--rate', '-5']), ['run', '-s', 'x', '--', '--rate', '-5']);
  });

  test('--url env:VAR that is not set names the variable', () => {
    expectAll(
      inputError(() => parsePostgresUrl('env:TSDB_BENCH_SURELY_UNSET', 'postgres', {})),
      ['TSDB_BENCH_SURELY_UNSET', 'is not set'],
    );
    assert.equal(parsePostgresUrl('env:PG_URL', 'postgres', { PG_URL: 'postgres://u:pw@127.0.0.1:5/db' }).password, 'pw');
  });
});

describe('planning honours a signal and its bounds', () => {
  test('an aborted signal stops planning with the abort reason', async () => {
    const scenario = loadScenario(scenarioFile(BASE.replace('rows: 1000', 'rows: 2M')));
    const controller = new AbortController();
    const planning = planDataset(scenario, await loadPhases(), controller.signal);
    controller.abort(new Error('interrupted by SIGINT'));
    await assert.rejects(planning, /interrupted by SIGINT/);
  });
});

// --- redaction on structure ---

describe('secrets removed from values, results stay valid', () => {
  after(clearSecrets);
  for (const password of ['5000', 'postgres', 'true', 'ext/p@ss:w0rd-long']) {
    test(`password ${JSON.stringify(password)}`, () => {
      clearSecrets();
      registerSecret(password);
      const url = `postgres://bench:${encodeURIComponent(password)}@127.0.0.1:5000/postgres`;
      const results = {
        command: `tsdb-bench run -s smoke --url postgres=${url} --targets postgres@external`,
        scenario: { name: 'smoke', engines: { postgres: { options: { url, password } } }, overrides: [`engines.postgres.options.password=${password}`] },
        targets: [
          { id: 'postgres@external', engine: 'postgres', runtime: 'external', port: 5000, enabled: true, server: { display: 'postgresql://bench@127.0.0.1:5000/postgres' } },
        ],
      };
      const text = JSON.stringify(redactDeep(results));
      const back = JSON.parse(text) as typeof results;
      assert.equal(back.targets[0].id, 'postgres@external');
      assert.equal(back.targets[0].engine, 'postgres');
      assert.equal(back.targets[0].port, 5000);
      assert.equal(back.targets[0].enabled, true);
      assert.equal(back.scenario.name, 'smoke');
      assert.equal(back.scenario.engines.postgres.options.password, '***');
      assert.ok(back.command.includes('postgres://bench:***@127.0.0.1:5000/postgres'), back.command);
      assert.ok(back.scenario.overrides[0].endsWith('password=***'));
      assert.ok(!text.includes(`bench:${encodeURIComponent(password)}@`));
      assert.equal(results.targets[0].id, 'postgres@external', 'the input is not modified');
    });
  }
  test('a literal password in --url is masked in the process title (what ps shows)', () => {
    const title = process.title;
    try {
      assert.equal(hideUrlSecretsFromPs(['run', '--url', 'postgres=postgres://bench:pw-5000@127.0.0.1:5000/db']), true);
      // Linux caps the title at the length of the original command line, so only its start is certain.
      assert.ok(process.title.startsWith('tsdb-bench run --url postgres=postgres://bench:***@'), process.title);
      assert.ok(!process.title.includes('pw-5000'));
      assert.equal(hideUrlSecretsFromPs(['run', '--url', 'postgres=env:PG_URL']), false, 'nothing to hide: title untouched');
    } finally {
      process.title = title;
    }
  });
  test('free text: weak secrets only where they are secrets, strong ones everywhere', () => {
    clearSecrets();
    registerSecret('postgres');
    registerSecret('Zq9-strong-secret');
    assert.equal(redact('postgres@native started'), 'postgres@native started');
    assert.equal(redact('PGPASSWORD=postgres psql'), 'PGPASSWORD=*** psql');
    assert.equal(redact('GET /query?db=x&u=admin&p=postgres'), 'GET /query?db=x&u=admin&p=***');
    assert.equal(redact('token Zq9-strong-secret leaked'), 'token *** leaked');
  });
});

// --- internal errors: exit 4, one line, the stack in a log file ---

describe('unexpected errors', () => {
  const capture = (fn: () => number): { code: number; stderr: string } => {
    const chunks: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      return { code: fn(), stderr: chunks.join('') };
    } finally {
      process.stderr.write = write;
    }
  };
  test('a TypeError: exit 4, one line naming the log file that holds the stack', () => {
    const dir = join(tmp, 'internal');
    const { code, stderr } = capture(() => reportError(new TypeError("Cannot read properties of undefined (reading 'claims')"), { logDir: dir, engines: false }));
    assert.equal(code, EXIT.internal);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(stderr, STACK_LINE);
    const logs = readdirSync(dir).filter((f) => f.startsWith('tsdb-bench-error-'));
    assert.equal(logs.length, 1);
    assert.ok(stderr.includes(join(dir, logs[0])), stderr);
    assert.match(readFileSync(join(dir, logs[0]), 'utf8'), STACK_LINE, 'the log holds the stack');
  });
  test('bad input stays exit 2 and an engine failure exit 3', () => {
    assert.equal(capture(() => reportError(new InputError('x'))).code, EXIT.input);
    assert.equal(capture(() => reportError(new TargetError('postgres server process exited'))).code, EXIT.target);
    assert.equal(capture(() => reportError(new Error('connection reset'))).code, EXIT.target);
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/root/x'"), { code: 'EACCES', syscall: 'mkdir' });
    const { code, stderr } = capture(() => reportError(denied, { engines: false }));
    assert.equal(code, EXIT.target, 'a refused system call is no internal error');
    assert.match(stderr, /EACCES: permission denied, mkdir/);
  });
});

// --- the real CLI, as a child process: exit codes and no stack, end to end ---

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    // The temp dir is the working directory (nothing lands in the repo), so tsx is named by its resolved URL.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'bench', 'cli.ts'), ...args], {
      cwd: tmp,
      env: { ...process.env, TSDB_BENCH_DOCKER_PULL: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI end to end (child processes)', () => {
  const gateTypo = join(tmp, 'cli-gate-typo.yaml');
  const deep = join(tmp, 'cli-deep.yaml');
  const keys = join(tmp, 'cli-keys.yaml');
  const listen = join(tmp, 'cli-listen.yaml');
  const notResults = join(tmp, 'cli-not-results.json');
  const aFile = join(tmp, 'cli-a-file');
  const historyDir = join(tmp, 'cli-history');
  const capacity = join(REPO_ROOT, 'fixtures', 'results-capacity.json');

  const cases: { name: string; args: () => string[]; code: number; expect: (string | RegExp)[] }[] = [
    {
      name: 'run: gate on a misspelled metric exits 2 before any server, with a suggestion',
      args: () => ['run', '-s', gateTypo],
      code: 2,
      expect: ['cli-gate-typo.yaml', 'claims[0].metric', "did you mean 'ticks_7d_hourly.p50_ms'?"],
    },
    { name: 'run: --set __proto__.polluted=1', args: () => ['run', '-s', 'smoke', '--set', '__proto__.polluted=1'], code: 2, expect: ["'__proto__' is not allowed"] },
    { name: 'run: --trials abc', args: () => ['run', '-s', 'smoke', '--trials', 'abc'], code: 2, expect: ['--trials'] },
    { name: 'run: --targets postgress', args: () => ['run', '-s', 'smoke', '--targets', 'postgress'], code: 2, expect: ["unknown engine 'postgress'"] },
    { name: 'run: --runtime dockr', args: () => ['run', '-s', 'smoke', '--runtime', 'dockr'], code: 2, expect: ['runtime'] },
    { name: 'run: 100,000-deep YAML', args: () => ['run', '-s', deep], code: 2, expect: ['cli-deep.yaml', 'nested more than'] },
    { name: 'run: keys 5G', args: () => ['run', '-s', keys], code: 2, expect: ['keys', '1,000,000'] },
    { name: 'run: listen_addresses', args: () => ['run', '-s', listen], code: 2, expect: ['listen_addresses', 'not allowed'] },
    { name: 'run: --out is a file', args: () => ['run', '-s', 'smoke', '--out', aFile], code: 2, expect: ['--out', 'not a directory'] },
    { name: 'run: --set phases[3].rate=-5k/s', args: () => ['run', '-s', 'smoke', '--set', 'phases[3].rate=-5k/s'], code: 2, expect: ['must not be negative'] },
    { name: 'report: not a results file', args: () => ['report', notResults], code: 2, expect: ['cli-not-results.json is not a tsdb-bench results file'] },
    { name: 'report: --out is a file', args: () => ['report', capacity, '--out', aFile], code: 2, expect: ['--out', 'not a directory'] },
    { name: 'plan: --retention 100000000d', args: () => ['plan', capacity, '--retention', '100000000d'], code: 2, expect: ['--retention', 'at most 36500 days'] },
    { name: 'plan: --rate -5k/s (not unknown arguments)', args: () => ['plan', capacity, '--rate', '-5k/s'], code: 2, expect: ['--rate', 'must not be negative'] },
    { name: 'compare: a JSON array as baseline', args: () => ['compare', notResults, capacity], code: 2, expect: ['is not a tsdb-bench results file'] },
    { name: 'history: a directory with a broken results.json', args: () => ['history', historyDir], code: 2, expect: ['is not a tsdb-bench results file'] },
    { name: 'list --metrics --scenario with a bad claim', args: () => ['list', '--metrics', '--scenario', gateTypo], code: 2, expect: ["did you mean 'ticks_7d_hourly.p50_ms'?"] },
  ];

  const results = new Map<string, CliResult>();
  before(async () => {
    writeFileSync(gateTypo, BASE + claim('metric: query.ticks_7d_hourly.p50\ntarget: timescaledb\nbaseline: postgres\nfactor: 10\ngate: true'));
    writeFileSync(deep, deepFlow(100_000));
    writeFileSync(keys, `${BASE}dataset:\n  tables:\n    market_price_ticks:\n      keys: 5G\n`);
    writeFileSync(listen, `${BASE}engines:\n  postgres:\n    settings:\n      listen_addresses: '*'\n`);
    writeFileSync(notResults, '[1, 2, 3]');
    writeFileSync(aFile, 'x');
    mkdirSync(join(historyDir, 'a'), { recursive: true });
    writeFileSync(join(historyDir, 'a', 'results.json'), '{"schemaVersion": "one"}');
    // Two at a time: the machine has two cores.
    const queue = [...cases];
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c.name, await cli(c.args()));
    };
    await Promise.all([worker(), worker()]);
  });

  for (const c of cases) {
    test(c.name, () => {
      const r = results.get(c.name)!;
      assert.equal(r.code, c.code, `exit code (stderr: ${r.stderr})`);
      assert.doesNotMatch(r.stderr, STACK_LINE, 'no stack trace');
      assert.doesNotMatch(r.stderr, /Unknown argument/);
      expectAll(r.stderr, c.expect);
    });
  }

  test('no error log and no report directory left by any of them', () => {
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.startsWith('tsdb-bench-error-') || f === 'reports'),
      [],
    );
    assert.equal(existsSync(join(tmp, 'reports')), false);
  });
});

// --- the metric catalogue stays in step with what the phases write ---

describe('metric catalogue', () => {
  test('every metric name a phase writes (read off bench/phases/<kind>/) is catalogued for its kind', async () => {
    const { phaseMetrics } = await import('../../bench/verdict/metric-catalog.js');
    const { PHASE_MODULES } = await import('../../bench/run/scenario.js');
    const dir = join(REPO_ROOT, 'bench', 'phases');
    const tables = ['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores', 'alert_events'];
    let checked = 0;
    // A kind is a folder with an index module; its sources are the folder's files (saturate's
    // runner may still sit beside it as <kind>.ts).
    const kinds = readdirSync(dir).filter((f) => existsSync(join(dir, f, 'index.ts')));
    assert.ok(kinds.length >= 10, `only ${kinds.length} phase kinds found`);
    for (const kind of kinds) {
      const files = readdirSync(join(dir, kind))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, kind, f));
      if (existsSync(join(dir, `${kind}.ts`))) files.push(join(dir, `${kind}.ts`));
      const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      const names = phaseMetrics({ id: kind, kind }, tables, PHASE_MODULES).map((m) => m.name);
      const fixed = [...source.matchAll(/metrics\.([a-z0-9_]+)\s*=/g), ...source.matchAll(/^\s*\['([a-z0-9_]+)', '/gm)].map((m) => m[1]);
      const suffixes = [...source.matchAll(/metrics\[`\$\{[^}]+\}\.([a-z0-9_]+)`\]/g)].map((m) => m[1]);
      for (const name of fixed) assert.ok(names.includes(name), `${kind} writes '${name}', not declared in bench/phases/${kind}/spec.ts metrics`);
      for (const suffix of suffixes)
        assert.ok(
          names.some((n) => n.endsWith(`.${suffix}`)),
          `${kind} writes '<x>.${suffix}', not declared in bench/phases/${kind}/spec.ts metrics`,
        );
      checked += fixed.length + suffixes.length;
    }
    assert.ok(checked >= 20, `only ${checked} metric names found in the phases`);
  });
});
