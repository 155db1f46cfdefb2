/**
 * Claims -> verdicts. A claim from the scenario (ClaimSpec) is checked on measured metrics:
 *
 * - ratio claim (`target`, `baseline`, `factor`): the ratio is oriented so that > 1 means
 *   "target better" (for lower-is-better metrics ratio = baseline / target). It is computed
 *   only between targets on the SAME runtime kind; when several runtime kinds have both
 *   engines, each gets its own verdict (id suffixed `@<runtime>`). The ratio is formed per
 *   interleaved trial pair and its interval is a 95% rerun interval (claim-stats.ts,
 *   measure/paired.ts): confirmed when the whole interval >= factor, refuted when the whole
 *   interval < factor, inconclusive otherwise. `baselineMetric` (optional) names the baseline's metric when it
 *   differs from the target's (e.g. compressed vs uncompressed storage, aggregate vs raw).
 * - threshold claim (`threshold`): the metric's value on each target of the `target` engine,
 *   confirmed when its whole CI is on the claimed side of the threshold.
 *
 * Exact metrics (sampleKind 'exact': byte counts) are decided on their value. Missing data
 * (including a phase's `noData`), pairs only across runtime kinds, and fewer than 3 trial pairs
 * give 'inconclusive' with a reason (the point value is still reported when there is one).
 */
import type { ClaimSpec } from '../core/scenario.js';
import type { ClaimKind, ClaimVerdict, Metric, Results, TargetResult } from '../core/results.js';
import { lookupMetric, targetsOfEngine } from './metric-lookup.js';
import { metricRerunInterval, statisticOf, ratioEvidence } from './claim-stats.js';
import { formatValue } from '../format/values.js';

export type { ClaimKind } from '../core/results.js';

/** What this evaluator records on every verdict: ClaimVerdict with what it compared always set. */
export type ClaimVerdictDetail = ClaimVerdict &
  Required<
    Pick<
      ClaimVerdict,
      | 'claim'
      | 'kind'
      | 'unit'
      | 'targetId'
      | 'baselineId'
      | 'runtime'
      | 'runtimeLabel'
      | 'baselineMetric'
      | 'factor'
      | 'threshold'
      | 'direction'
      | 'targetValue'
      | 'baselineValue'
      | 'source'
    >
  >;

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** Does the claim say "lower is better" for this metric? */
function wantsLower(direction: ClaimSpec['direction'], metric: Metric): boolean {
  return direction === 'better' ? metric.better === 'lower' : direction === 'lower';
}

function baseVerdict(claim: ClaimSpec, kind: ClaimKind): ClaimVerdictDetail {
  return {
    id: claim.id,
    claim: claim.id,
    text: claim.text,
    kind,
    verdict: 'inconclusive',
    reason: '',
    metric: claim.metric,
    measured: null,
    ci95: null,
    unit: kind === 'ratio' ? 'x' : '',
    gate: claim.gate === true,
    targetId: null,
    baselineId: null,
    runtime: null,
    runtimeLabel: null,
    baselineMetric: typeof claim.baselineMetric === 'string' ? claim.baselineMetric : null,
    factor: typeof claim.factor === 'number' ? claim.factor : null,
    threshold: typeof claim.threshold === 'number' ? claim.threshold : null,
    direction: claim.direction,
    targetValue: null,
    baselineValue: null,
    source: claim.source ?? null,
  };
}

function decide(ci: [number, number], atLeast: number): 'confirmed' | 'refuted' | 'inconclusive' {
  if (ci[0] >= atLeast) return 'confirmed';
  if (ci[1] < atLeast) return 'refuted';
  return 'inconclusive';
}

