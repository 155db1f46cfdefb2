/**
 * Claims are evaluated once: the runner stores the verdicts in results.json, readers only read
 * them. A file saved without them (interrupted run, older file) gets them once, when loaded
 * (verdict/stored.ts through run/results-file.ts); a shard's file never does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../bench/core/results.js';
import { readResults } from '../../bench/run/results-file.js';
import { evaluateClaims } from '../../bench/verdict/claims.js';
import { lacksVerdicts, withVerdicts } from '../../bench/verdict/stored.js';
import { renderSummary } from '../../bench/report/markdown.js';

const SEED_MATRIX = fileURLToPath(new URL('../../fixtures/results-seed-matrix.json', import.meta.url));
const raw = (): Results => JSON.parse(readFileSync(SEED_MATRIX, 'utf8')) as Results;

test('a file without stored verdicts gets them once, when loaded: exactly what the evaluator gives', () => {
  const file = raw();
  assert.equal(file.claims.length, 0);
  assert.ok(file.scenario.claims.length > 0);
  assert.ok(lacksVerdicts(file));
  const loaded = readResults(SEED_MATRIX);
  assert.ok(loaded.claims.length >= file.scenario.claims.length);
  assert.deepEqual(loaded.claims, evaluateClaims(raw()));
  assert.equal(lacksVerdicts(loaded), false);
});

test('stored verdicts are read, never re-evaluated: not at load, not by the report', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-stored-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const results = withVerdicts(raw());
  // A stored verdict that re-evaluation would not produce: it must survive loading and rendering as stored.
  results.claims[0] = { ...results.claims[0], verdict: 'refuted', reason: 'as stored by the runner' };
  const file = join(dir, 'results.json');
  writeFileSync(file, JSON.stringify(results));
  const loaded = readResults(file);
  assert.equal(loaded.claims[0].reason, 'as stored by the runner');
  assert.equal(loaded.claims[0].verdict, 'refuted');
  assert.match(renderSummary(loaded), /as stored by the runner/);
});

test("a shard's file keeps its empty verdicts: its claims are evaluated on the merged data", () => {
  const shard = { ...raw(), shard: { index: 0, count: 2 } } as unknown as Results;
  assert.equal(lacksVerdicts(shard), false);
  assert.deepEqual(withVerdicts(shard).claims, []);
});

test('a scenario without claims has nothing to evaluate', () => {
  const results = raw();
  results.scenario.claims = [];
  assert.equal(lacksVerdicts(results), false);
  assert.deepEqual(withVerdicts(results).claims, []);
});
