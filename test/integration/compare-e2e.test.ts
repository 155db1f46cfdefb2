/**
 * End to end: two real `smoke` runs on native PostgreSQL, then `compare` and `history` on
 * their results. No assertion on timings (shared, noisy machine): only on what must hold
 * whatever the speed — same data, a comparison that is not refused, the exit code contract,
 * the rules for too few trials, and a run compared with itself showing no change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needs } from '../helpers/require.js';
import { compareCommand, COMPARE_FILES, loadRuns, type Comparison } from '../../bench/compare/index.js';
import { historyCommand } from '../../bench/history/index.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';

function runSmoke(out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cli.ts', 'run', '--scenario', 'smoke', '--runtime', 'native', '--out', out], {
      cwd: join(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const quiet = () => {
  const out = { stdout: '', stderr: [] as string[] };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (l: string) => void out.stderr.push(l) } };
};

test('two smoke runs on native PostgreSQL: compare and history', { timeout: 900_000 }, async (t) => {
  if (!needs(t, existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl')), `PostgreSQL 15 server binaries not found in ${PG_BIN}`)) return;
  const dir = await mkdtemp(join(tmpdir(), 'tsdb-bench-compare-e2e-'));
  try {
    for (const name of ['a', 'b']) {
      const r = await runSmoke(join(dir, name));
      assert.equal(r.code, 0, `smoke run ${name} failed:\n${r.stderr.slice(-3000)}`);
    }
    const [a] = await loadRuns(join(dir, 'a'));
    const [b] = await loadRuns(join(dir, 'b'));
    assert.ok(a && b, 'both runs wrote results.json');
    assert.equal(a.results.dataset.fingerprint, b.results.dataset.fingerprint, 'same seed, same data');

    // a vs b: compared (not refused); exit 0 or 1 depending on the machine's noise, never 2.
    const ab = quiet();
    const code = await compareCommand({ baseline: join(dir, 'a'), current: join(dir, 'b'), out: join(dir, 'cmp') }, ab.io);
    assert.ok(code === 0 || code === 1, `exit ${code}: ${ab.out.stderr.join(' ')}`);
    const comparison = JSON.parse(await readFile(join(dir, 'cmp', COMPARE_FILES.comparison), 'utf8')) as Comparison;
    assert.notEqual(comparison.status, 'refused');
    assert.equal(comparison.status === 'regression', code === 1);
    assert.deepEqual(
      comparison.groups.map((g) => [g.target, g.status]),
      [['postgres@native', 'compared']],
    );
    const lines = comparison.groups[0].lines;
    const ids = lines.map((l) => l.id);
    assert.ok(ids.includes('postgres@native preload.rows_per_s'), ids.join(', '));
    assert.ok(
      ids.some((id) => id.startsWith('postgres@native storage.') && id.endsWith('.bytes')),
      ids.join(', '),
    );
    for (const l of lines) {
      // smoke has 2 trials: per-trial metrics can never reach p < 0.01 and must say so; they are
      // decided on the whole bootstrap interval instead, or not at all.
      if (l.sampleKind === 'trial' && l.baseline!.n <= 5 && l.current!.n <= 5) {
        assert.match(l.reason, /cannot reach p < 0\.01/, l.id);
      }
    }
    assert.equal(await readFile(join(dir, 'cmp', COMPARE_FILES.markdown), 'utf8'), ab.out.stdout);
    const bmf = JSON.parse(await readFile(join(dir, 'cmp', COMPARE_FILES.bencher), 'utf8')) as Record<string, Record<string, { value: number }>>;
    assert.ok(Object.keys(bmf).length >= lines.length - 1);

    // A run against itself: exit 0, nothing changed.
    const aa = quiet();
    assert.equal(await compareCommand({ baseline: join(dir, 'a'), current: join(dir, 'a', 'results.json') }, aa.io), 0);
    assert.match(aa.out.stdout, /\*\*0\*\* regression\(s\), \*\*0\*\* improvement\(s\)/);

    // A baseline whose throughput samples are 20% higher than run a's: a regression, with the
    // change and its interval (the acceptance check of the regression gate).
    const faster = structuredClone(a.results);
    for (const target of faster.targets) {
      for (const phase of target.phases) {
        for (const metric of Object.values(phase.metrics)) {
          if (metric.unit !== 'rows/s') continue;
          metric.samples = metric.samples.map((x) => x * 1.2);
          metric.value *= 1.2;
          if (metric.ci95) metric.ci95 = [metric.ci95[0] * 1.2, metric.ci95[1] * 1.2];
        }
      }
    }
    await mkdir(join(dir, 'faster'), { recursive: true });
    await writeFile(join(dir, 'faster', 'results.json'), JSON.stringify(faster));
    const fa = quiet();
    assert.equal(await compareCommand({ baseline: join(dir, 'faster'), current: join(dir, 'a') }, fa.io), 1, fa.out.stdout);
    const regressed = fa.out.stdout.split('\n').filter((l) => /rows_per_s/.test(l) && /regression/.test(l));
    assert.ok(regressed.length > 0, fa.out.stdout);
    for (const row of regressed) assert.match(row, /-16\.\d+% \[-\d+(\.\d+)?%, -\d+(\.\d+)?%\]/, 'change -16.7% (1/1.2 - 1) with its interval');

    // History over both runs.
    assert.equal(await historyCommand({ dir, out: join(dir, 'history.html') }), 0);
    const html = await readFile(join(dir, 'history.html'), 'utf8');
    assert.ok(html.includes(a.results.runId) && html.includes(b.results.runId));
    assert.ok((html.match(/<svg /g) ?? []).length >= lines.length);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
