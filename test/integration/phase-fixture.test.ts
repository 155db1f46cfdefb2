/**
 * The README's "Adding a phase" example, test/fixtures/phases/rowcount/, taken through the same
 * path as a built-in kind: discovery (an extra folder), schema assembly (its fragment validates
 * and rejects), the normalizer (its defaults), the real runner on embedded PostgreSQL (PGlite,
 * in-process) and the report (its section in summary.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../bench/core/log.js';
import { createProgress } from '../../bench/measure/progress.js';
import { discoverPhases } from '../../bench/run/registry.js';
import { runScenario } from '../../bench/run/runner.js';
import { loadScenario } from '../../bench/run/scenario.js';
import { renderSummary } from '../../bench/report/markdown.js';
import { compileScenarioSchema } from '../../bench/scenario/schema.js';
import { InputError } from '../../bench/core/errors.js';

const FIXTURE_KINDS = fileURLToPath(new URL('../fixtures/phases/', import.meta.url));

const SCENARIO = `name: rowcount-fixture
targets: [postgres@embedded]
trials: 1
phases:
  - kind: preload
    table: market_price_ticks
    rows: 2000
    span: 1h
  - kind: rowcount
    id: counted
    table: market_price_ticks
claims:
  - id: all-rows
    text: "every preloaded row is counted"
    metric: counted.rows
    target: postgres
    threshold: 2000
    direction: higher
`;

test('a phase kind added as one folder is discovered, validated, normalized, run and reported', async () => {
  const modules = await discoverPhases([FIXTURE_KINDS]);
  assert.ok(modules.has('rowcount') && modules.has('preload'));
  const kinds = [...modules.values()];

  // Its schema fragment, assembled into the scenario schema.
  const schema = compileScenarioSchema(kinds);
  assert.deepEqual(schema.errors({ targets: ['postgres'], phases: [{ kind: 'rowcount', table: 'market_price_ticks' }] }), []);
  const misspelled = schema.errors({ targets: ['postgres'], phases: [{ kind: 'rowcount', tabel: 'market_price_ticks' }] });
  assert.ok(misspelled.length > 0);
  assert.ok(schema.errors({ targets: ['postgres'], phases: [{ kind: 'rowcount', table: 'no_such_table' }] }).length > 0);

  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-phase-fixture-'));
  try {
    const file = join(dir, 'rowcount.yaml');
    writeFileSync(file, SCENARIO);
    // Without the fixture folder the kind does not exist.
    assert.throws(
      () => loadScenario(file),
      (e: unknown) => e instanceof InputError && /phases\[1\]\.kind/.test(e.message),
    );
    const scenario = loadScenario(file, {}, kinds);
    // Its declared metrics are what a claim may name: a misspelt one is refused at load.
    assert.equal(scenario.claims[0].metric, 'counted.rows');
    assert.throws(
      () => loadScenario(file, { set: ['claims[0].metric=counted.rowz'] }, kinds),
      (e: unknown) => e instanceof InputError && /claims\[0\]\.metric: phase 'counted' writes no metric 'rowz' \(did you mean 'rows'\?\)/.test(e.message),
    );
    const spec = scenario.phases[1];
    assert.equal(spec.kind, 'rowcount');
    if (spec.kind === 'rowcount') assert.equal(spec.label, 'rows'); // its default
    assert.throws(
      () => loadScenario(file, { set: ['phases[1].tabel=market_price_ticks'] }, kinds),
      (e: unknown) => e instanceof InputError && /phases\[1\]/.test(e.message),
    );

    const { results } = await runScenario({
      scenario,
      outDir: join(dir, 'out'),
      log: silentLogger,
      progress: createProgress({ quiet: true, tty: false, log: silentLogger }),
      signal: new AbortController().signal,
      command: 'test',
      flags: {},
      phases: modules,
    });
    const target = results.targets[0];
    assert.equal(target.status, 'ok', target.error);
    const counted = target.phases.find((p) => p.id === 'counted');
    assert.equal(counted?.kind, 'rowcount');
    assert.equal(counted?.metrics.rows.value, 2000);

    const markdown = renderSummary(results, modules);
    assert.match(markdown, /### counted \(rowcount\)/);
    assert.match(markdown, /\| Target +\| Table +\| Rows counted +\|/);
    assert.match(markdown, /`postgres@embedded` \(embedded \(WASM\)\) +\| market_price_ticks +\| 2,000 +\|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the README's Adding a phase example is the fixture's code", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = /### Adding a phase[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'README has no "Adding a phase" code block');
  const fixture = readFileSync(new URL('../fixtures/phases/rowcount/index.ts', import.meta.url), 'utf8');
  // Compared without comments and blank lines (the fixture explains itself a little more).
  const code = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*\*|\*)/.test(l));
  assert.deepEqual(code(example), code(fixture));
});
