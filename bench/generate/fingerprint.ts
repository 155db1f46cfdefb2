/**
 * Dataset fingerprints. A stream's fingerprint is the SHA-256 of a canonical encoding of its
 * rows in emission order, with the time column written as the offset in µs from the dataset
 * anchor: moving only the anchor (same seed, shape, spans) keeps the fingerprint, any changed
 * value changes it. The dataset fingerprint is the SHA-256 of the stream fingerprints in
 * phase order.
 *
 * Canonical row encoding: offset, then each other value preceded by U+001F (null as U+0000,
 * numbers in JavaScript's shortest round-trip form, strings verbatim), then U+001E.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { Row } from '../core/tables.js';
import { ByteWriter } from './byte-writer.js';
import { generateBatches } from './stream.js';
import type { StreamSpec } from './types.js';

const FIELD = 0x1f;
const RECORD = 0x1e;
const NULL = 0x00;
const MINUS = 0x2d;

export class Fingerprinter {
  private readonly hash: Hash = createHash('sha256');
  private readonly anchorUs: number;
  private count = 0;
  private readonly writer = new ByteWriter(1 << 16);

  constructor(anchorMs: number) {
    this.anchorUs = Math.round(anchorMs * 1000);
  }

  get rows(): number {
    return this.count;
  }

  update(rows: readonly Row[]): this {
    const w = this.writer;
    w.reset();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const offset = (row[0] as number) - this.anchorUs;
      if (offset < 0) {
        w.ensure(1);
        w.byte(MINUS);
        w.uint(-offset);
      } else {
        w.uint(offset);
      }
      for (let c = 1; c < row.length; c++) {
        const v = row[c];
        w.ensure(2);
        w.byte(FIELD);
        if (v === null) w.byte(NULL);
        else if (typeof v === 'string') w.string(v);
        else w.string('' + v);
      }
      w.ensure(1);
      w.byte(RECORD);
    }
    this.hash.update(w.buf.subarray(0, w.pos));
    this.count += rows.length;
    return this;
  }

  /** Hex SHA-256; the fingerprinter cannot be updated afterwards. */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Generates the whole stream and fingerprints it (memory independent of the row count). */
export function fingerprintStream(spec: StreamSpec, batchSize = 10_000): { rows: number; fingerprint: string } {
  const fp = new Fingerprinter(spec.anchorMs);
  for (const batch of generateBatches(spec, batchSize)) fp.update(batch);
  return { rows: fp.rows, fingerprint: fp.digest() };
}

/**
 * The same fingerprint, yielding to the event loop every `yieldEveryRows` rows so a signal
 * (Ctrl-C) is handled at any moment of a long planning step; stops with the signal's reason
 * when it is aborted.
 */
export async function fingerprintStreamAsync(
  spec: StreamSpec,
  options: { signal?: AbortSignal; batchSize?: number; yieldEveryRows?: number } = {},
): Promise<{ rows: number; fingerprint: string }> {
  const batchSize = options.batchSize ?? 10_000;
  const yieldEvery = options.yieldEveryRows ?? 100_000;
  const fp = new Fingerprinter(spec.anchorMs);
  let sinceYield = 0;
  for (const batch of generateBatches(spec, batchSize)) {
    fp.update(batch);
    sinceYield += batch.length;
    if (sinceYield >= yieldEvery) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    options.signal?.throwIfAborted();
  }
  return { rows: fp.rows, fingerprint: fp.digest() };
}

/** Dataset fingerprint: SHA-256 of the stream fingerprints, in phase order. */
export function datasetFingerprint(streamFingerprints: readonly string[]): string {
  return createHash('sha256').update(streamFingerprints.join('\n')).digest('hex');
}
