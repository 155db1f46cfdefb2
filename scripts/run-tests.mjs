#!/usr/bin/env node
// Runs the test suite with Node's test runner (through tsx for TypeScript).
//   node scripts/run-tests.mjs            all tests (unit, then integration)
//   node scripts/run-tests.mjs unit       unit tests only (no engine needed)
//   node scripts/run-tests.mjs integration
//   node scripts/run-tests.mjs test/unit/x.test.ts ...   given files
// A group or file that selects nothing (a typo) exits 2 instead of reporting "0 passed".
// Integration tests run one file at a time: they start servers and must not compete for 2 cores.
// Ends with one plain line "N passed, N failed, N skipped" over every group.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GROUPS = ['unit', 'integration'];
const args = process.argv.slice(2);
const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => join(dir, f))
    : [];

/** A filter that selects nothing is a mistake (a typo such as `unti`), never "0 passed". */
function refuse(message) {
  process.stderr.write(`run-tests: ${message}\n`);
  process.exit(2);
}

function selectGroups() {
  if (args.length > 0 && args.every((a) => a.endsWith('.ts'))) {
    const missing = args.filter((a) => !existsSync(a));
    if (missing.length > 0) refuse(`no such test file: ${missing.join(', ')}`);
    return [{ name: 'given', list: args, serial: true }];
  }
  if (args.length > 1) refuse(`give one group (${GROUPS.join(', ')}, all) or test files ending in .ts, not: ${args.join(' ')}`);
  const names = !args[0] || args[0] === 'all' ? GROUPS : [args[0]];
  for (const name of names) {
    if (!GROUPS.includes(name)) refuse(`unknown group '${name}' (groups: ${GROUPS.join(', ')}, all; or test files ending in .ts)`);
  }
  const selected = names.map((name) => ({ name, list: files(join('test', name)), serial: name !== 'unit' }));
  const empty = selected.filter((g) => g.list.length === 0);
  if (empty.length > 0) refuse(`group ${empty.map((g) => g.name).join(', ')} holds no *.test.ts file`);
  return selected;
}

const groups = selectGroups();

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
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
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
