/**
 * A shard's view of the scenario. Write phases (preload, ingest) are sharded: every shard
 * writes the rows of the keys it owns (generate/shard-keys.ts) from the same dataset plan, at its share
 * of the rate, so together they write the unsharded dataset at the scenario's rate. Every
 * other phase (storage, compress, retention, downsample, query, saturate, growth, mixed) is a
 * single-writer phase: only shard 0 runs it, after every shard's rows are in the engine (it
 * waits for the union's row count, shard/barrier.ts), in scenario order. Preload runs one
 * trial when sharded: a trial starts by truncating the shared table, which would erase the
 * other shards' rows.
 */
import type { PhaseSpec, Scenario } from '../core/scenario.js';
import { InputError } from '../core/errors.js';
import type { DatasetPlan } from '../phases/dataset.js';
import { keyDigests, keyedDatasetFingerprint, keyedStreamFingerprint } from './fingerprint.js';
import type { ShardOptions } from './options.js';
import type { ShardRecord, ShardStreamRecord } from './record.js';

/** Phase kinds whose rows are split between shards. */
export const SHARDED_KINDS: ReadonlySet<string> = new Set(['preload', 'ingest']);

export interface ShardPlan {
  options: ShardOptions;
  /** The phases this shard runs, in order (specs adjusted: rate share, one preload trial). */
  phases: PhaseSpec[];
  isSharded(spec: PhaseSpec): boolean;
  record: ShardRecord;
}

export async function planShard(options: ShardOptions, scenario: Scenario, dataset: DatasetPlan, groupId: string, signal?: AbortSignal): Promise<ShardPlan> {
  if (options.count > 1 && options.startAtMs === undefined) {
    throw new InputError(
      `--shard ${options.index}/${options.count}: a sharded run needs --start-at <ISO instant> (shard 0 creates the schema before it; the others open their sessions at it)`,
    );
  }
  const sel = { index: options.index, count: options.count };
  const sharded: PhaseSpec[] = [];
  const single: PhaseSpec[] = [];
  const adjustments: ShardRecord['adjustments'] = [];
  const streams: ShardStreamRecord[] = [];
  const wholeParts: string[] = [];
  for (const spec of scenario.phases) {
    const planned = dataset.streams.get(spec.id) ?? [];
    if (!SHARDED_KINDS.has(spec.kind)) {
      // Shard 0 writes these streams whole: their dataset fingerprints hold as they are.
      single.push(spec);
      continue;
    }
    // Keyed fingerprint of the whole sharded streams, all keys: what the union must give.
    for (const s of planned) wholeParts.push(keyedStreamFingerprint(await keyDigests({ ...s, shard: undefined }, signal)));
    let own = 0;
    let whole = 0;
    const mine = planned.map((s) => ({ ...s, shard: sel }));
    dataset.streams.set(spec.id, mine);
    for (const s of mine) {
      const keys = await keyDigests(s, signal);
      const rows = Object.values(keys).reduce((a, k) => a + k.rows, 0);
      streams.push({ phase: spec.id, table: s.table, stream: s.stream, rows, wholeRows: s.rows, keys });
      own += rows;
      whole += s.rows;
    }
    sharded.push(adjust(spec, own / Math.max(whole, 1), adjustments));
  }
  const record: ShardRecord = {
    index: options.index,
    count: options.count,
    groupId,
    shardedPhases: sharded.map((p) => p.id),
    shard0Phases: single.map((p) => p.id),
    adjustments,
    streams,
    wholeKeyedFingerprint: keyedDatasetFingerprint(wholeParts),
    start: null,
  };
  const ids = new Set(sharded.map((p) => p.id));
  return {
    options,
    phases: options.index === 0 ? [...sharded, ...single] : sharded,
    isSharded: (spec) => ids.has(spec.id),
    record,
  };
}

/** The spec a shard runs: its share of the rate (open loop), one preload trial. */
function adjust(spec: PhaseSpec, share: number, into: ShardRecord['adjustments']): PhaseSpec {
  const out = { ...spec } as PhaseSpec & { rate?: number };
  if (typeof out.rate === 'number') {
    const rate = (spec as { rate: number }).rate;
    // The shard's rows over the same duration: rate x its share of the rows (rate/N when even).
    out.rate = round(rate * share);
    into.push({ phase: spec.id, change: `rate ${round(out.rate)} rows/s = ${rate} x this shard's share of the rows (${(share * 100).toFixed(1)}%)` });
  }
  if (spec.kind === 'preload' && spec.trials > 1) {
    out.trials = 1;
    into.push({ phase: spec.id, change: `1 trial instead of ${spec.trials}: a preload trial truncates the shared table` });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
