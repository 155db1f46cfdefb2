import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EncodedBatch, TableWriter } from '../../bench/core/engine.js';
import { generateBatches, resolveShape, type StreamSpec } from '../../bench/generate/index.js';
import { pgEncoder, pgEncoderRef, type PgEncoderArgs } from '../../bench/engines/postgres/encode.js';
import { lineEncoder, lineEncoderRef, type InfluxPayload, type LineEncoderArgs } from '../../bench/engines/influxdb/line-protocol.js';
import { harnessCeiling, openFeed } from '../../bench/phases/write/feed.js';
import { closedLoop, openLoop } from '../../bench/phases/write/loops.js';
import { reviveBuffers, transferables } from '../../bench/phases/write/payload.js';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2025, 2, 1);

function ticks(rows: number, overrides: Partial<StreamSpec> = {}): StreamSpec {
  return {
    table: 'market_price_ticks',
    seed: 11,
    stream: 'preload:test',
    shape: resolveShape('market_price_ticks', { outOfOrder: 0.02, maxLatenessMs: 5_000 }),
    anchorMs: ANCHOR,
    startMs: ANCHOR - DAY,
    endMs: ANCHOR,
    rows,
    ...overrides,
  };
}

/** A writer that keeps what it is sent, in memory (the loops' contract, no engine behind it). */
function recordingWriter(kind: 'copy' | 'line'): TableWriter & { sent: EncodedBatch[] } {
  const sent: EncodedBatch[] = [];
  const encoder =
    kind === 'copy'
      ? pgEncoderRef({ table: 'market_price_ticks', method: 'copy', qualified: '"s"."market_price_ticks"' })
      : lineEncoderRef({ table: 'market_price_ticks', gzip: false });
  const encode = kind === 'copy' ? pgEncoder(encoder.args as PgEncoderArgs) : lineEncoder(encoder.args as LineEncoderArgs);
  return {
    sent,
    encoder,
    encode,
    async write(batch) {
      sent.push(batch);
    },
    async close() {},
  };
}

function bodyOf(batch: EncodedBatch): Buffer {
  const p = batch.payload as Buffer | InfluxPayload;
  return Buffer.isBuffer(p) ? p : p.body;
}

/** Every batch's bytes, encoded in this thread, in order. */
function inlineBatches(spec: StreamSpec, batchSize: number, writer: TableWriter): Buffer[] {
  return [...generateBatches(spec, batchSize)].map((rows) => bodyOf(writer.encode(rows)));
}

for (const kind of ['copy', 'line'] as const) {
  test(`worker feed (${kind}): same batches, same order, same bytes as encoding inline`, async () => {
    const spec = ticks(25_000);
    const writer = recordingWriter(kind);
    const expected = inlineBatches(spec, 3_000, writer);
    const feed = openFeed(generateBatches(spec, 3_000), [writer], { ahead: 2 });
    assert.equal(feed.mode, 'worker');
    const got: Buffer[] = [];
    try {
      await feed.prime();
      for (let b = await feed.next(writer); b; b = await feed.next(writer)) {
        assert.ok(Buffer.isBuffer(bodyOf(b)), 'payload bytes arrive as a Buffer');
        assert.equal(b.bytes, bodyOf(b).length);
        got.push(bodyOf(b));
      }
      assert.equal(await feed.next(writer), undefined, 'stays exhausted');
    } finally {
      await feed.close();
    }
    assert.equal(got.length, expected.length);
    got.forEach((g, i) => assert.ok(g.equals(expected[i]), `batch ${i} differs`));
    assert.equal(feed.rows, 25_000);
    assert.ok(feed.harnessMs > 0);
    assert.ok((harnessCeiling(feed) ?? 0) > 0);
  });
}

test('feed falls back to inline encoding when a writer cannot be rebuilt in a thread or the source was started', async () => {
  const spec = ticks(2_000);
  const plain = recordingWriter('copy');
  const noRef: TableWriter = { encode: plain.encode, write: plain.write, close: plain.close };
  const a = openFeed(generateBatches(spec, 500), [noRef]);
  assert.equal(a.mode, 'inline');
  await a.close();
  const started = generateBatches(spec, 500);
  started.next();
  const b = openFeed(started, [plain]);
  assert.equal(b.mode, 'inline');
  assert.equal((await b.next(plain))?.rows, 500);
  await b.close();
  const c = openFeed(generateBatches(spec, 500), [plain, recordingWriter('line')]);
  assert.equal(c.mode, 'inline', 'writers with different encoders share no thread encoder');
  await c.close();
});

test('closedLoop sends the stream in order through the worker feed and reports the harness ceiling', async () => {
  const spec = ticks(12_345);
  const writer = recordingWriter('copy');
  const expected = inlineBatches(spec, 1_000, writer);
  const r = await closedLoop({ source: generateBatches(spec, 1_000), writers: [writer], intervalMs: 1000, signal: new AbortController().signal });
  assert.equal(r.encoding, 'worker');
  assert.equal(r.rows, 12_345);
  assert.equal(r.batches, expected.length);
  assert.deepEqual(writer.sent.map(bodyOf), expected);
  assert.ok(r.harnessCeilingRowsPerSec !== null && r.harnessCeilingRowsPerSec > 0);
});

