/**
 * Joins the one-trial results of an interleaved phase into the phase's result for a target.
 * Each partial ran exactly one trial (in its round); a metric's samples are concatenated in
 * trial order, its per-trial values are each partial's headline value, and its value and
 * interval are recomputed from them (measure/stats makeMetric). A metric that some trial could
 * not produce keeps the trials that did, and says which did not.
 */
import type { Metric, PhaseResult } from '../core/results.js';
import { makeMetric } from '../measure/stats.js';

function mergeMetric(parts: (Metric | undefined)[]): Metric | undefined {
  const present = parts.filter((m): m is Metric => m !== undefined);
  if (present.length === 0) return undefined;
  const first = present[0];
  const merged = makeMetric({
    label: first.label,
    unit: first.unit,
    better: first.better,
    statistic: first.statistic,
    sampleKind: first.sampleKind,
    samples: present.flatMap((m) => m.samples),
    // Only when every trial produced the metric: pairs are formed by trial index.
    trialValues: present.length === parts.length && parts.length > 1 ? present.map((m) => m.value) : undefined,
  });
  if (present.length < parts.length) {
    const missing = parts.map((m, i) => (m ? null : i + 1)).filter((x) => x !== null);
    merged.intervalMethod = `no interval: trial(s) ${missing.join(', ')} produced no value`;
  }
  if (first.intervalNote) merged.intervalNote = first.intervalNote;
  return merged;
}

export function mergeTrialResults(parts: readonly PhaseResult[]): PhaseResult {
  if (parts.length === 0) throw new RangeError('mergeTrialResults: no trial results');
  if (parts.length === 1) return parts[0];
  const last = parts[parts.length - 1];
  const failed = parts.find((p) => p.status === 'failed');
  const keys = [...new Set(parts.flatMap((p) => Object.keys(p.metrics)))];
  const metrics: Record<string, Metric> = {};
  for (const key of keys) {
    const m = mergeMetric(parts.map((p) => p.metrics[key]));
    if (m) metrics[key] = m;
  }
  const noData: Record<string, string> = {};
  for (const p of parts) for (const [k, why] of Object.entries(p.noData ?? {})) if (!metrics[k] && !noData[k]) noData[k] = why;
  const resources = parts.flatMap((p) => p.resources ?? []);
  // One phase's trial results: one kind, so `last`'s kind, details and trial type throughout.
  return {
    ...last,
    status: failed ? 'failed' : last.status,
    ...(failed?.message ? { message: failed.message } : {}),
    startedAt: parts[0].startedAt,
    durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
    trials: parts.flatMap((p): readonly unknown[] => p.trials),
    metrics,
    ...(Object.keys(noData).length ? { noData } : {}),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    ...(resources.length ? { resources } : {}),
  } as PhaseResult;
}
