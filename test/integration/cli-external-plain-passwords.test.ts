/**
 * Redaction works on structure, not on text: external runs whose password is a word or number
 * that also occurs in ordinary output (`5000` is a default max lag in ms, `postgres` the engine
 * name, `true` a JSON literal) complete with a valid results.json and intact target ids, engine
 * names and URLs, and the password is in no credential position of any output file.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import { needs } from '../helpers/require.js';
import { startPasswordPostgres } from '../helpers/password-postgres.js';

const cli = ['--import', 'tsx', 'bench/cli.ts'];
const out = mkdtempSync(join(tmpdir(), 'tsdb-bench-plain-passwords-'));
after(() => rmSync(out, { recursive: true, force: true }));

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const password of ['5000', 'postgres', 'true']) {
  test(`external run with the password '${password}': valid results, intact ids, no credential left`, async (t) => {
    const server = await startPasswordPostgres('tsdb-bench-plain-pw-pg-', 'bench', password);
    if (!needs(t, typeof server !== 'string', typeof server === 'string' ? server : '')) return;
    if (typeof server === 'string') return;
    try {
      const runOut = join(out, `pw-${password}`);
      const r = spawnSync(
        process.execPath,
        [
          ...cli,
          'run',
          '--scenario',
          'smoke',
          '--runtime',
          'external',
          '--url',
          `postgres=postgres://bench:\${PW_PLAIN}@127.0.0.1:${server.port}/postgres`,
          '--out',
          runOut,
          '--quiet',
          '--set',
          'phases[3].duration=2s',
          '--set',
          'phases[3].warmup=500ms',
        ],
        { encoding: 'utf8', env: { ...process.env, PW_PLAIN: password, TSDB_BENCH_DOCKER_PULL: '0' }, timeout: 240_000 },
      );
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      const text = readFileSync(join(runOut, 'results.json'), 'utf8');
      const results = JSON.parse(text) as Results; // valid JSON whatever the password
      assert.equal(results.status, 'complete');
      assert.deepEqual(
        results.targets.map((x) => [x.id, x.engine, x.status]),
        [['postgres@external', 'postgres', 'ok']],
      );
      assert.equal(results.targets[0].server?.url, `postgresql://bench@127.0.0.1:${server.port}/postgres`);
      assert.ok(results.targets[0].phases.some((p) => p.kind === 'preload' && p.status === 'ok'));
      // The password is in no credential position: URL userinfo, a password= pair, a secret field.
      for (const file of filesUnder(runOut)) {
        const content = readFileSync(file).toString('latin1');
        assert.ok(!content.includes(`bench:${password}@`), `password in a URL in ${file}`);
        assert.ok(!new RegExp(`password["']?\\s*[:=]\\s*["']?${password}\\b`, 'i').test(content), `password field in ${file}`);
      }
      assert.ok(!r.stdout.includes(`bench:${password}@`) && !r.stderr.includes(`bench:${password}@`), 'password in the console output');
    } finally {
      server.stop();
    }
  });
}