function evaluatePair(claim: ClaimSpec, target: TargetResult, baseline: TargetResult): ClaimVerdictDetail {
  const v = baseVerdict(claim, 'ratio');
  const baselineKey = v.baselineMetric ?? claim.metric;
  const factor = v.factor ?? 1;
  v.targetId = target.id;
  v.baselineId = baseline.id;
  v.runtime = target.runtime;
  v.runtimeLabel = target.runtimeLabel;
  v.metric = claim.metric;
  v.embedded = target.runtime === 'embedded';

  const t = lookupMetric(target, claim.metric);
  const b = lookupMetric(baseline, baselineKey);
  if (!t.found || !b.found) {
    v.reason = `missing data: ${[t, b]
      .filter((x) => !x.found)
      .map((x) => (x.found ? '' : x.why))
      .join('; ')}`;
    return v;
  }
  const tm = t.metric;
  const bm = b.metric;
  v.targetValue = tm.value;
  v.baselineValue = bm.value;
  if (tm.unit !== bm.unit) {
    v.reason = `units differ: ${claim.metric} is in ${tm.unit}, ${baselineKey} in ${bm.unit}`;
    return v;
  }
  const lower = wantsLower(claim.direction, tm);
  // Oriented so that > 1 means "target better".
  const [num, den] = lower ? [bm, tm] : [tm, bm];
  if (!(den.value > 0) || !(num.value >= 0)) {
    v.reason = `cannot form a ratio from ${fmt(num.value)} / ${fmt(den.value)}`;
    return v;
  }
  const point = num.value / den.value;
  v.measured = point;
  const sides = `${target.id} ${formatValue(tm.value, tm.unit)} vs ${baseline.id} ${formatValue(bm.value, bm.unit)}`;
  const evidence = ratioEvidence(num, den);
  v.measured = evidence.point;
  v.n = evidence.n;
  if (!evidence.ok) {
    v.intervalKind = null;
    v.reason = `no interval: ${evidence.why}; point ratio ${fmt(evidence.point)}x (${sides})`;
    return v;
  }
  const ci = evidence.interval;
  v.ci95 = ci;
  v.intervalKind = evidence.kind;
  v.verdict = decide(ci, factor);
  const side = lower ? 'lower' : 'higher';
  const ciText =
    evidence.kind === 'exact'
      ? 'exact figures'
      : evidence.kind === 'bracket'
        ? `bracket ${fmt(ci[0])}–${fmt(ci[1])}x`
        : `95% rerun interval ${fmt(ci[0])}–${fmt(ci[1])}x (n=${evidence.n} paired trials)`;
  const verdictText =
    v.verdict === 'confirmed' ? `whole interval >= ${fmt(factor)}x` : v.verdict === 'refuted' ? `whole interval < ${fmt(factor)}x` : `interval straddles ${fmt(factor)}x`;
  v.reason = `${fmt(evidence.point)}x (${side} is better; ${sides}); ${ciText}: ${verdictText}`;
  return v;
}

function evaluateRatio(results: Results, claim: ClaimSpec): ClaimVerdictDetail[] {
  const targetEngine = claim.target;
  const baselineEngine = claim.baseline;
  if (!targetEngine || !baselineEngine) {
    const v = baseVerdict(claim, 'ratio');
    v.reason = 'a ratio claim needs both `target` and `baseline` engines';
    return [v];
  }
  const targets = targetsOfEngine(results, targetEngine);
  const baselines = targetsOfEngine(results, baselineEngine);
  if (targets.length === 0 || baselines.length === 0) {
    const v = baseVerdict(claim, 'ratio');
    const missing = [targets.length === 0 ? targetEngine : null, baselines.length === 0 ? baselineEngine : null].filter(Boolean).join(' and ');
    v.reason = `missing data: no ${missing} target in this run`;
    return [v];
  }
  const pairs: [TargetResult, TargetResult][] = [];
  for (const t of targets) {
    const b = baselines.find((x) => x.runtime === t.runtime);
    if (b) pairs.push([t, b]);
  }
  if (pairs.length === 0) {
    const v = baseVerdict(claim, 'ratio');
    const runtimes = (list: TargetResult[]) => list.map((x) => x.id).join(', ');
    v.targetId = targets[0].id;
    v.baselineId = baselines[0].id;
    v.reason = `different runtime kinds: ${runtimes(targets)} vs ${runtimes(baselines)}; ` + 'ratios are only computed between targets on the same runtime kind';
    return [v];
  }
  return pairs.map(([t, b]) => {
    const v = evaluatePair(claim, t, b);
    if (pairs.length > 1) v.id = `${claim.id}@${t.runtime}`;
    return v;
  });
}

