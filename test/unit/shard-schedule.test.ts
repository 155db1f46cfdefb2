/**
 * The open loop's wall-clock schedule phase (loops.ts scheduleOffsetMs), as shards use it: t0
 * lies on the grid of instants ≡ offset (mod batch period), so shard i's batches fall i/N of a
 * period after shard 0's. Asserts on the schedule's arithmetic (startEpochMs), not on timing.
 * Also: a shard's schedule offset is the start instant plus i/N of the period.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EncodedBatch, TableWriter } from '../../bench/core/engine.js';
import { marketPriceTicks } from '../../bench/generate/tables/market-price-ticks.js';
import { generateBatches } from '../../bench/generate/stream.js';
import { openLoop } from '../../bench/phases/write/loops.js';

function writer(into: number[]): TableWriter {
  return {
    encode: (rows) => ({ rows: rows.length, bytes: rows.length, payload: null }),
    write: async (b: EncodedBatch) => {
      into.push(b.rows);
    },
    close: async () => {},
  };
}

test('openLoop puts t0 on the wall-clock grid given by scheduleOffsetMs', async () => {
  const anchor = Date.UTC(2026, 0, 1);
  const spec = {
    table: 'market_price_ticks' as const,
    seed: 3,
    stream: 'x',
    shape: marketPriceTicks.defaultShape(),
    anchorMs: anchor,
    startMs: anchor,
    endMs: anchor + 1000,
    rows: 20,
  };
  const periodMs = (10 / 200) * 1000; // 10-row batches at 200 rows/s
  const startAt = Date.now();
  for (const [index, count] of [
    [0, 4],
    [3, 4],
  ]) {
    const sent: number[] = [];
    const offset = startAt + (index / count) * periodMs;
    const r = await openLoop({
      source: generateBatches(spec, 10),
      writers: [writer(sent)],
      rate: 200,
      batchSize: 10,
      warmupMs: 0,
      maxLagMs: 60_000,
      intervalMs: 1000,
      scheduleOffsetMs: offset,
      signal: new AbortController().signal,
      feed: { offThread: false },
    });
    assert.equal(
      sent.reduce((a, b) => a + b, 0),
      20,
    );
    const phase = (((r.startEpochMs - offset) % periodMs) + periodMs) % periodMs;
    assert.ok(Math.min(phase, periodMs - phase) < 1e-3, `shard ${index}: t0 is ${phase} ms off the grid`);
  }
});
