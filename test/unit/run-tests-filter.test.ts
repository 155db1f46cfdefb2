/** The test runner refuses a filter that selects nothing, instead of reporting "0 passed" (exit 0). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const runTests = (...args: string[]) => spawnSync(process.execPath, ['scripts/run-tests.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

test('a misspelt group exits 2 and names the groups', () => {
  const r = runTests('unti');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown group 'unti' \(groups: unit, integration, all/);
  assert.doesNotMatch(r.stdout, /passed/);
});

test('a test file that does not exist exits 2 and names it', () => {
  const r = runTests('test/unit/no-such.test.ts');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such test file: test\/unit\/no-such\.test\.ts/);
});

test('two groups at once are refused rather than half-run', () => {
  const r = runTests('unit', 'integration');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give one group/);
});
