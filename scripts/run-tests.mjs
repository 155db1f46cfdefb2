#!/usr/bin/env node
// Runs the test suite with Node's test runner (through tsx for TypeScript).
//   node scripts/run-tests.mjs            all tests (unit, then integration)
//   node scripts/run-tests.mjs unit       unit tests only (no engine needed)
//   node scripts/run-tests.mjs integration
// Integration tests run one file at a time: they start servers and must not compete for 2 cores.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const groups = which === 'all' ? ['unit', 'integration'] : [which];
const files = (dir) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(dir, f)) : [];

let status = 0;
for (const group of groups) {
  const list = files(join('test', group));
  if (list.length === 0) continue;
  const concurrency = group === 'unit' ? [] : ['--test-concurrency=1'];
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...list],
    { stdio: 'inherit', env: process.env },
  );
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
