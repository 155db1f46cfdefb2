/**
 * Sharding, pure parts: flags, key ownership, the sharded generator (the union of the shards'
 * rows is the unsharded stream, key by key), the union fingerprint, exact histogram merging
 * against raw samples, wall-clock interval merging, and merge's refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Row } from '../../bench/core/tables.js';
import type { Results } from '../../bench/core/results.js';
import { InputError } from '../../bench/core/errors.js';
import { marketPriceTicks } from '../../bench/generate/tables/market-price-ticks.js';
import { generateBatches } from '../../bench/generate/stream.js';
import type { StreamSpec } from '../../bench/generate/types.js';
import { decodeHistogram, LatencyHistogram } from '../../bench/measure/histogram.js';
import { parseShard, parseStartAt } from '../../bench/shard/options.js';
import { shardOptionsFrom } from '../../bench/shard/cli.js';
import { keyOwners } from '../../bench/generate/shard-keys.js';
import { keyDigests, keyedDatasetFingerprint, keyedFingerprintOf, keyedStreamFingerprint, type KeyDigests } from '../../bench/shard/fingerprint.js';
import { mergeIntervals, mergeLatency } from '../../bench/shard/merge-trials.js';
import { checkShards, unionFingerprint } from '../../bench/shard/merge.js';
import type { ShardRecord } from '../../bench/shard/record.js';
import { startRecord, waitForUnion } from '../../bench/shard/barrier.js';
import type { EngineSession } from '../../bench/core/engine.js';
import type { Logger } from '../../bench/core/log.js';

const ANCHOR = Date.UTC(2026, 0, 1);

function spec(rows: number, outOfOrder: number, shard?: { index: number; count: number }): StreamSpec {
  return {
    table: 'market_price_ticks',
    seed: 11,
    stream: 'preload:test',
    shape: { ...marketPriceTicks.defaultShape(), keys: 12, outOfOrder, maxLatenessMs: 2000 },
    anchorMs: ANCHOR,
    startMs: ANCHOR - 3_600_000,
    endMs: ANCHOR,
    rows,
    ...(shard ? { shard } : {}),
  };
}

function allRows(s: StreamSpec, batch = 333): Row[] {
  const out: Row[] = [];
  for (const b of generateBatches(s, batch)) {
    assert.ok(b.length <= batch && b.length > 0);
    out.push(...b);
  }
  return out;
}

function byKey(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r[1] as string;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  return m;
}

describe('shard flags', () => {
  test('i/N, env/N (JOB_COMPLETION_INDEX) and env:VAR/N', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard('env/3', { JOB_COMPLETION_INDEX: '1' }), { index: 1, count: 3 });
    assert.deepEqual(parseShard('env:MY_IDX/3', { MY_IDX: '2' }), { index: 2, count: 3 });
  });
  test('bad values are one-line input errors naming the flag', () => {
    for (const [v, env, re] of [
      ['4/4', {}, /index must be in 0\.\.3/],
      ['x', {}, /expected i\/N/],
      ['1/0', {}, /positive integer/],
      ['env/4', {}, /JOB_COMPLETION_INDEX is not set/],
      ['env/4', { JOB_COMPLETION_INDEX: 'a' }, /'a', not a shard index/],
    ] as const) {
      assert.throws(
        () => parseShard(v, env),
        (e: unknown) => e instanceof InputError && re.test(e.message) && e.message.startsWith('--shard'),
      );
    }
    assert.throws(() => parseStartAt('tomorrow'), /--start-at tomorrow: expected an ISO 8601 instant/);
    assert.equal(parseStartAt('2026-12-01T21:00:00Z'), Date.UTC(2026, 11, 1, 21));
    assert.throws(() => shardOptionsFrom(undefined, '2026-12-01T21:00:00Z', 1), /--start-at: only for sharded runs/);
    assert.throws(() => shardOptionsFrom('0/2', '2026-12-01T21:00:00Z', 3), /--repeat/);
    assert.throws(() => shardOptionsFrom('1/2', undefined, 1), /--shard 1\/2: a sharded run needs --start-at/);
    assert.deepEqual(shardOptionsFrom('0/1', undefined, 1)?.count, 1);
  });
});

describe('key ownership and the sharded generator', () => {
  test('every key has exactly one owner, deterministically, and every shard owns a key', () => {
    const shape = spec(1, 0).shape;
    const a = keyOwners('market_price_ticks', shape, 11, 4);
    assert.deepEqual([...a], [...keyOwners('market_price_ticks', shape, 11, 4)]);
    assert.equal(a.length, 12);
    for (let s = 0; s < 4; s++) assert.ok(a.includes(s), `shard ${s} owns a key`);
  });

  for (const outOfOrder of [0, 0.2]) {
    test(`the union of 3 shards' rows is the unsharded stream, key by key (outOfOrder ${outOfOrder})`, async () => {
      const whole = allRows(spec(6000, outOfOrder));
      const parts = [0, 1, 2].map((index) => allRows(spec(6000, outOfOrder, { index, count: 3 })));
      assert.equal(
        parts.reduce((a, p) => a + p.length, 0),
        whole.length,
      );
      const wholeByKey = byKey(whole);
      const seen = new Set<string>();
      for (const p of parts) {
        for (const [key, rows] of byKey(p)) {
          assert.ok(!seen.has(key), `key ${key} in two shards`);
          seen.add(key);
          // Same rows, same order (the key's price walk, late rows where the unsharded run has them).
          assert.deepEqual(rows, wholeByKey.get(key));
        }
      }
      assert.equal(seen.size, wholeByKey.size);
      // Keyed fingerprint: shards' own digests together = the whole stream's.
      const own = Object.assign({}, ...(await Promise.all([0, 1, 2].map((index) => keyDigests(spec(6000, outOfOrder, { index, count: 3 }))))));
      assert.equal(keyedStreamFingerprint(own), keyedStreamFingerprint(await keyDigests(spec(6000, outOfOrder))));
      assert.equal(keyedDatasetFingerprint([keyedStreamFingerprint(own)]), await keyedFingerprintOf([spec(6000, outOfOrder)]));
    });
  }
});

describe('exact merging', () => {
  test('merged histogram = the histogram of all raw samples (percentiles, count, exact min/max); encoding is lossless', () => {
    let x = 12345;
    const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const raw: number[][] = [[], [], []];
    for (let s = 0; s < 3; s++) for (let i = 0; i < 2000; i++) raw[s].push(0.2 + rnd() * (s + 1) * 40 + (i % 97 === 0 ? 900 : 0));
    const all = new LatencyHistogram();
    for (const v of raw.flat()) all.recordMs(v);
    const summaries = raw.map((vals) => {
      const h = new LatencyHistogram();
      for (const v of vals) h.recordMs(v);
      const s = h.summary();
      // Lossless: decode(encode(h)) re-encodes to the same bytes and has the same counts.
      const back = decodeHistogram(s.hdr!);
      assert.equal(back.encode(), s.hdr);
      assert.equal(back.count, h.count);
      return s;
    });
    const merged = mergeLatency(summaries);
    const expect = all.summary();
    assert.equal(merged.count, 6000);
    for (const k of ['p50', 'p90', 'p99', 'p99.9', 'mean'] as const) assert.equal(merged[k], expect[k], k);
    assert.equal(merged.min, Math.min(...raw.flat()));
    assert.equal(merged.max, Math.max(...raw.flat()));
    // And NOT the average of the shards' percentiles.
    assert.notEqual(merged.p99, summaries.reduce((a, s) => a + s.p99, 0) / 3);
    // Empty parts (no measured batch) are neutral.
    assert.deepEqual(mergeLatency([...summaries, new LatencyHistogram().summary()]).p99, merged.p99);
  });

  test('intervals are re-bucketed on the wall clock', () => {
    const merged = mergeIntervals(
      [
        {
          originMs: 10_000,
          points: [
            { t: 1, rowsPerSec: 100 },
            { t: 2, rowsPerSec: 100 },
          ],
        },
        {
          originMs: 11_000,
          points: [
            { t: 1, rowsPerSec: 50 },
            { t: 2, rowsPerSec: 50 },
          ],
        },
      ],
      1000,
    );
    assert.deepEqual(merged, [
      { t: 1, rowsPerSec: 100 },
      { t: 2, rowsPerSec: 150 },
      { t: 3, rowsPerSec: 50 },
    ]);
  });
});

function fakeShard(index: number, count: number, tweak: (r: Results) => void = () => {}): { dir: string; results: Results } {
  const keys: KeyDigests = index === 0 ? { A: { rows: 2, digest: 'a' } } : { B: { rows: 1, digest: 'b' } };
  const shard: ShardRecord = {
    index,
    count,
    groupId: 'g',
    shardedPhases: ['preload'],
    shard0Phases: [],
    adjustments: [],
    streams: [{ phase: 'preload', table: 'market_price_ticks', stream: 's', rows: 0, wholeRows: 3, keys }],
    wholeKeyedFingerprint: 'w',
    start: null,
  };
  const results = {
    schemaVersion: 1,
    methodologyVersion: 1,
    tool: { name: 'tsdb-bench', version: '0.1.0' },
    scenario: { name: 'x', phases: [] },
    dataset: { fingerprint: 'f', seed: 1, anchor: '', anchorSource: '', streams: [] },
    shard,
  } as unknown as Results;
  tweak(results);
  return { dir: `d${index}`, results };
}

describe('merge refuses shards that are not parts of one run', () => {
  const cases: [string, () => { dir: string; results: Results }[], RegExp][] = [
    ['a different seed', () => [fakeShard(0, 2), fakeShard(1, 2, (r) => (r.dataset.seed = 2))], /different seeds/],
    ['a different scenario', () => [fakeShard(0, 2), fakeShard(1, 2, (r) => ((r.scenario as { name: string }).name = 'y'))], /different scenarios/],
    ['a different dataset fingerprint', () => [fakeShard(0, 2), fakeShard(1, 2, (r) => (r.dataset.fingerprint = 'g'))], /different dataset fingerprints/],
    ['a different harness version', () => [fakeShard(0, 2), fakeShard(1, 2, (r) => (r.tool.version = '0.2.0'))], /different harness versions/],
    ['a duplicate index', () => [fakeShard(0, 2), fakeShard(0, 2)], /shard 0 given twice/],
    ['a missing index', () => [fakeShard(0, 3), fakeShard(1, 3)], /shard\(s\) 2 of 3 missing/],
    ['an unsharded run', () => [fakeShard(0, 2, (r) => delete r.shard)], /not a shard's results/],
  ];
  for (const [what, make, re] of cases) {
    test(what, () =>
      assert.throws(
        () => checkShards(make()),
        (e: unknown) => e instanceof InputError && re.test(e.message) && !e.message.includes('\n'),
      ),
    );
  }
  test('keys written by two shards, or rows missing from the union', () => {
    const a = fakeShard(0, 2).results.shard as ShardRecord;
    const b = structuredClone(a);
    b.index = 1;
    assert.throws(() => unionFingerprint([a, b]), /key A of stream s written by shards 0 and 1/);
    const c = fakeShard(1, 2).results.shard as ShardRecord;
    c.streams[0].keys = {};
    assert.throws(() => unionFingerprint([a, c]), /the shards wrote 2 of its 3 rows/);
    assert.equal(unionFingerprint([a, fakeShard(1, 2).results.shard as ShardRecord]).rows[0].rows, 3);
  });
});

describe('start barrier and union wait', () => {
  const opts = { index: 1, count: 2, lateBoundMs: 1000, unionWaitMs: 60_000 };
  test('a shard that starts more than the bound after --start-at is late; one on time is not', () => {
    const late = startRecord({ ...opts, startAtMs: Date.now() - 5000 }, Date.now() - 6000);
    assert.equal(late.late, true);
    assert.ok(late.lateMs >= 5000);
    const onTime = startRecord({ ...opts, startAtMs: Date.now() + 60_000 }, Date.now());
    assert.deepEqual([onTime.late, onTime.lateMs], [false, 0]);
  });

  test('shard 0 waits for the union count, and gives up (incomplete) when the count stands still', async () => {
    let rows = 0;
    const session = { count: async () => (rows = Math.min(rows + 3, 9)) } as unknown as EngineSession;
    const log = {
      info() {},
      warn() {},
      debug() {},
      error() {},
      child() {
        return log;
      },
    } as unknown as Logger;
    const signal = new AbortController().signal;
    const done = await waitForUnion('t', session, new Map([['market_price_ticks', 9]]), { waitMs: 60_000, signal, log });
    assert.deepEqual(
      done.map((u) => [u.counted, u.complete]),
      [[9, true]],
    );
    rows = 0;
    const stuck = await waitForUnion('t', session, new Map([['market_price_ticks', 12]]), { waitMs: 60_000, stallMs: 300, signal, log });
    assert.deepEqual(
      stuck.map((u) => [u.expected, u.counted, u.complete]),
      [[12, 9, false]],
    );
  });
});
