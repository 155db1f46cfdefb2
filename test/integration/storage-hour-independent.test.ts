/**
 * The same scenario stores the same bytes at any hour of the day (issue 11 item 7): with the
 * default `now-day` anchor a preload of whole days is whole daily chunks, and the compress phase
 * compresses all of them whatever the hour. Two CLI runs on embedded TimescaleDB under Debian's
 * `faketime` (which changes the clock of the whole process: harness and in-process PGlite) at
 * 05:30 and 18:45 of the same day must give byte-identical storage before and after compression,
 * with every chunk compressed and no row left uncompressed. The same runs check, end to end,
 * the idiomatic queries (answer-checked against the portable ones) and the shared aggregate set.
 */
import { isPhaseOf } from '../../bench/core/results.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../bench/core/results.js';
import { needs } from '../helpers/require.js';

const faketime = spawnSync('faketime', ['2026-06-15 00:00:00', 'true']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'tsdb-bench-hour-test-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const SCENARIO = `
name: hour-independence
seed: 7
anchor: now-day
trials: 1
targets: [postgres, timescaledb]
runtime: embedded
engines:
  timescaledb:
    options:
      chunkInterval: 1d
dataset:
  tables:
    market_price_ticks:
      keys: 5
      exchanges: 2
phases:
  - kind: preload
    table: market_price_ticks
    rows: 15k
    span: 3d
  - kind: storage
  - kind: compress
    olderThan: 0s
  - kind: storage
    id: storage-compressed
  - kind: query
    queries: [ticks_last_price, ticks_ohlcv_1m, ticks_last_price_idiomatic, ticks_ohlcv_1m_idiomatic]
    warmup: 0
    iterations: 2
  - kind: downsample
    warmup: 0
    iterations: 2
`;

function runAt(clock: string, name: string): Results {
  const out = join(tmp, name);
  const r = spawnSync(
    'faketime',
    [clock, process.execPath, '--import', 'tsx', 'bench/cli.ts', 'run', '--scenario', join(tmp, 'hour.yaml'), '--runtime', 'embedded', '--out', out, '--quiet'],
    { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', TSDB_BENCH_DOCKER_PULL: '0' }, timeout: 300_000 },
  );
  assert.equal(r.status, 0, `${clock}: ${r.stderr}`);
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
}

/** Storage figures per target and phase: the headline bytes and every engine figure. */
function storageOf(results: Results): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of results.targets) {
    for (const p of t.phases.filter((x) => x.kind === 'storage')) {
      out[`${t.id}/${p.id}`] = {
        bytes: p.metrics['market_price_ticks.bytes']?.value,
        tables: (isPhaseOf(p, 'storage') ? (p.details?.tables ?? []) : []).map((x) => ({ table: x.table, rows: x.rows, engineBytes: x.engineBytes })),
      };
    }
  }
  return out;
}

test('storage is byte-identical at 05:30 and 18:45 of the same day, before and after compression; idiomatic queries and the aggregate set end to end', (t) => {
  if (!needs(t, faketime, 'faketime not found (apt-get install faketime)')) return;
  writeFileSync(join(tmp, 'hour.yaml'), SCENARIO);
  const early = runAt('2026-06-15 05:30:00', 'early');
  const late = runAt('2026-06-15 18:45:00', 'late');
  assert.equal(early.status, 'complete');
  assert.equal(late.status, 'complete');
  // The clock was faked (hours apart), the anchor is the same UTC midnight, the data the same.
  assert.match(early.startedAt, /^2026-06-15T05:3/);
  assert.match(late.startedAt, /^2026-06-15T18:4/);
  assert.equal(early.dataset.anchor, '2026-06-15T00:00:00.000Z');
  assert.equal(late.dataset.anchor, early.dataset.anchor);
  assert.equal(late.dataset.fingerprint, early.dataset.fingerprint);

  const a = storageOf(early);
  const b = storageOf(late);
  assert.ok(
    Object.keys(a).some((k) => k.endsWith('/storage-compressed')),
    JSON.stringify(Object.keys(a)),
  );
  assert.deepEqual(b, a, 'same bytes before and after compression at both hours');

  for (const results of [early, late]) {
    const ts = results.targets.find((x) => x.engine === 'timescaledb')!;
    const compress = ts.phases.find((p) => p.kind === 'compress')!;
    assert.equal(compress.status, 'ok');
    // 3 days of data = 3 daily chunks, all compressed; nothing left uncompressed.
    assert.equal(compress.metrics.units_compressed.value, 3);
    assert.equal(compress.metrics.rows_uncompressed.value, 0);
    assert.match(String(compress.details?.method), /3 chunk\(s\) compressed, 0 left uncompressed holding 0 row\(s\)/);
    const before = ts.phases.find((p) => p.id === 'storage')!.metrics['market_price_ticks.bytes'].value;
    const after = ts.phases.find((p) => p.id === 'storage-compressed')!.metrics['market_price_ticks.bytes'].value;
    assert.ok(after < before, `compressed ${after} < ${before}`);
  }

  // The same run, end to end: idiomatic queries only where an engine has them, checked against
  // the portable answer; the same aggregate set on both engines.
  const pg = late.targets.find((x) => x.engine === 'postgres')!;
  const ts = late.targets.find((x) => x.engine === 'timescaledb')!;
  const q = (t: typeof pg) => t.phases.find((p) => p.kind === 'query')!;
  assert.ok(q(ts).metrics['ticks_last_price_idiomatic.p50_ms'] && q(ts).metrics['ticks_ohlcv_1m_idiomatic.p50_ms']);
  assert.equal(q(pg).metrics['ticks_last_price_idiomatic.p50_ms'], undefined);
  assert.ok(!q(pg).warnings.some((w) => /idiomatic/.test(w)), 'no warning for an engine without an own form');
  const idiomaticCheck = late.answers.find((a) => a.query === 'query/ticks_last_price_idiomatic')!;
  assert.equal(idiomaticCheck.status, 'agree');
  assert.match(idiomaticCheck.reference ?? '', /\(ticks_last_price\)$/);
  const aggregatesOf = (t: typeof pg) =>
    Object.keys(t.phases.find((p) => p.kind === 'downsample')!.metrics)
      .filter((k) => k.endsWith('.refresh_ms'))
      .sort();
  assert.deepEqual(aggregatesOf(pg), ['ticks_hourly.refresh_ms', 'ticks_ohlcv_1m.refresh_ms']);
  assert.deepEqual(aggregatesOf(ts), aggregatesOf(pg));
  for (const t of [pg, ts]) {
    const m = t.phases.find((p) => p.kind === 'downsample')!.metrics;
    for (const id of ['ticks_hourly', 'ticks_ohlcv_1m']) {
      assert.ok(m[`${id}.bytes`].value > 0 && m[`${id}.aggregate_p50_ms`].value > 0 && m[`${id}.raw_p50_ms`].value > 0, `${t.id} ${id}`);
    }
  }
  // Planner state recorded and equal on both SQL targets.
  for (const k of ['jit', 'random_page_cost', 'work_mem', 'max_parallel_workers_per_gather']) {
    assert.equal(ts.settings?.[k], pg.settings?.[k], k);
  }
  assert.equal(ts.settings?.jit, 'off');
});
