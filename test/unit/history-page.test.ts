import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHistory, historyCommand, renderHistoryHtml, type History } from '../../bench/history/index.js';
import type { Results } from '../../bench/core/results.js';
import { typicalRun } from '../../fixtures/compare/build.js';

/**
 * 12 nightly runs: throughput drops 20% from run 6 on, storage grows one byte per row from
 * run 8 on, and the engine is upgraded at run 10 (a setup change: no comparison crosses it).
 */
function nightlyRuns(): { file: string; results: Results }[] {
  return Array.from({ length: 12 }, (_, i) => ({
    file: `runs/${i}/results.json`,
    results: typicalRun({
      seed: 100 + i,
      runId: `night-${i}`,
      startedAt: `2025-03-${String(i + 1).padStart(2, '0')}T03:00:00.000Z`,
      gitCommit: `c0ffee${i}`.padEnd(40, '0'),
      throughputFactor: i >= 6 ? 0.8 : 1,
      extraBytesPerRow: i >= 8 ? 1 : 0,
      engineVersion: i >= 10 ? 'PostgreSQL 16.1' : 'PostgreSQL 15.14',
    }),
  }));
}

const series = (h: History, id: string) => {
  const s = h.series.find((x) => x.id === id);
  assert.ok(s, id);
  return s;
};

describe('history', () => {
  let history: History;
  before(() => {
    history = buildHistory(nightlyRuns());
  });

  test('one series per metric, one point per run, ordered by startedAt', () => {
    assert.equal(history.runs.length, 12);
    assert.equal(history.series.length, 6);
    const tp = series(history, 'postgres@native preload.rows_per_sec');
    assert.deepEqual(
      tp.points.map((p) => p.run),
      [...Array(12).keys()],
    );
    assert.ok(tp.points.every((p) => p.ci95 !== null && p.n === 5));
  });

  test('each run is compared with the previous compatible runs: the drop is a regression once', () => {
    const tp = series(history, 'postgres@native preload.rows_per_sec');
    assert.equal(tp.points[0].verdict, null);
    assert.equal(tp.points[6].verdict, 'regression');
    assert.ok(tp.points[6].changePct! < -10);
    // Before the drop, and once the window holds enough dropped runs, nothing is flagged.
    for (const i of [1, 2, 3, 4, 5, 11]) assert.notEqual(tp.points[i].verdict, 'regression', `run ${i}`);
    // The engine upgrade: no earlier compatible run for run 10.
    assert.equal(tp.points[10].verdict, null);
    assert.match(tp.points[10].reason, /no earlier compatible run/);
    assert.equal(history.runs[6].regressions, 1);
    assert.equal(history.runs[8].regressions, 2, 'bytes/row and total bytes');
  });

  test('change points: the throughput shift, the one-byte storage step, the setup change', () => {
    const tp = series(history, 'postgres@native preload.rows_per_sec');
    assert.deepEqual(
      tp.changePoints.map((c) => [c.index, c.kind, c.verdict]),
      [
        [6, 'shift', 'regression'],
        [10, 'setup', null],
      ],
    );
    const bpr = series(history, 'postgres@native storage.bytes_per_row');
    assert.deepEqual(
      bpr.changePoints.map((c) => [c.index, c.kind, c.verdict]),
      [
        [8, 'shift', 'regression'],
        [10, 'setup', null],
      ],
    );
    // Same distribution throughout: only the setup change.
    const lat = series(history, 'postgres@native ingest.latency_p99_ms');
    assert.deepEqual(
      lat.changePoints.map((c) => c.kind),
      ['setup'],
    );
  });

  test('the page is self-contained: inline SVG per metric, runs table, no script or remote resource', () => {
    const html = renderHistoryHtml(history);
    assert.match(html, /^<!doctype html>/);
    assert.equal((html.match(/<svg /g) ?? []).length, 6);
    assert.ok(!/<script|<link|<img|src=|url\(/i.test(html));
    const remote = html.match(/https?:\/\/[^"' )]+/g) ?? [];
    assert.deepEqual([...new Set(remote)], ['http://www.w3.org/2000/svg']);
    assert.equal((html.match(/<tr><td>\d+<\/td>/g) ?? []).length, 12);
    assert.ok(html.includes('<code>c0ffee500000</code>'), 'commit shown');
    assert.ok(html.includes('class="point regression"'));
    assert.ok(html.includes('class="changepoint shift"'));
    assert.ok(html.includes('class="changepoint setup"'));
    assert.match(html, /binary segmentation/);
  });

  test('historyCommand writes the page (default <dir>/history.html, or --out) and exits 2 on an empty dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsdb-bench-history-'));
    try {
      for (const r of nightlyRuns().slice(0, 4)) {
        await mkdir(join(dir, r.results.runId), { recursive: true });
        await writeFile(join(dir, r.results.runId, 'results.json'), JSON.stringify(r.results));
      }
      assert.equal(await historyCommand({ dir }), 0);
      assert.match(await readFile(join(dir, 'history.html'), 'utf8'), /night-3/);
      assert.equal(await historyCommand({ dir, out: join(dir, 'site', 'h.html') }), 0);
      assert.match(await readFile(join(dir, 'site', 'h.html'), 'utf8'), /<svg /);
      await mkdir(join(dir, 'empty'));
      assert.equal(await historyCommand({ dir: join(dir, 'empty') }), 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
