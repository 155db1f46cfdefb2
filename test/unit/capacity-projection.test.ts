import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectDisk } from '../../bench/capacity/projection.js';

const rowsPerDay = 10_000 * 86_400;

test('steady-state disk of a compressing, partitioned engine equals the hand calculation', () => {
  const p = projectDisk(
    { target: 'timescaledb@x', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: 40, aggregateBytesPerRow: 0, partitioned: true },
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
    { target: 't', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: null, aggregateBytesPerRow: 0, partitioned: true },
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
    { target: 'postgres@x', rawBytesPerRow: 110, compressedBytesPerRow: null, indexBytesPerRow: 30, aggregateBytesPerRow: 0, partitioned: false },
    { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1, days: 100 },
  );
  assert.equal(p.steadyStateBytes, Math.round(90 * rowsPerDay * 110));
  assert.equal(p.days[99].compressedRows, 0);
  // A plain table's index covers all retained rows.
  assert.equal(p.ramForIndexesBytes, (30 * rowsPerDay * 90) / 0.25);
});