test('closedLoop inline and off-thread send identical bytes', async () => {
  const spec = ticks(4_000);
  const a = recordingWriter('line');
  const b = recordingWriter('line');
  const signal = new AbortController().signal;
  const ra = await closedLoop({ source: generateBatches(spec, 700), writers: [a], intervalMs: 1000, signal, feed: { offThread: false } });
  const rb = await closedLoop({ source: generateBatches(spec, 700), writers: [b], intervalMs: 1000, signal });
  assert.equal(ra.encoding, 'inline');
  assert.equal(rb.encoding, 'worker');
  assert.ok(Buffer.concat(a.sent.map(bodyOf)).equals(Buffer.concat(b.sent.map(bodyOf))));
});

test('openLoop takes its batches from the feed in order', async () => {
  const spec = ticks(600);
  const writer = recordingWriter('copy');
  const expected = inlineBatches(spec, 100, writer);
  const r = await openLoop({
    source: generateBatches(spec, 100),
    writers: [writer],
    rate: 20_000,
    batchSize: 100,
    warmupMs: 0,
    maxLagMs: 60_000,
    intervalMs: 1000,
    signal: new AbortController().signal,
  });
  assert.equal(r.rows, 600);
  assert.deepEqual(writer.sent.map(bodyOf), expected);
  assert.ok(r.harnessCeilingRowsPerSec !== null);
});

test('an encoding error in the thread reaches the loop with its message', async () => {
  const writer = recordingWriter('copy');
  // A table the encoder module does not know: the thread fails while building its encoder.
  writer.encoder = { ...writer.encoder!, args: { table: 'no_such_table', method: 'copy', qualified: 'x' } };
  await assert.rejects(
    closedLoop({ source: generateBatches(ticks(100), 50), writers: [writer], intervalMs: 1000, signal: new AbortController().signal }),
    /no table named no_such_table/,
  );
});

test('payload helpers: Uint8Array back to Buffer; only wholly owned memory is transferred', () => {
  const u = new Uint8Array([1, 2, 3]);
  assert.ok(Buffer.isBuffer(reviveBuffers(u)));
  const revived = reviveBuffers({ body: u, gzip: false }) as InfluxPayload;
  assert.ok(Buffer.isBuffer(revived.body));
  assert.equal(revived.gzip, false);
  assert.equal(reviveBuffers('INSERT 1'), 'INSERT 1');
  const owned = Buffer.alloc(10_000);
  assert.deepEqual(transferables(owned), [owned.buffer]);
  const pooled = Buffer.from('abc');
  assert.deepEqual(transferables({ body: pooled }), pooled.buffer.byteLength === pooled.length ? [pooled.buffer] : []);
});

test('prefill with a byte allowance of one batch: still every batch, in order, same bytes', async () => {
  const spec = ticks(9_000);
  const writer = recordingWriter('copy');
  const expected = inlineBatches(spec, 1_000, writer);
  for (const aheadBytes of [1, 10 ** 9]) {
    const feed = openFeed(generateBatches(spec, 1_000), [writer], { ahead: Infinity, aheadBytes, prefill: true });
    const got: Buffer[] = [];
    try {
      await feed.prime();
      for (let b = await feed.next(writer); b; b = await feed.next(writer)) got.push(bodyOf(b));
    } finally {
      await feed.close();
    }
    assert.deepEqual(got, expected, `aheadBytes ${aheadBytes}`);
  }
});

test('closedLoop says when every row was encoded before its clock started', async () => {
  const spec = ticks(3_000);
  const small = await closedLoop({ source: generateBatches(spec, 500), writers: [recordingWriter('copy')], intervalMs: 1000, signal: new AbortController().signal });
  assert.equal(small.encodedBeforeClock, true);
  const limited = await closedLoop({
    source: generateBatches(spec, 500),
    writers: [recordingWriter('copy')],
    intervalMs: 1000,
    signal: new AbortController().signal,
    feed: { aheadBytes: 1 },
  });
  assert.equal(limited.encodedBeforeClock, false);
  const inline = await closedLoop({
    source: generateBatches(spec, 500),
    writers: [recordingWriter('copy')],
    intervalMs: 1000,
    signal: new AbortController().signal,
    feed: { offThread: false },
  });
  assert.equal(inline.encodedBeforeClock, false);
});

/** A recording writer that can also stream (what a COPY kept open looks like to the loop). */
function streamingWriter(): TableWriter & { sent: EncodedBatch[]; streams: { batches: number; ended: boolean }[] } {
  const base = recordingWriter('copy');
  const streams: { batches: number; ended: boolean }[] = [];
  return Object.assign(base, {
    streams,
    openStream() {
      const s = { batches: 0, ended: false };
      streams.push(s);
      return {
        async write(batch: EncodedBatch) {
          if (s.ended) throw new Error('write after end');
          s.batches++;
          base.sent.push(batch);
        },
        async end() {
          s.ended = true;
        },
      };
    },
  });
}

test('closedLoop streams all batches through one stream per writer, in order, and ends it', async () => {
  const spec = ticks(5_500);
  const writer = streamingWriter();
  const expected = inlineBatches(spec, 1_000, writer);
  const r = await closedLoop({ source: generateBatches(spec, 1_000), writers: [writer], intervalMs: 1000, signal: new AbortController().signal });
  assert.equal(r.acknowledgement, 'per stream');
  assert.deepEqual(writer.streams, [{ batches: expected.length, ended: true }]);
  assert.deepEqual(writer.sent.map(bodyOf), expected);
  const perBatch = streamingWriter();
  const r2 = await closedLoop({ source: generateBatches(spec, 1_000), writers: [perBatch], intervalMs: 1000, signal: new AbortController().signal, stream: false });
  assert.equal(r2.acknowledgement, 'per batch');
  assert.equal(perBatch.streams.length, 0);
  assert.deepEqual(perBatch.sent.map(bodyOf), expected);
});
