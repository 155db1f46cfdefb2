/** What a shard records in results.json (`results.shard`), and what `merge` reads back. */
import type { KeyDigests } from './fingerprint.js';
import type { ClockOffset } from './clock.js';

export interface ShardStreamRecord {
  phase: string;
  table: string;
  stream: string;
  /** Rows this shard emits / rows of the whole stream. */
  rows: number;
  wholeRows: number;
  /** Digests of the rows this shard emits, per key (from the sharded generator the writers use). */
  keys: KeyDigests;
}

export interface ShardRecord {
  index: number;
  count: number;
  /** Shared by all shards of the run (names the engine namespace). */
  groupId: string;
  /** Phases every shard runs on its own keys (write phases). */
  shardedPhases: string[];
  /** Phases only shard 0 runs, after every shard's rows are in (single-writer phases). */
  shard0Phases: string[];
  /** Per phase, what the shard runs differently from the scenario (its rate share...). */
  adjustments: { phase: string; change: string }[];
  streams: ShardStreamRecord[];
  /** Keyed fingerprint of the sharded phases' WHOLE streams (all keys; shard/fingerprint.ts). */
  wholeKeyedFingerprint: string;
  /** Start barrier. */
  start: {
    startAt: string | null;
    /** When the shard was ready to start its measured phases. */
    readyAt: string;
    /** When it started them. */
    startedAt: string;
    /** startedAt - startAt (ms; 0 or a little more when on time). */
    lateMs: number;
    lateBoundMs: number;
    late: boolean;
    /**
     * Wall clock minus the monotonic clock's idea of it at the barrier (ms): a jump of the
     * system clock while the process ran shows here.
     */
    wallMinusMonotonicMs: number;
    /**
     * This host's clock against the target server's (shard/clock.ts), read when the session
     * opened; null when the engine offers no clock reading (InfluxDB, Redis). `merge` reports
     * the spread between shards: lateness figures compare only as well as the clocks agree.
     */
    clock?: ClockOffset | null;
  } | null;
  /** Shard 0: the union of all shards' rows as counted in the engine before its single-writer phases. */
  union?: { target: string; table: string; expected: number; counted: number; waitedMs: number; complete: boolean }[];
}

declare module '../core/results.js' {
  interface Results {
    /** Set when this run is shard i of N (bench/shard/). */
    shard?: ShardRecord;
  }
}
