/**
 * Fingerprints that survive sharding. The dataset fingerprint (generate/fingerprint.ts) hashes
 * a stream's rows in emission order, which interleaves keys: the union of shards cannot be
 * hashed that way without regenerating the whole stream. So a sharded run also records, per
 * stream, a digest of each key's rows (same canonical encoding, the key's rows in emission
 * order). The keyed fingerprint of a stream is SHA-256 over `key rows digest` lines in key
 * order; of a dataset, over its streams' keyed fingerprints in plan order. Every shard computes
 * it for the whole dataset (from the unsharded streams) and, separately, digests of the rows it
 * actually emits (the sharded generator the writers use): `merge` rebuilds the union's keyed
 * fingerprint from the shards' own digests and checks it equals the whole dataset's.
 */
import { createHash } from 'node:crypto';
import type { Row } from '../core/tables.js';
import { Fingerprinter } from '../generate/fingerprint.js';
import { generateBatches } from '../generate/stream.js';
import type { StreamSpec } from '../generate/types.js';

/** Per key: rows and digest of its rows in emission order. */
export type KeyDigests = Record<string, { rows: number; digest: string }>;

/** Digests per key of the rows `spec` emits (a sharded spec emits only its keys). */
export async function keyDigests(spec: StreamSpec, signal?: AbortSignal): Promise<KeyDigests> {
  const byKey = new Map<string, Fingerprinter>();
  let sinceYield = 0;
  for (const batch of generateBatches(spec, 10_000)) {
    const groups = new Map<string, Row[]>();
    for (const row of batch) {
      const key = row[1] as string;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(row);
    }
    for (const [key, rows] of groups) {
      let fp = byKey.get(key);
      if (!fp) byKey.set(key, (fp = new Fingerprinter(spec.anchorMs)));
      fp.update(rows);
    }
    sinceYield += batch.length;
    if (sinceYield >= 100_000) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  }
  const out: KeyDigests = {};
  for (const key of [...byKey.keys()].sort()) {
    const fp = byKey.get(key)!;
    out[key] = { rows: fp.rows, digest: fp.digest() };
  }
  return out;
}

/** Keyed fingerprint of one stream from its per-key digests (any key order in the input). */
export function keyedStreamFingerprint(digests: KeyDigests): string {
  const h = createHash('sha256');
  for (const key of Object.keys(digests).sort()) h.update(`${key} ${digests[key].rows} ${digests[key].digest}\n`);
  return h.digest('hex');
}

/** Keyed fingerprint of a dataset: its streams' keyed fingerprints in plan order. */
export function keyedDatasetFingerprint(streamFingerprints: readonly string[]): string {
  return createHash('sha256').update(streamFingerprints.join('\n')).digest('hex');
}

/** The keyed fingerprint of unsharded streams (what the union of all shards must give). */
export async function keyedFingerprintOf(streams: readonly StreamSpec[], signal?: AbortSignal): Promise<string> {
  const parts: string[] = [];
  for (const s of streams) parts.push(keyedStreamFingerprint(await keyDigests({ ...s, shard: undefined }, signal)));
  return keyedDatasetFingerprint(parts);
}
