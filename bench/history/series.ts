/**
 * Turns a set of runs into per-metric time series: one point per run (ordered by startedAt)
 * with the metric's headline value and 95% CI, the verdict of that run against the previous
 * runs (compareResults' rules), and change points (changepoints.ts).
 */
import type { Metric, MetricUnit, Results, TargetResult } from '../core/results.js';
import { compareResults } from '../compare/compare.js';
import { minEffectFromScenario } from '../compare/thresholds.js';
import { findChangePoints, type ChangePoint } from './changepoints.js';
import type { CompareOptions, Verdict } from '../compare/types.js';

/** Each run is compared with this many previous compatible runs, pooled. */
export const HISTORY_WINDOW = 5;
/** History comparisons skip the bootstrap (CIs are display only; whiskers come from each run). */
export const HISTORY_BOOTSTRAP_ITERATIONS = 0;

export interface HistoryPoint {
  /** Index of the run in History.runs. */
  run: number;
  runId: string;
  startedAt: string;
  value: number;
  ci95: [number, number] | null;
  n: number;
  /** Verdict against the previous compatible runs; null for the first run or when none is compatible. */
  verdict: Verdict | null;
  reason: string;
  changePct: number | null;
}

export interface MetricSeries {
  scenario: string;
  target: string;
  /** `${target} ${phase}.${metric}` */
  id: string;
  phase: string;
  phaseKind: string;
  /** Key within the phase. */
  metric: string;
  /** `${phase}.${metric}` */
  metricKey: string;
  label: string;
  unit: MetricUnit;
  better: Metric['better'];
  statistic: Metric['statistic'];
  sampleKind: Metric['sampleKind'];
  points: HistoryPoint[];
  changePoints: ChangePoint[];
}

export interface HistoryRun {
  file: string;
  runId: string;
  scenario: string;
  startedAt: string;
  gitCommit?: string;
  status: Results['status'];
  fingerprint: string;
  methodologyVersion: number;
  targets: { id: string; status: TargetResult['status']; engineVersion?: string }[];
  regressions: number;
  improvements: number;
}

export interface History {
  generatedAt: string;
  window: number;
  runs: HistoryRun[];
  series: MetricSeries[];
}

export interface HistoryOptions {
  window?: number;
  compare?: CompareOptions;
}

/** What must be equal for two runs of a target to be compared (the compare refusal rules). */
function signature(run: Results, target: TargetResult): string {
  return [run.dataset?.fingerprint, run.methodologyVersion, target.runtime, target.engineVersion ?? 'unknown'].join('|');
}

const only = (run: Results, target: TargetResult): Results => ({ ...run, targets: [target] });

export function buildHistory(input: readonly { file: string; results: Results }[], options: HistoryOptions = {}): History {
  const window = options.window ?? HISTORY_WINDOW;
  const ordered = [...input].sort((a, b) => String(a.results.startedAt).localeCompare(String(b.results.startedAt)));
  const runs: HistoryRun[] = ordered.map(({ file, results: r }) => ({
    file,
    runId: r.runId,
    scenario: r.scenario.name,
    startedAt: r.startedAt,
    ...(r.tool?.gitCommit ? { gitCommit: r.tool.gitCommit } : {}),
    status: r.status,
    fingerprint: r.dataset?.fingerprint ?? '',
    methodologyVersion: r.methodologyVersion,
    targets: r.targets.map((t) => ({ id: t.id, status: t.status, ...(t.engineVersion ? { engineVersion: t.engineVersion } : {}) })),
    regressions: 0,
    improvements: 0,
  }));

  const series = new Map<string, MetricSeries>();
  ordered.forEach(({ results: run }, i) => {
    for (const target of run.targets) {
      const sig = signature(run, target);
      const previous: Results[] = [];
      for (let j = i - 1; j >= 0 && previous.length < window; j--) {
        const prev = ordered[j].results;
        if (prev.scenario.name !== run.scenario.name) continue;
        const t = prev.targets.find((x) => x.id === target.id);
        if (t && signature(prev, t) === sig) previous.unshift(only(prev, t));
      }
      const lines = new Map(
        previous.length
          ? compareResults(previous, [only(run, target)], { bootstrapIterations: HISTORY_BOOTSTRAP_ITERATIONS, ...options.compare })
              .groups.flatMap((g) => g.lines)
              .map((l) => [l.id, l])
          : [],
      );
      for (const phase of target.phases ?? []) {
        if (phase.status !== 'ok') continue;
        for (const [key, metric] of Object.entries(phase.metrics ?? {})) {
          if (!Number.isFinite(metric.value)) continue;
          const id = `${target.id} ${phase.id}.${key}`;
          const sKey = `${run.scenario.name}\u0000${id}`;
          if (!series.has(sKey)) {
            series.set(sKey, {
              scenario: run.scenario.name,
              target: target.id,
              id,
              phase: phase.id,
              phaseKind: phase.kind,
              metric: key,
              metricKey: `${phase.id}.${key}`,
              label: metric.label,
              unit: metric.unit,
              better: metric.better,
              statistic: metric.statistic,
              sampleKind: metric.sampleKind,
              points: [],
              changePoints: [],
            });
          }
          const line = lines.get(id);
          const verdict = line ? line.verdict : null;
          if (verdict === 'regression') runs[i].regressions++;
          if (verdict === 'improvement') runs[i].improvements++;
          series.get(sKey)!.points.push({
            run: i,
            runId: run.runId,
            startedAt: run.startedAt,
            value: metric.value,
            ci95: metric.ci95,
            n: metric.samples?.length ?? 0,
            verdict,
            reason: line ? line.reason : previous.length ? 'no comparable baseline metric' : 'no earlier compatible run',
            changePct: line?.changePct ?? null,
          });
        }
      }
    }
  });

  for (const s of series.values()) {
    const newest = ordered[s.points[s.points.length - 1].run].results.scenario;
    const compare = { ...options.compare, minEffect: { ...minEffectFromScenario(newest), ...options.compare?.minEffect } };
    s.changePoints = findChangePoints(
      s.points.map((p) => ({
        value: p.value,
        samples: sampleOf(ordered[p.run].results, s),
        signature: runSignature(ordered[p.run].results, s.target),
      })),
      { metric: { ...s, key: s.metric }, compare },
    );
  }
  return {
    generatedAt: new Date().toISOString(),
    window,
    runs,
    series: [...series.values()].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.id.localeCompare(b.id)),
  };
}

function runSignature(run: Results, targetId: string): string {
  const t = run.targets.find((x) => x.id === targetId);
  return t ? signature(run, t) : '';
}

function sampleOf(run: Results, s: MetricSeries): number[] {
  const t = run.targets.find((x) => x.id === s.target);
  return t?.phases.find((p) => p.id === s.phase)?.metrics[s.metric]?.samples ?? [];
}
