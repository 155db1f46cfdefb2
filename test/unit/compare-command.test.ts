import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommand, COMPARE_FILES, loadRuns } from '../../bench/compare/index.js';
import type { Results } from '../../bench/core/results.js';
import { typicalRun } from '../../fixtures/compare/build.js';

let dir: string;
const io = () => {
  const out = { stdout: '', stderr: [] as string[] };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (l: string) => void out.stderr.push(l) } };
};
async function put(path: string, results: Results | string): Promise<string> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), typeof results === 'string' ? results : JSON.stringify(results));
  return join(dir, path);
}

describe('compareCommand', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsdb-bench-compare-'));
    // Baseline: two runs pooled, found recursively; a stray JSON that is not results.json is ignored.
    await put('baseline/runs/a/results.json', typicalRun({ seed: 1, startedAt: '2025-01-01T00:00:00Z' }));
    await put('baseline/runs/b/results.json', typicalRun({ seed: 2, startedAt: '2025-01-02T00:00:00Z' }));
    await put('baseline/runs/b/other.json', '{"not": "results"}');
    await put('same/results.json', typicalRun({ seed: 3, startedAt: '2025-01-03T00:00:00Z' }));
    await put('slower/results.json', typicalRun({ seed: 4, throughputFactor: 0.8, startedAt: '2025-01-04T00:00:00Z' }));
    await put('newengine/results.json', typicalRun({ seed: 5, engineVersion: 'PostgreSQL 16.1' }));
    await put('broken/results.json', '{ nope');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('loadRuns finds results.json recursively, ordered by startedAt', async () => {
    const runs = await loadRuns(join(dir, 'baseline'));
    assert.deepEqual(
      runs.map((r) => r.results.runId),
      ['run-1', 'run-2'],
    );
  });

  test('no regression: exit 0, markdown on stdout, files written', async () => {
    const { out, io: sink } = io();
    const outDir = join(dir, 'out-same');
    const code = await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'same'), out: outDir }, sink);
    assert.equal(code, 0, out.stderr.join('\n'));
    assert.match(out.stdout, /### tsdb-bench compare: ✅ no regression/);
    for (const f of Object.values(COMPARE_FILES)) assert.ok(existsSync(join(outDir, f)), f);
    assert.equal(await readFile(join(outDir, COMPARE_FILES.markdown), 'utf8'), out.stdout);
    const comparison = JSON.parse(await readFile(join(outDir, COMPARE_FILES.comparison), 'utf8'));
    assert.equal(comparison.status, 'ok');
    assert.equal(comparison.baseline.length, 2);
    const smaller = JSON.parse(await readFile(join(outDir, COMPARE_FILES.smaller), 'utf8'));
    const bigger = JSON.parse(await readFile(join(outDir, COMPARE_FILES.bigger), 'utf8'));
    assert.ok(Array.isArray(smaller) && smaller.length === 4);
    assert.ok(Array.isArray(bigger) && bigger.length === 2);
    const bmf = JSON.parse(await readFile(join(outDir, COMPARE_FILES.bencher), 'utf8'));
    assert.equal(typeof bmf['postgres@native preload.rows_per_sec']['throughput-rows-per-s'].value, 'number');
  });

  test('a 20% throughput drop: exit 1 with a one-line message', async () => {
    const { out, io: sink } = io();
    const code = await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'slower', 'results.json') }, sink);
    assert.equal(code, 1);
    assert.deepEqual(out.stderr, ['compare: 1 regression(s)']);
    assert.match(out.stdout, /🔴 regression/);
  });

  test('--min-effect can relax the gate; bad flags and inputs exit 2', async () => {
    const relaxed = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'slower'), minEffect: ['throughput=30%'] }, relaxed.io), 0);
    const bad = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'slower'), minEffect: ['throughput'] }, bad.io), 2);
    assert.match(bad.out.stderr[0], /^compare: --min-effect throughput: expected kind=fraction/);
    const alpha = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'slower'), alpha: 2 }, alpha.io), 2);
    const missing = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'nowhere'), current: join(dir, 'same') }, missing.io), 2);
    assert.match(missing.out.stderr[0], /nowhere: no such file or directory/);
    const broken = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'broken') }, broken.io), 2);
    assert.match(broken.out.stderr[0], /invalid JSON/);
    const empty = io();
    await mkdir(join(dir, 'empty'), { recursive: true });
    assert.equal(await compareCommand({ baseline: join(dir, 'empty'), current: join(dir, 'same') }, empty.io), 2);
    assert.match(empty.out.stderr[0], /no results\.json found/);
  });

  test('a different engine version is refused (exit 2) unless --allow-mismatch', async () => {
    const refused = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'newengine') }, refused.io), 2);
    assert.match(refused.out.stderr[0], /^compare: refused 1 target\(s\), e\.g\. postgres@native: engine version PostgreSQL 15\.14 -> PostgreSQL 16\.1/);
    const allowed = io();
    assert.equal(await compareCommand({ baseline: join(dir, 'baseline'), current: join(dir, 'newengine'), allowMismatch: true }, allowed.io), 0);
    assert.match(allowed.out.stdout, /\(mismatch: engine version/);
  });
});