function evaluateThresholdOn(claim: ClaimSpec, target: TargetResult, threshold: number): ClaimVerdictDetail {
  const v = baseVerdict(claim, 'threshold');
  v.targetId = target.id;
  v.runtime = target.runtime;
  v.runtimeLabel = target.runtimeLabel;
  v.embedded = target.runtime === 'embedded';
  const found = lookupMetric(target, claim.metric);
  if (!found.found) {
    v.reason = `missing data: ${found.why}`;
    return v;
  }
  let m = found.metric;
  v.unit = m.unit;
  v.measured = m.value;
  v.targetValue = m.value;
  const lower = wantsLower(claim.direction, m);
  const op = lower ? '<=' : '>=';
  if (target.runtime === 'embedded') v.caveat = `absolute figure from ${target.runtimeLabel}: not representative of a native server`;
  let ci: [number, number] | null;
  if (m.sampleKind === 'exact') {
    ci = [m.value, m.value];
    v.intervalKind = 'exact';
  } else if (m.intervalNote && m.ci95) {
    ci = m.ci95;
    v.intervalKind = 'bracket';
  } else {
    const r = metricRerunInterval(m);
    ci = r.interval;
    v.intervalKind = ci ? 'rerun' : null;
    v.n = r.n;
    if (!ci) m = { ...m, intervalMethod: r.method };
  }
  if (!ci) {
    v.reason = `${m.intervalMethod ?? 'the metric has no interval'}; value ${formatValue(m.value, m.unit)} (claimed ${op} ${formatValue(threshold, m.unit)})`;
    return v;
  }
  v.ci95 = m.sampleKind === 'exact' ? null : ci;
  const onSide = (x: number) => (lower ? x <= threshold : x >= threshold);
  if (onSide(ci[0]) && onSide(ci[1])) v.verdict = 'confirmed';
  else if (!onSide(ci[0]) && !onSide(ci[1])) v.verdict = 'refuted';
  else v.verdict = 'inconclusive';
  const basis =
    m.sampleKind === 'exact' ? 'exact figure' : `${m.intervalNote ?? `95% rerun interval (n=${m.n ?? '?'} trials)`} ${formatValue(ci[0], m.unit)} – ${formatValue(ci[1], m.unit)}`;
  const outcome = v.verdict === 'confirmed' ? 'on the claimed side' : v.verdict === 'refuted' ? 'on the wrong side' : 'straddles the threshold';
  v.reason = `${target.id}: ${formatValue(m.value, m.unit)} (claimed ${op} ${formatValue(threshold, m.unit)}); ${basis} ${outcome}`;
  return v;
}

function evaluateThreshold(results: Results, claim: ClaimSpec, threshold: number): ClaimVerdictDetail[] {
  const candidates = claim.target ? targetsOfEngine(results, claim.target) : results.targets;
  if (candidates.length === 0) {
    const v = baseVerdict(claim, 'threshold');
    v.reason = `missing data: no ${claim.target ?? ''} target in this run`.replace('  ', ' ');
    return [v];
  }
  return candidates.map((t) => {
    const v = evaluateThresholdOn(claim, t, threshold);
    if (candidates.length > 1) v.id = `${claim.id}@${claim.target ? t.runtime : t.id}`;
    return v;
  });
}

export function evaluateClaim(results: Results, claim: ClaimSpec): ClaimVerdictDetail[] {
  if (typeof claim.threshold === 'number') return evaluateThreshold(results, claim, claim.threshold);
  return evaluateRatio(results, claim);
}

export function evaluateClaims(results: Results): ClaimVerdictDetail[] {
  return (results.scenario.claims ?? []).flatMap((claim) => evaluateClaim(results, claim));
}

/** True when a gate claim was refuted: the runner exits 1. */
export function gateFailed(verdicts: readonly ClaimVerdict[]): boolean {
  return verdicts.some((v) => v.gate && v.verdict === 'refuted');
}

export { statisticOf };
