/**
 * What engine-level integration tests do by hand, once: write batches through a session's
 * writer (checking each encoded batch), and the probe rows every dialect must treat alike.
 */
import assert from 'node:assert/strict';
import type { EngineSession } from '../../bench/core/engine.js';
import type { Row, TableName } from '../../bench/core/tables.js';

/** Writes every batch through one writer, asserting each encodes all its rows; resolves rows written. */
export async function writeBatches(session: EngineSession, table: TableName, method: 'copy' | 'insert', batches: Iterable<Row[]>): Promise<number> {
  const w = await session.writer(table, method);
  let n = 0;
  try {
    for (const rows of batches) {
      const batch = w.encode(rows);
      assert.equal(batch.rows, rows.length);
      assert.ok(batch.bytes > 0);
      await w.write(batch);
      n += rows.length;
    }
  } finally {
    await w.close();
  }
  return n;
}

export const NULL_PRICE_ROWS = 60;

/**
 * Ticks without a price (the generator emits none): open/close/last must skip them the same way
 * in every dialect and in the aggregates. Their own exchange keeps the primary key unique; some
 * minutes before `anchorMs` hold only such rows.
 */
export function nullPriceTicks(symbol: string, anchorMs: number): (string | number | null)[][] {
  return Array.from({ length: NULL_PRICE_ROWS }, (_, i) => [(anchorMs - (i + 1) * 7 * 60_000 - 1_000) * 1000 + i, symbol, null, '1.50000000', 'null-price-probe']);
}
