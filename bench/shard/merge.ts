/**
 * `merge`: the results of N shards as the results of one run. Refuses shards that are not
 * parts of one run (InputError: one line, exit 2): a different scenario, seed, dataset
 * fingerprint, harness version or shard group, a duplicate or missing shard index, or keys
 * claimed by two shards. Then: shard 0's results are the base (it ran the single-writer
 * phases); every sharded phase is merged per target and trial (merge-trials.ts), its metrics
 * recomputed from the merged trials; the union's keyed fingerprint is rebuilt from the shards'
 * own per-key digests and must equal the whole dataset's. Claims are evaluated by the caller
 * on the merged results only.
 */
import { clockSpread } from './clock.js';
import type { Metric, PhaseResult, Results, TargetResult } from '../core/results.js';
import { InputError } from '../core/errors.js';
import { makeMetric } from '../measure/stats.js';
import { keyedDatasetFingerprint, keyedStreamFingerprint, type KeyDigests } from './fingerprint.js';
import { mergeTrial } from './merge-trials.js';
import type { ShardRecord } from './record.js';

/** How each mergeable metric is read from a merged trial record. */
const TRIAL_VALUE: Record<string, (t: Record<string, unknown>) => number | undefined> = {
  rows_per_s: (t) => num(t.rowsPerSec),
  achieved_rows_per_s: (t) => (hasCount(t.latency) ? num(t.achievedRate) : undefined),
  latency_p50_ms: (t) => pct(t.latency, 'p50'),
  latency_p99_ms: (t) => pct(t.latency, 'p99'),
  latency_p999_ms: (t) => pct(t.latency, 'p99.9'),
  service_p50_ms: (t) => pct(t.serviceTime, 'p50'),
  lag_p99_ms: (t) => pct(t.lag, 'p99'),
};

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function hasCount(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { count?: number }).count! > 0;
}
function pct(v: unknown, key: string): number | undefined {
  return hasCount(v) ? num((v as Record<string, unknown>)[key]) : undefined;
}

export interface ShardInput {
  dir: string;
  results: Results;
}

export interface MergedShards {
  count: number;
  groupId: string;
  /** Rebuilt from the shards' own per-key digests; equals wholeKeyedFingerprint. */
  unionKeyedFingerprint: string;
  wholeKeyedFingerprint: string;
  rows: { phase: string; stream: string; rows: number }[];
  shards: { index: number; dir: string; status: Results['status']; rows: number; start: ShardRecord['start'] }[];
  late: number[];
  /** How far apart the shards' clocks were, each read against the target's (null: not measured). */
  clockSpread: ReturnType<typeof clockSpread>;
  union?: ShardRecord['union'];
}

