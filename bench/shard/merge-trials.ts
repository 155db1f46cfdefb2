/**
 * Exact merging of one trial of a sharded write phase across shards: HDR histograms added
 * (percentiles then come from the sum, never from averaged percentiles), counters summed,
 * throughput intervals re-bucketed on the wall clock (each shard records its intervals'
 * wall-clock origin, startEpochMs), rates from the union.
 */
import type { LatencySummary, ThroughputPoint } from '../core/results.js';
import { decodeHistogram, LatencyHistogram } from '../measure/histogram.js';

type Trial = Record<string, unknown>;

/** Counters summed across shards. */
const SUMMED = ['rows', 'batches', 'measuredRows', 'dropped', 'droppedRows', 'late', 'countedRows', 'harnessMs', 'targetRate', 'achievedRate', 'harnessCeilingRowsPerSec'];
/** Latency summaries (with their HDR histogram) merged by adding histograms. */
const HISTOGRAMS = ['latency', 'serviceTime', 'lag', 'batchLatency'];

function isSummary(v: unknown): v is LatencySummary {
  return typeof v === 'object' && v !== null && typeof (v as LatencySummary).count === 'number';
}

/** The sum of latency summaries: their histograms added; exact min/max kept from the summaries. */
export function mergeLatency(parts: readonly LatencySummary[]): LatencySummary {
  const sum = new LatencyHistogram();
  for (const p of parts) {
    if (p.count === 0) continue;
    if (!p.hdr) throw new Error('a latency summary without its histogram (hdr) cannot be merged exactly');
    sum.merge(decodeHistogram(p.hdr));
  }
  const s = sum.summary();
  const counted = parts.filter((p) => p.count > 0);
  if (counted.length) {
    s.min = Math.min(...counted.map((p) => p.min));
    s.max = Math.max(...counted.map((p) => p.max));
  }
  return s;
}

/**
 * Intervals of several shards on one wall-clock grid of `widthMs` from the earliest origin.
 * Each shard point covers (previous t, t] seconds after its origin; its rows go to the merged
 * interval holding the point's midpoint. The last merged interval is scaled by its real width.
 */
export function mergeIntervals(parts: readonly { originMs: number; points: readonly ThroughputPoint[] }[], widthMs: number): ThroughputPoint[] {
  if (parts.length === 0) return [];
  const origin = Math.min(...parts.map((p) => p.originMs));
  const rows: number[] = [];
  let endMs = origin;
  for (const p of parts) {
    let prev = 0;
    for (const pt of p.points) {
      const span = pt.t - prev;
      const mid = p.originMs + ((prev + pt.t) / 2) * 1000;
      const i = Math.max(0, Math.floor((mid - origin) / widthMs));
      while (rows.length <= i) rows.push(0);
      rows[i] += pt.rowsPerSec * span;
      endMs = Math.max(endMs, p.originMs + pt.t * 1000);
      prev = pt.t;
    }
  }
  const totalS = (endMs - origin) / 1000;
  return rows.map((r, i) => {
    const start = (i * widthMs) / 1000;
    const end = Math.min(((i + 1) * widthMs) / 1000, Math.max(totalS, start + 1e-3));
    return { t: Number(end.toFixed(3)), rowsPerSec: r / Math.max(end - start, 1e-3) };
  });
}

/** One trial's records of every shard (same trial number) as one record. */
export function mergeTrial(parts: readonly Trial[], widthMs: number): Trial {
  const out: Trial = { ...parts[0] };
  for (const k of SUMMED) {
    const vals = parts.map((p) => p[k]).filter((v): v is number => typeof v === 'number');
    if (vals.length) out[k] = vals.reduce((a, b) => a + b, 0);
  }
  for (const k of HISTOGRAMS) {
    const vals = parts.map((p) => p[k]);
    if (vals.every(isSummary)) out[k] = mergeLatency(vals);
  }
  const origins = parts.map((p) => p.startEpochMs);
  if (origins.every((o): o is number => typeof o === 'number')) {
    const start = Math.min(...origins);
    const end = Math.max(...parts.map((p) => (p.startEpochMs as number) + ((p.seconds as number) ?? 0) * 1000));
    out.startEpochMs = start;
    out.seconds = Math.round(end - start) / 1000;
    if (parts.every((p) => Array.isArray(p.intervals))) {
      out.intervals = mergeIntervals(
        parts.map((p) => ({ originMs: p.startEpochMs as number, points: p.intervals as ThroughputPoint[] })),
        widthMs,
      );
    }
    // Closed loop: the union's throughput, from the first send of any shard to the last acknowledgement.
    if (typeof out.rowsPerSec === 'number') out.rowsPerSec = (out.rows as number) / Math.max((end - start) / 1000, 1e-9);
  }
  if (parts.some((p) => typeof p.lagGrowthMs === 'number')) out.lagGrowthMs = Math.max(...parts.map((p) => (p.lagGrowthMs as number) ?? -Infinity));
  out.shards = parts.length;
  return out;
}
