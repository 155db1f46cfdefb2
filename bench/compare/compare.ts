/**
 * compareResults: matches runs by scenario name + target id, pools the runs of each side,
 * refuses pairs that were not measured alike (dataset fingerprint, methodology version, runtime
 * kind, engine version) unless allowMismatch, and decides every metric (see decide.ts).
 */
import type { Metric, PhaseResult, Results, TargetResult } from '../core/results.js';
import { decideExact, decideSampled, type Pool } from './decide.js';
import {
  alphaFromScenario,
  DEFAULT_ALPHA,
  DEFAULT_BOOTSTRAP_ITERATIONS,
  DEFAULT_EXACT_TOLERANCE,
  effectKindOf,
  isDeterministic,
  minEffectFor,
  minEffectFromScenario,
} from './thresholds.js';
import type { CompareOptions, Comparison, GroupComparison, MetricComparison, ResolvedCompareOptions, RunRef, Verdict } from './types.js';

interface Entry {
  run: Results;
  target: TargetResult;
}

const groupKey = (scenario: string, target: string): string => `${scenario}\u0000${target}`;

function runRef(run: Results, file: string): RunRef {
  return {
    file,
    runId: run.runId,
    scenario: run.scenario.name,
    startedAt: run.startedAt,
    ...(run.tool?.gitCommit ? { gitCommit: run.tool.gitCommit } : {}),
  };
}

function byKey(runs: readonly Results[]): Map<string, Entry[]> {
  const map = new Map<string, Entry[]>();
  const ordered = [...runs].sort((a, b) => String(a.startedAt).localeCompare(String(b.startedAt)));
  for (const run of ordered) {
    for (const target of run.targets) {
      const key = groupKey(run.scenario.name, target.id);
      if (!map.has(key)) map.set(key, []);
      map.get(key)!.push({ run, target });
    }
  }
  return map;
}

const short = (s: string): string => (s.length > 12 ? s.slice(0, 12) : s);

/** Differences that make two sides incomparable, one phrase each. */
export function findMismatches(baseline: readonly Entry[], current: readonly Entry[]): string[] {
  const checks: [string, (e: Entry) => string][] = [
    ['dataset fingerprint', (e) => short(String(e.run.dataset?.fingerprint ?? 'unknown'))],
    ['methodologyVersion', (e) => String(e.run.methodologyVersion)],
    ['runtime kind', (e) => String(e.target.runtime)],
    ['engine version', (e) => String(e.target.engineVersion ?? 'unknown')],
  ];
  const out: string[] = [];
  for (const [name, get] of checks) {
    const b = [...new Set(baseline.map(get))];
    const c = [...new Set(current.map(get))];
    if (new Set([...b, ...c]).size > 1) out.push(`${name} ${b.join(' | ')} -> ${c.join(' | ')}`);
  }
  return out;
}

interface MetricSlot {
  phase: PhaseResult;
  key: string;
  metric: Metric;
}

function metricSlots(entries: readonly Entry[]): { ok: Map<string, MetricSlot[]>; failedPhases: Map<string, string> } {
  const ok = new Map<string, MetricSlot[]>();
  const failedPhases = new Map<string, string>();
  for (const { target } of entries) {
    for (const phase of target.phases ?? []) {
      if (phase.status !== 'ok') {
        failedPhases.set(phase.id, `${phase.status}${phase.message ? `: ${phase.message}` : ''}`);
        continue;
      }
      for (const [key, metric] of Object.entries(phase.metrics ?? {})) {
        const id = `${phase.id}.${key}`;
        if (!ok.has(id)) ok.set(id, []);
        ok.get(id)!.push({ phase, key, metric });
      }
    }
  }
  return { ok, failedPhases };
}

const pool = (slots: readonly MetricSlot[]): Pool => ({
  samples: slots.flatMap((s) => s.metric.samples ?? []),
  values: slots.map((s) => s.metric.value),
  cis: slots.map((s) => s.metric.ci95 ?? null),
});

function missingReason(side: string, phaseId: string, failed: Map<string, string>): string {
  const f = failed.get(phaseId);
  return f ? `phase ${phaseId} ${f} in ${side}` : `not measured in ${side}`;
}

