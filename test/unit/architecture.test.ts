/**
 * The architecture check: imports under bench/ run one way (the layers of
 * .dependency-cruiser.cjs, bottom up: core ... commands, cli) and never in a circle. Runs
 * dependency-cruiser on the real tree, and on a small made-up tree to show that an upward
 * import and a circle are caught.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve('.');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');
const config = join(root, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string): Violation[] {
  const r = spawnSync(depcruise, ['bench', '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
  assert.ok(r.stdout, `depcruise printed nothing: ${r.error?.message ?? r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

test('bench/ has no upward import and no circle', () => {
  const violations = cruise(root);
  assert.deepEqual(
    violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`),
    [],
  );
});

test('the check catches an upward import, a circle and a folder outside the layers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-architecture-'));
  try {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'package.json': JSON.stringify({ type: 'module' }),
      // core reaching up into report: upward
      'bench/core/contract.ts': "import { render } from '../report/render.js';\nexport const x = render;\n",
      'bench/report/render.ts': 'export const render = 1;\n',
      // two generate modules needing each other: a circle
      'bench/generate/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'bench/generate/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      // a folder no layer names
      'bench/misc/thing.ts': "import { render } from '../report/render.js';\nexport const y = render;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const found = cruise(dir)
      .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
      .sort();
    assert.ok(found.includes('upward-from-core: bench/core/contract.ts -> bench/report/render.ts'), found.join('\n'));
    assert.ok(found.includes('no-circular: bench/generate/a.ts -> bench/generate/b.ts'), found.join('\n'));
    assert.ok(found.includes('unknown-folder: bench/misc/thing.ts -> bench/report/render.ts'), found.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
