import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectDisk } from '../../bench/capacity/projection.js';
import { aggregateInputs } from '../../bench/capacity/inputs.js';

const rowsPerDay = 10_000 * 86_400;

test('steady-state disk of a compressing, partitioned engine equals the hand calculation', () => {
  const p = projectDisk(
    { target: 'timescaledb@x', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: 40, partitioned: true },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1, days: 120 },
  );
  // Day 120: chunks entirely older than 90 d dropped (30 days), entirely older than 7 d compressed (113 days).
  // Retained 90 days: 7 raw days, 83 compressed days.
  const expected = 7 * rowsPerDay * 100 + 83 * rowsPerDay * 10;
  assert.equal(p.steadyStateBytes, expected);
  // Before anything is dropped (day 90), everything older than 7 d is compressed: 7 raw + 83 compressed, same.
  assert.equal(p.days[89].bytes, 7 * rowsPerDay * 100 + 83 * rowsPerDay * 10);
  // Day 5: nothing compressed yet.
  assert.equal(p.days[4].bytes, 5 * rowsPerDay * 100);
  assert.equal(p.days[4].compressedRows, 0);
  // The 25% rule: one day of index bytes / 0.25.
  assert.equal(p.ramForIndexesBytes, (40 * rowsPerDay) / 0.25);
});

test('whole chunks: with 7-day chunks data is compressed and dropped a chunk at a time', () => {
  const p = projectDisk(
    { target: 't', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: null, partitioned: true },
    { rate: 1, retentionDays: 14, compressAfterDays: 7, chunkDays: 7, days: 30 },
  );
  const perDay = 86_400;
  // Day 13: boundary for compression = 6 -> no whole chunk older than 7 d yet.
  assert.equal(p.days[12].compressedRows, 0);
  // Day 14: boundary 7 -> chunk [0,7) compressed.
  assert.equal(p.days[13].compressedRows, 7 * perDay);
  // Day 21: retention boundary 7 -> chunk [0,7) dropped; compression boundary 14 -> [7,14) compressed.
  assert.equal(p.days[20].rawRows + p.days[20].compressedRows, 14 * perDay);
  assert.equal(p.days[20].compressedRows, 7 * perDay);
  // Peak just before a drop: day 20 holds 20 days.
  assert.equal(p.peakDay % 7, 6);
  assert.equal(p.ramForIndexesBytes, null);
});

test('an engine without compression keeps raw bytes for every retained row; plain tables delete hourly', () => {
  const p = projectDisk(
    { target: 'postgres@x', rawBytesPerRow: 110, compressedBytesPerRow: null, indexBytesPerRow: 30, partitioned: false },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1, days: 100 },
  );
  assert.equal(p.steadyStateBytes, Math.round(90 * rowsPerDay * 110));
  assert.equal(p.days[99].compressedRows, 0);
  // A plain table's index covers all retained rows.
  assert.equal(p.ramForIndexesBytes, (30 * rowsPerDay * 90) / 0.25);
});

test('aggregates grow with buckets x keys over the retention window, not with raw rows', () => {
  // Hand calculation. Measured: 2,419,200 B of aggregates over a 7-day preload of 20 symbols,
  // so 2,419,200 / (7 d x 20 keys) = 17,280 B per key-day. Retention 90 d:
  // 90 d x 20 keys x 17,280 B = 31,104,000 B, whatever the rate.
  const shape = { keys: 20, spanMs: 7 * 86_400_000 };
  const downsample = {
    id: 'downsample',
    kind: 'downsample',
    status: 'ok' as const,
    startedAt: '',
    durationMs: 0,
    trials: [],
    warnings: [],
    details: {},
    metrics: {
      aggregate_bytes: {
        label: 'a',
        unit: 'bytes' as const,
        better: 'lower' as const,
        statistic: 'value' as const,
        sampleKind: 'exact' as const,
        samples: [2_419_200],
        value: 2_419_200,
        ci95: null,
      },
    },
  };
  const aggregates = aggregateInputs(downsample, shape);
  assert.equal(aggregates.length, 1);
  assert.equal(aggregates[0].bytesPerCell, 17_280);
  assert.equal(aggregates[0].cellsPerDay, 20);
  assert.match(aggregates[0].derivation, /7 d x 20 keys = 17,280 B per key-day/);
  const engine = { target: 't', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: null, aggregates, partitioned: true };
  const input = { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1, days: 120 };
  const p = projectDisk(engine, input);
  const last = p.days[119];
  assert.equal(last.aggregateBytes, 31_104_000);
  assert.equal(p.steadyStateBytes, 7 * rowsPerDay * 100 + 83 * rowsPerDay * 10 + 31_104_000);
  // Day 30: 30 days of buckets so far.
  assert.equal(p.days[29].aggregateBytes, 30 * 20 * 17_280);
  // The old per-raw-row scaling would have added 90 d x 864M rows x (2,419,200 B / 1M rows) = 188 GB.
  assert.ok(last.aggregateBytes < 1e-3 * 90 * rowsPerDay * 2.4192);
  // Ten times the rate: the same aggregate bytes.
  assert.equal(projectDisk(engine, { ...input, rate: 100_000 }).days[119].aggregateBytes, 31_104_000);
  assert.ok(
    p.derivation.some((l) => /aggregate all aggregates: 1,800 bucket x key cells \(90 d x 20 cells\/d\) x 17,280 B\/cell = 31,104,000 B/.test(l)),
    p.derivation.join('\n'),
  );
  assert.match(p.derivation.at(-1)!, /total on day 120/);
});

test('per-aggregate records: bytes per bucket x key from rows materialized and the bucket width', () => {
  // ticks_hourly: 168 hourly buckets x 20 keys = 3,360 rows, 336,000 B -> 100 B per cell, 24 x 20 = 480 cells/d.
  // ticks_ohlcv_1m: 10,080 minute buckets x 20 keys = 201,600 rows, 20,160,000 B -> 100 B per cell, 28,800 cells/d.
  const downsample = {
    id: 'downsample',
    kind: 'downsample',
    status: 'ok' as const,
    startedAt: '',
    durationMs: 0,
    trials: [],
    warnings: [],
    metrics: {},
    details: {
      aggregates: [
        { name: 'ticks_hourly', bucketMs: 3_600_000, rows: 3_360, bytes: 336_000 },
        { name: 'ticks_ohlcv_1m', bucketMs: 60_000, rows: 201_600, bytes: 20_160_000 },
      ],
    },
  };
  const aggregates = aggregateInputs(downsample, { keys: 20, spanMs: 7 * 86_400_000 });
  assert.deepEqual(
    aggregates.map((a) => [a.name, a.bytesPerCell, a.cellsPerDay]),
    [
      ['ticks_hourly', 100, 480],
      ['ticks_ohlcv_1m', 100, 28_800],
    ],
  );
  const p = projectDisk(
    { target: 't', rawBytesPerRow: 100, compressedBytesPerRow: null, indexBytesPerRow: null, aggregates, partitioned: true },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1, days: 100 },
  );
  // 90 d x (480 + 28,800) cells/d x 100 B = 263,520,000 B.
  assert.equal(p.days[99].aggregateBytes, 263_520_000);
});
