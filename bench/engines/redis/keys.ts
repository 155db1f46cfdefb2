/**
 * Key names of the run's namespace: every key starts with `tsdb_bench_<run>:` so several runs
 * can share a server and close() removes exactly this run's keys. Below the prefix, the seed's
 * Redis names (document section "Redis (Cache/Ephemeral)"):
 *
 * - `live:price:{symbol}`, `live:source:{id}:behavior` (and `live:sentiment:{id}`,
 *   `live:alert:{type}` for the other tables): a hash with the newest row of that key;
 * - `ratelimit:api:{endpoint}`: fixed-window counter (INCR + EXPIRE NX), one per write endpoint;
 * - `queue:ingestion`: a Stream of ingestion jobs, capped with MAXLEN ~;
 * - `hot:{table}:{key}`: the hot window of one key's rows (sorted set, score = time in µs);
 * - `hot:{table}:keys`: which keys a table has (a set), so reads and counts need no SCAN.
 */
import { TABLES, type TableName } from '../../core/tables.js';

/** `tsdb_bench_<runId>` with the run id lowercased and non [a-z0-9_] characters as `_`. */
export function namespaceFor(runId: string): string {
  const safe = runId
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `tsdb_bench_${safe || 'run'}`;
}

const LATEST: Readonly<Record<TableName, (key: string) => string>> = {
  market_price_ticks: (k) => `live:price:${k}`,
  source_reliability_metrics: (k) => `live:source:${k}:behavior`,
  sentiment_scores: (k) => `live:sentiment:${k}`,
  alert_events: (k) => `live:alert:${k}`,
};

export class RedisKeys {
  constructor(readonly ns: string) {}

  /** Every key of the run (for SCAN MATCH). */
  get pattern(): string {
    return `${this.ns}:*`;
  }
  hot(table: TableName, key: string): string {
    return `${this.ns}:hot:${table}:${key}`;
  }
  registry(table: TableName): string {
    return `${this.ns}:hot:${table}:keys`;
  }
  latest(table: TableName, key: string): string {
    return `${this.ns}:${LATEST[table](key)}`;
  }
  rateLimit(table: TableName): string {
    return `${this.ns}:ratelimit:api:write_${table}`;
  }
  get queue(): string {
    return `${this.ns}:queue:ingestion`;
  }
  /** Probe keys of the TTL expiry check. */
  ttlProbe(i: number): string {
    return `${this.ns}:ttlprobe:${i}`;
  }
}

/** Index (in a generated row) of the column whose value names a table's Redis key. */
export function keyColumnIndex(table: TableName): number {
  const spec = TABLES[table];
  return spec.columns.findIndex((c) => c.name === spec.segmentBy);
}