function compareGroup(
  scenario: string,
  targetId: string,
  base: Entry[],
  cur: Entry[],
  options: ResolvedCompareOptions,
  flagMinEffect: Record<string, number>,
  flagAlpha: number | undefined,
): GroupComparison {
  const group: GroupComparison = {
    scenario,
    target: targetId,
    status: 'compared',
    mismatches: [],
    baselineRuns: base.length,
    currentRuns: cur.length,
    lines: [],
  };
  if (base.length === 0 || cur.length === 0) {
    group.status = 'not comparable';
    group.reason = base.length === 0 ? 'no baseline run of this scenario and target' : 'not in the current run(s)';
    return group;
  }
  group.mismatches = findMismatches(base, cur);
  if (group.mismatches.length && !options.allowMismatch) {
    group.status = 'refused';
    group.reason = `${group.mismatches.join('; ')} (refresh the baseline, or pass --allow-mismatch to compare anyway)`;
    return group;
  }
  const usable = (entries: Entry[]) => entries.filter((e) => (e.target.phases ?? []).length > 0);
  const b = metricSlots(usable(base));
  const c = metricSlots(usable(cur));
  if (c.ok.size === 0 && b.ok.size === 0) {
    group.status = 'not comparable';
    const t = cur[cur.length - 1].target;
    group.reason = `no metrics on either side (current target ${t.status}${t.error ? `: ${t.error}` : ''})`;
    return group;
  }
  const newestScenario = cur[cur.length - 1].run.scenario;
  const minEffect = { ...minEffectFromScenario(newestScenario), ...flagMinEffect };
  const alpha = flagAlpha ?? alphaFromScenario(newestScenario) ?? options.alpha;
  const mismatch = group.mismatches.length ? `(mismatch: ${group.mismatches.join('; ')})` : undefined;

  const ids = [...new Set([...c.ok.keys(), ...b.ok.keys()])];
  for (const id of ids) {
    const bs = b.ok.get(id) ?? [];
    const cs = c.ok.get(id) ?? [];
    const ref = (cs[cs.length - 1] ?? bs[bs.length - 1])!;
    const { metric, phase, key } = ref;
    const exact = isDeterministic(metric);
    const effectKind = exact ? 'exact' : effectKindOf(phase.kind, key, metric);
    const lineMinEffect = effectKind === 'exact' ? null : minEffectFor(minEffect, effectKind, id, metric.unit);
    const line: MetricComparison = {
      id: `${targetId} ${id}`,
      scenario,
      target: targetId,
      phase: phase.id,
      phaseKind: phase.kind,
      metric: key,
      label: metric.label,
      unit: metric.unit,
      better: metric.better,
      statistic: metric.statistic,
      sampleKind: metric.sampleKind,
      effectKind,
      baseline: null,
      current: null,
      ratio: null,
      changePct: null,
      changeCi95: null,
      pValue: null,
      minEffect: lineMinEffect,
      tolerance: exact ? options.tolerance : null,
      verdict: 'not comparable',
      reason: '',
      ...(mismatch ? { mismatch } : {}),
    };
    const bm = bs[0]?.metric;
    const cm = cs[0]?.metric;
    if (!bs.length || !cs.length) {
      line.reason = !cs.length ? missingReason('current', phase.id, c.failedPhases) : missingReason('baseline', phase.id, b.failedPhases);
    } else if (bm!.unit !== cm!.unit || bm!.sampleKind !== cm!.sampleKind || bm!.better !== cm!.better) {
      line.reason = `metric definition changed (${bm!.unit}/${bm!.sampleKind}/${bm!.better} -> ${cm!.unit}/${cm!.sampleKind}/${cm!.better})`;
    } else {
      const decision = exact
        ? decideExact(pool(bs), pool(cs), metric.better, options.tolerance)
        : decideSampled(pool(bs), pool(cs), metric, {
            alpha,
            minEffect: lineMinEffect!,
            tolerance: options.tolerance,
            bootstrapIterations: options.bootstrapIterations,
            seed: options.seed,
          });
      Object.assign(line, decision);
    }
    group.lines.push(line);
  }
  return group;
}

export function resolveOptions(options: CompareOptions = {}): ResolvedCompareOptions {
  return {
    alpha: options.alpha ?? DEFAULT_ALPHA,
    minEffect: { ...(options.minEffect ?? {}) },
    tolerance: options.tolerance ?? DEFAULT_EXACT_TOLERANCE,
    allowMismatch: options.allowMismatch ?? false,
    bootstrapIterations: options.bootstrapIterations ?? DEFAULT_BOOTSTRAP_ITERATIONS,
    seed: options.seed ?? 1,
  };
}

/**
 * Compares current run(s) with baseline run(s). Several runs on a side are pooled (samples
 * concatenated) per scenario + target. Pure: no I/O.
 */
export function compareResults(baseline: readonly Results[], current: readonly Results[], options: CompareOptions = {}): Comparison {
  const resolved = resolveOptions(options);
  const base = byKey(baseline);
  const cur = byKey(current);
  const groups: GroupComparison[] = [];
  const usedBase = new Set<string>();

  for (const [key, curEntries] of cur) {
    let baseEntries = base.get(key);
    if (baseEntries) usedBase.add(key);
    else {
      // Same engine on another runtime kind: pair it so the runtime difference is reported
      // (refused) instead of silently having no baseline.
      const { run, target } = curEntries[0];
      const other = [...base.entries()].find(
        ([k, es]) => !usedBase.has(k) && !cur.has(k) && es[0].run.scenario.name === run.scenario.name && es[0].target.engine === target.engine,
      );
      if (other) {
        usedBase.add(other[0]);
        baseEntries = other[1];
      }
    }
    const [scenario, targetId] = key.split('\u0000');
    groups.push(compareGroup(scenario, targetId, baseEntries ?? [], curEntries, resolved, resolved.minEffect, options.alpha));
  }
  for (const [key, baseEntries] of base) {
    if (usedBase.has(key)) continue;
    const [scenario, targetId] = key.split('\u0000');
    if (!current.some((r) => r.scenario.name === scenario)) continue; // another scenario entirely
    groups.push(compareGroup(scenario, targetId, baseEntries, [], resolved, resolved.minEffect, options.alpha));
  }

  const counts: Record<Verdict | 'refused', number> = { regression: 0, improvement: 0, unchanged: 0, 'not comparable': 0, refused: 0 };
  for (const g of groups) {
    if (g.status === 'refused') counts.refused++;
    else if (g.status === 'not comparable') counts['not comparable']++;
    for (const line of g.lines) counts[line.verdict]++;
  }
  const status = counts.regression > 0 ? 'regression' : counts.refused > 0 ? 'refused' : 'ok';
  return {
    createdAt: new Date().toISOString(),
    options: resolved,
    baseline: baseline.map((r, i) => runRef(r, options.baselineFiles?.[i] ?? `baseline[${i}]`)),
    current: current.map((r, i) => runRef(r, options.currentFiles?.[i] ?? `current[${i}]`)),
    groups,
    counts,
    status,
  };
}
