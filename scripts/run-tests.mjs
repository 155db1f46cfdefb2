#!/usr/bin/env node
// Runs the test suite with Node's test runner (through tsx for TypeScript).
//   node scripts/run-tests.mjs            all tests (unit, then integration)
//   node scripts/run-tests.mjs unit       unit tests only (no engine needed)
//   node scripts/run-tests.mjs integration
//   node scripts/run-tests.mjs test/unit/x.test.ts ...   given files
// Integration tests run one file at a time: they start servers and must not compete for 2 cores.
// Ends with one plain line "N passed, N failed, N skipped" over every group.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const files = (dir) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(dir, f)) : [];
const groups =
  args.length > 0 && args.every((a) => a.endsWith('.ts'))
    ? [{ name: 'given', list: args, serial: true }]
    : (args[0] && args[0] !== 'all' ? [args[0]] : ['unit', 'integration']).map((name) => ({ name, list: files(join('test', name)), serial: name !== 'unit' }));

const tapDir = mkdtempSync(join(tmpdir(), 'tsdb-bench-tests-'));
const totals = { pass: 0, fail: 0, skipped: 0 };
let status = 0;
try {
  for (const group of groups) {
    if (group.list.length === 0) continue;
    const tap = join(tapDir, `${group.name}.tap`);
    const r = spawnSync(
      process.execPath,
      [
        '--import', 'tsx', '--test',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=tap', `--test-reporter-destination=${tap}`,
        ...(group.serial ? ['--test-concurrency=1'] : []),
        ...group.list,
      ],
      { stdio: 'inherit', env: process.env },
    );
    if (r.status !== 0) status = r.status ?? 1;
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    for (const key of Object.keys(totals)) {
      const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text);
      if (m) totals[key] += Number(m[1]);
    }
  }
} finally {
  rmSync(tapDir, { recursive: true, force: true });
}
if (totals.fail > 0 && status === 0) status = 1;
process.stdout.write(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped\n`);
process.exit(status);
