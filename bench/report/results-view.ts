/** Read-only views of results.json shared by the Markdown/HTML sections and the charts. */
import type { PhaseResult, Results, TargetResult } from '../core/results.js';

/** Names the target and its runtime label, e.g. "timescaledb@embedded [embedded (WASM)]". */
export function targetLabel(t: TargetResult): string {
  return `${t.id} [${t.runtimeLabel}]`;
}

/** Phase ids in scenario order, then any phase found only in target results. */
export function phaseIds(results: Results): string[] {
  const ids = (results.scenario.phases ?? []).map((p) => p.id);
  for (const t of results.targets) for (const p of t.phases) if (!ids.includes(p.id)) ids.push(p.id);
  return ids;
}

export function phaseKind(results: Results, phaseId: string): string {
  const spec = (results.scenario.phases ?? []).find((p) => p.id === phaseId);
  if (spec) return spec.kind;
  for (const t of results.targets) {
    const p = t.phases.find((x) => x.id === phaseId);
    if (p) return p.kind;
  }
  return 'unknown';
}

export function phaseIdsOfKind(results: Results, kind: string): string[] {
  return phaseIds(results).filter((id) => phaseKind(results, id) === kind);
}

/** Each target's result for one phase (undefined when the target never reached it). */
export function phaseAcrossTargets(results: Results, phaseId: string): { target: TargetResult; phase: PhaseResult | undefined }[] {
  return results.targets.map((target) => ({ target, phase: target.phases.find((p) => p.id === phaseId) }));
}

export function numberField(record: Record<string, unknown> | undefined, key: string): number | null {
  const v = record?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function stringField(record: Record<string, unknown> | undefined, key: string): string | null {
  const v = record?.[key];
  return typeof v === 'string' ? v : null;
}