declare module '../core/results.js' {
  interface Results {
    /** Set on the results `merge` builds from N shards. */
    shards?: MergedShards;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function refuse(msg: string): never {
  throw new InputError(`merge: ${msg}`);
}

function shardOf(input: ShardInput): ShardRecord {
  const s = input.results.shard as ShardRecord | undefined;
  if (!s || typeof s.index !== 'number') refuse(`${input.dir} is not a shard's results (run with --shard i/N)`);
  return s;
}

/** Refuses inputs that are not the N shards of one run; returns them ordered by index. */
export function checkShards(inputs: readonly ShardInput[]): ShardInput[] {
  if (inputs.length === 0) refuse('no shard directories given');
  const first = inputs[0];
  const s0 = shardOf(first);
  const same = (what: string, get: (r: Results) => unknown) => {
    const want = JSON.stringify(get(first.results));
    for (const i of inputs.slice(1)) if (JSON.stringify(get(i.results)) !== want) refuse(`${i.dir} and ${first.dir} have different ${what}`);
  };
  same('scenarios', (r) => r.scenario);
  same('seeds', (r) => r.dataset.seed);
  same('dataset fingerprints', (r) => r.dataset.fingerprint);
  same('harness versions', (r) => [r.tool.name, r.tool.version, r.tool.gitCommit ?? null, r.schemaVersion, r.methodologyVersion]);
  same('shard groups (run ids)', (r) => (r.shard as ShardRecord | undefined)?.groupId);
  same('shard counts', (r) => (r.shard as ShardRecord | undefined)?.count);
  const byIndex = new Map<number, ShardInput>();
  for (const i of inputs) {
    const idx = shardOf(i).index;
    if (byIndex.has(idx)) refuse(`shard ${idx} given twice (${byIndex.get(idx)!.dir}, ${i.dir})`);
    byIndex.set(idx, i);
  }
  const missing = Array.from({ length: s0.count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length) refuse(`shard(s) ${missing.join(', ')} of ${s0.count} missing`);
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** The union's keyed fingerprint from every shard's own digests; refuses overlaps and gaps. */
export function unionFingerprint(records: readonly ShardRecord[]): { fingerprint: string; rows: MergedShards['rows'] } {
  const order: string[] = [];
  const streams = new Map<string, { phase: string; stream: string; wholeRows: number; keys: KeyDigests; owner: Map<string, number> }>();
  for (const r of records) {
    for (const s of r.streams) {
      const id = `${s.phase}\u0000${s.stream}`;
      let u = streams.get(id);
      if (!u) {
        streams.set(id, (u = { phase: s.phase, stream: s.stream, wholeRows: s.wholeRows, keys: {}, owner: new Map() }));
        order.push(id);
      }
      for (const [key, d] of Object.entries(s.keys)) {
        if (u.owner.has(key)) refuse(`key ${key} of stream ${s.stream} written by shards ${u.owner.get(key)} and ${r.index}`);
        u.owner.set(key, r.index);
        u.keys[key] = d;
      }
    }
  }
  const parts: string[] = [];
  const rows: MergedShards['rows'] = [];
  for (const id of order) {
    const u = streams.get(id)!;
    const n = Object.values(u.keys).reduce((a, k) => a + k.rows, 0);
    if (n !== u.wholeRows) refuse(`stream ${u.stream}: the shards wrote ${n} of its ${u.wholeRows} rows`);
    parts.push(keyedStreamFingerprint(u.keys));
    rows.push({ phase: u.phase, stream: u.stream, rows: n });
  }
  return { fingerprint: keyedDatasetFingerprint(parts), rows };
}

/** The merge works field by field over any kind's trial records and details. */
const trialRecords = (p: PhaseResult) => p.trials as unknown as readonly Record<string, unknown>[];
const detailsOf = (p: PhaseResult) => (p.details ?? {}) as { method?: string; targetRate?: number };

function mergePhase(parts: readonly PhaseResult[], widthMs: number): PhaseResult {
  const base = parts[0];
  const trialNumbers = [...new Set(parts.flatMap((p) => trialRecords(p).map((t) => t.trial as number)))].sort((a, b) => a - b);
  const trials = trialNumbers.map((n) => {
    const same = parts.map((p) => trialRecords(p).find((t) => t.trial === n)).filter((t): t is Record<string, unknown> => t !== undefined);
    return mergeTrial(same, widthMs);
  });
  const metrics: Record<string, Metric> = {};
  const noData: Record<string, string> = { ...(base.noData ?? {}) };
  const keys = [...new Set([...parts.flatMap((p) => Object.keys(p.metrics)), ...Object.keys(base.noData ?? {})])];
  for (const key of keys) {
    const read = TRIAL_VALUE[key];
    const like = parts.map((p) => p.metrics[key]).find((m) => m !== undefined);
    if (!read || !like) {
      if (like) noData[key] = 'not mergeable across shards (no exact merge rule for this metric)';
      continue;
    }
    const values = trials.map(read);
    const present = values.filter((v): v is number => v !== undefined);
    if (present.length === 0) {
      noData[key] ??= 'no trial of the merged shards measured it';
      continue;
    }
    delete noData[key];
    metrics[key] = makeMetric({
      label: like.label,
      unit: like.unit,
      better: like.better,
      statistic: like.statistic,
      sampleKind: like.sampleKind,
      samples: present,
      ...(present.length === values.length && present.length > 1 ? { trialValues: present } : {}),
    });
  }
  const failed = parts.find((p) => p.status === 'failed');
  return {
    ...base,
    status: failed ? 'failed' : base.status,
    ...(failed?.message ? { message: failed.message } : {}),
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    trials,
    metrics,
    ...(Object.keys(noData).length ? { noData } : {}),
    details: {
      ...base.details,
      // The union's target rate (each shard ran its share).
      ...(typeof detailsOf(base).targetRate === 'number' ? { targetRate: round(parts.reduce((a, p) => a + (detailsOf(p).targetRate ?? 0), 0)) } : {}),
      method: `${String(detailsOf(base).method ?? '')}; MERGED from ${parts.length} shards: each shard wrote the rows of its keys at its share of the rate from one --start-at; HDR histograms added, counters summed, intervals aligned on the wall clock, rates of the union (closed loop: all rows / first send to last acknowledgement of any shard; open loop: sum of the shards' achieved rates)`,
      shards: parts.length,
    },
    warnings: [...new Set(parts.flatMap((p, i) => p.warnings.map((w) => (i === 0 ? w : `shard ${i}: ${w}`))))],
  } as PhaseResult;
}

/** Merges checked shard inputs (ordered by index) into one results object. */
export function mergeShards(inputs: readonly ShardInput[], command: string): Results {
  const ordered = checkShards(inputs);
  const records = ordered.map(shardOf);
  const union = unionFingerprint(records);
  const whole = records[0].wholeKeyedFingerprint;
  for (const r of records) if (r.wholeKeyedFingerprint !== whole) refuse(`shard ${r.index} planned a different dataset (keyed fingerprint)`);
  if (union.fingerprint !== whole) refuse(`the shards' rows do not make up the dataset: union ${union.fingerprint.slice(0, 12)} != whole ${whole.slice(0, 12)}`);
  const base = structuredClone(ordered[0].results);
  const sharded = new Set(records[0].shardedPhases);
  const widthOf = (phaseId: string) => {
    const spec = base.scenario.phases.find((p) => p.id === phaseId) as { intervalMs?: number } | undefined;
    return spec?.intervalMs ?? 1000;
  };
  base.targets = base.targets.map((t): TargetResult => {
    const same = ordered.map((i) => i.results.targets.find((x) => x.id === t.id));
    const failed = same.find((x) => x && x.status === 'failed');
    const phases = t.phases.map((p) => {
      if (!sharded.has(p.id)) return p;
      const parts = same.map((x) => x?.phases.find((q) => q.id === p.id)).filter((q): q is PhaseResult => q !== undefined);
      return parts.length === ordered.length
        ? mergePhase(parts, widthOf(p.id))
        : { ...p, status: 'failed' as const, message: `only ${parts.length} of ${ordered.length} shards ran this phase` };
    });
    return { ...t, phases, ...(failed && t.status !== 'failed' ? { status: 'failed' as const, error: `shard ${same.indexOf(failed)}: ${failed.error ?? 'failed'}` } : {}) };
  });
  const late = records.filter((r) => r.start?.late).map((r) => r.index);
  const shards: MergedShards = {
    count: records.length,
    groupId: records[0].groupId,
    unionKeyedFingerprint: union.fingerprint,
    wholeKeyedFingerprint: whole,
    rows: union.rows,
    shards: ordered.map((i, k) => ({ index: k, dir: i.dir, status: i.results.status, rows: records[k].streams.reduce((a, s) => a + s.rows, 0), start: records[k].start })),
    late,
    clockSpread: clockSpread(records.map((r) => r.start?.clock)),
    ...(records[0].union ? { union: records[0].union } : {}),
  };
  delete base.shard;
  base.shards = shards;
  base.runId = records[0].groupId;
  base.command = command;
  base.startedAt = ordered.map((i) => i.results.startedAt).sort()[0];
  const ends = ordered
    .map((i) => i.results.finishedAt)
    .filter((x): x is string => !!x)
    .sort();
  if (ends.length) base.finishedAt = ends[ends.length - 1];
  const rank = { complete: 0, partial: 1, incomplete: 2, failed: 3 } as const;
  const worst = ordered.map((i) => i.results.status).sort((a, b) => rank[b] - rank[a])[0];
  base.status = worst;
  if (worst !== 'complete') base.statusReason = `worst of ${records.length} shards: ${ordered.map((i, k) => `shard ${k} ${i.results.status}`).join(', ')}`;
  base.warnings = [...new Set(ordered.flatMap((i, k) => i.results.warnings.map((w) => (k === 0 ? w : `shard ${k}: ${w}`))))];
  if (late.length)
    base.warnings.push(`shard(s) ${late.join(', ')} started later than ${records[0].start?.lateBoundMs ?? 1000} ms after --start-at: their load did not fully overlap the others'`);
  const bound = records[0].start?.lateBoundMs ?? 1000;
  if (shards.clockSpread && shards.clockSpread.spreadMs - shards.clockSpread.uncertaintyMs > bound) {
    base.warnings.push(
      `the shards' clocks disagree by ${shards.clockSpread.spreadMs} ms (± ${shards.clockSpread.uncertaintyMs} ms) against the target's, more than the ${bound} ms lateness bound: they did not start together whatever their lateness says (synchronise the hosts with NTP)`,
    );
  }
  for (const u of records[0].union ?? []) if (!u.complete) base.warnings.push(`union: ${u.target} held ${u.counted} of ${u.expected} ${u.table} rows when shard 0 went on`);
  base.claims = [];
  return base;
}
