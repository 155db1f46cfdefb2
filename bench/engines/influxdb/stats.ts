/**
 * Storage and cache figures the server reports about itself:
 * - 1.x `SHOW STATS` (per shard: `shard` diskBytes = TSM + WAL, `tsm1_filestore` diskBytes,
 *   `tsm1_wal` segment bytes, `tsm1_cache` memBytes = data not yet snapshotted to TSM);
 * - 2.x `/metrics` (storage_shard_disk_size, storage_cache_inuse_bytes, labelled by bucket id).
 * Pure parsers; the session fetches the text.
 */
import { firstSeries, seriesRows } from './results.js';

export interface ShardStats {
  database: string;
  retentionPolicy: string;
  id: string;
  /** shard diskBytes: TSM files + WAL segments. */
  diskBytes: number;
  tsmBytes: number;
  walBytes: number;
  /** tsm1_cache memBytes: bytes still in the in-memory cache (0 once flushed to TSM). */
  cacheBytes: number;
}

/** Per-shard figures from a `SHOW STATS` JSON response. */
export function parseShowStats(response: unknown): ShardStats[] {
  const shards = new Map<string, ShardStats>();
  for (const s of firstSeries(response, 'SHOW STATS')) {
    const tags = s.tags ?? {};
    if (tags.id === undefined || tags.database === undefined) continue;
    const key = `${tags.database}\u0000${tags.retentionPolicy ?? ''}\u0000${tags.id}`;
    let shard = shards.get(key);
    if (!shard) {
      shard = { database: tags.database, retentionPolicy: tags.retentionPolicy ?? '', id: tags.id, diskBytes: 0, tsmBytes: 0, walBytes: 0, cacheBytes: 0 };
      shards.set(key, shard);
    }
    const row = seriesRows([{ ...s, tags: {} }])[0] ?? {};
    const num = (c: string): number => (typeof row[c] === 'number' ? (row[c] as number) : 0);
    if (s.name === 'shard') shard.diskBytes = num('diskBytes');
    else if (s.name === 'tsm1_filestore') shard.tsmBytes = num('diskBytes');
    else if (s.name === 'tsm1_wal') shard.walBytes = num('currentSegmentDiskBytes') + num('oldSegmentsDiskBytes');
    else if (s.name === 'tsm1_cache') shard.cacheBytes = num('memBytes');
  }
  return [...shards.values()];
}

export interface StorageFigures {
  diskBytes: number;
  tsmBytes: number;
  walBytes: number;
  cacheBytes: number;
  shards: number;
}

/** Sums the shards matching `filter`. */
export function sumShards(shards: readonly ShardStats[], filter: (s: ShardStats) => boolean): StorageFigures {
  const out: StorageFigures = { diskBytes: 0, tsmBytes: 0, walBytes: 0, cacheBytes: 0, shards: 0 };
  for (const s of shards) {
    if (!filter(s)) continue;
    out.diskBytes += s.diskBytes;
    out.tsmBytes += s.tsmBytes;
    out.walBytes += s.walBytes;
    out.cacheBytes += s.cacheBytes;
    out.shards++;
  }
  return out;
}

/** Sums a Prometheus metric's samples per value of `label` (2.x /metrics text format). */
export function prometheusByLabel(text: string, metric: string, label: string): Map<string, number> {
  const out = new Map<string, number>();
  const lineRe = new RegExp(`^${metric}\\{([^}]*)\\}\\s+(\\S+)`);
  for (const line of text.split('\n')) {
    const m = lineRe.exec(line);
    if (!m) continue;
    const labels = new Map<string, string>();
    for (const part of m[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels.set(part[1], part[2]);
    const key = labels.get(label);
    if (key === undefined) continue;
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}
