/**
 * Read-only views of the capacity phases in results.json (saturate, growth, mixed) and the disk
 * projection they feed, shared by the Capacity section (tables) and its charts. Every reader
 * accepts whatever a results file holds and returns null / [] for what is missing, so an older
 * or partial file renders with "—" instead of failing.
 */
import type { PhaseResult, Results, TargetResult } from '../core/results.js';
import { CAPACITY_PHASE_KINDS, projectionPlan } from '../capacity/plan-inputs.js';
import { projectDisk, type EngineProjection, type EngineStorageInput, type ProjectionInput } from '../capacity/projection.js';
import type { RecordedSaturateDetails, RecordedSaturateStep } from '../phases/saturate/result.js';
import type { PhaseSpec } from '../core/scenario.js';
import type { GrowthStep } from '../phases/growth/result.js';
import type { MixedDetails, MixedQuery } from '../phases/mixed/result.js';
import { phaseIdsOfKind } from './results-view.js';

export { CAPACITY_PHASE_KINDS };

/** True when the report gets a Capacity section: a capacity phase ran or the scenario has `capacity`. */
export function hasCapacity(results: Results): boolean {
  if (capacitySpecOf(results) !== null) return true;
  return CAPACITY_PHASE_KINDS.some((kind) => phaseIdsOfKind(results, kind).length > 0);
}

/** The scenario's `capacity` section (normalized: rate rows/s, durations ms), or null. */
export function capacitySpecOf(results: Results): { rate: number | null; retentionMs: number | null; compressAfterMs: number | null } | null {
  const c = results.scenario.capacity;
  if (!c) return null;
  return { rate: c.rate ?? null, retentionMs: c.retentionMs ?? null, compressAfterMs: c.compressAfterMs ?? null };
}

// ---- saturate -------------------------------------------------------------------------------

export interface SaturateStepView {
  rate: number;
  achievedRate: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  lagP99Ms: number | null;
  sustained: boolean;
  failure: string;
  refine: boolean;
}

export interface SaturateView {
  maxSustained: number | null;
  firstFailing: number | null;
  firstFailureReason: string | null;
  stoppedBy: string | null;
  neededRate: number | null;
  headroom: number | null;
  /** Steps in the order they ran (geometric steps, then bisection). */
  steps: SaturateStepView[];
}

/**
 * The details of a saturate phase, as the phase wrote them (phases/saturate/result.ts); undefined
 * for another kind or a phase that did not get as far as recording its steps.
 */
function saturateDetails(phase: PhaseResult | undefined): RecordedSaturateDetails | undefined {
  if (phase?.kind !== 'saturate' || !phase.details) return undefined;
  const details = phase.details as RecordedSaturateDetails;
  return Array.isArray(details.steps) ? details : undefined;
}

function stepView(s: RecordedSaturateStep): SaturateStepView {
  return {
    rate: s.rate,
    achievedRate: s.achievedRate ?? null,
    p50Ms: s.p50Ms ?? null,
    p99Ms: s.p99Ms ?? null,
    lagP99Ms: s.lagP99Ms ?? null,
    sustained: s.sustained === true,
    failure: s.failure ?? '',
    refine: s.refine === true,
  };
}

export function saturateSteps(phase: PhaseResult | undefined): SaturateStepView[] {
  return (saturateDetails(phase)?.steps ?? []).filter((s) => typeof s.rate === 'number').map(stepView);
}

/** What one target's saturate phase found; null when the phase recorded nothing. */
export function saturateView(phase: PhaseResult | undefined): SaturateView | null {
  if (!phase) return null;
  const d = saturateDetails(phase);
  const steps = saturateSteps(phase);
  const maxSustained = d?.maxSustained ?? phase.metrics.max_sustained_rows_per_s?.value ?? null;
  if (steps.length === 0 && maxSustained === null) return null;
  const neededRate = d?.neededRate ?? null;
  const headroom = d?.headroom ?? (neededRate && maxSustained !== null ? maxSustained / neededRate : null);
  return {
    maxSustained,
    firstFailing: d?.firstFailing ?? null,
    firstFailureReason: d?.firstFailureReason ?? null,
    stoppedBy: d?.stoppedBy ?? null,
    neededRate,
    headroom,
    steps,
  };
}

/** The SLO's batch p99 bound of a saturate phase (from the resolved scenario), ms. */
export function saturateP99Bound(results: Results, phaseId: string): number | null {
  const spec = results.scenario.phases.find((p): p is Extract<PhaseSpec, { kind: 'saturate' }> => p.kind === 'saturate' && p.id === phaseId);
  return spec?.slo?.maxP99Ms ?? null;
}

// ---- growth ---------------------------------------------------------------------------------

export interface GrowthStepView {
  step: number;
  tableRowsAfter: number;
  rows: number | null;
  rowsPerSec: number;
  batchP50Ms: number | null;
  batchP99Ms: number | null;
  seconds: number | null;
}

/** A growth step as files hold it: partial or older files may lack any figure. */
type RecordedGrowthStep = Partial<GrowthStep>;

export function growthSteps(phase: PhaseResult | undefined): GrowthStepView[] {
  const steps: RecordedGrowthStep[] = phase?.kind === 'growth' ? (phase.details?.steps ?? []) : [];
  return steps.flatMap((s, i) =>
    typeof s.tableRowsAfter === 'number' && typeof s.rowsPerSec === 'number'
      ? [
          {
            step: s.step ?? i + 1,
            tableRowsAfter: s.tableRowsAfter,
            rows: s.rows ?? null,
            rowsPerSec: s.rowsPerSec,
            batchP50Ms: s.batchP50Ms ?? null,
            batchP99Ms: s.batchP99Ms ?? null,
            seconds: s.seconds ?? null,
          },
        ]
      : [],
  );
}

// ---- mixed ----------------------------------------------------------------------------------

function mixedDetails(phase: PhaseResult | undefined): Partial<MixedDetails> | undefined {
  return phase?.kind === 'mixed' ? phase.details : undefined;
}

export interface MixedQueryView {
  query: string;
  runs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  idleP50Ms: number | null;
}

/** Queries under load: from details.queries, else from the `<query>.p50_ms` metrics. */
export function mixedQueries(phase: PhaseResult | undefined): MixedQueryView[] {
  const recorded: Partial<MixedQuery>[] = mixedDetails(phase)?.queries ?? [];
  const fromDetails = recorded.flatMap((q) =>
    typeof q.query === 'string' ? [{ query: q.query, runs: q.runs ?? null, p50Ms: q.p50Ms ?? null, p99Ms: q.p99Ms ?? null, idleP50Ms: q.idleP50Ms ?? null }] : [],
  );
  if (fromDetails.length > 0) return fromDetails;
  return Object.keys(phase?.metrics ?? {})
    .filter((k) => k.endsWith('.p50_ms'))
    .map((k) => {
      const query = k.slice(0, -'.p50_ms'.length);
      const p50 = phase!.metrics[k];
      return { query, runs: p50.samples.length, p50Ms: p50.value, p99Ms: phase!.metrics[`${query}.p99_ms`]?.value ?? null, idleP50Ms: null };
    });
}

export interface MixedIngestView {
  achievedRate: number | null;
  latencyP99Ms: number | null;
  idleLatencyP99Ms: number | null;
  lagP99Ms: number | null;
  idleLagP99Ms: number | null;
}

export function mixedIngest(phase: PhaseResult | undefined): MixedIngestView {
  const m = phase?.metrics ?? {};
  return {
    achievedRate: m.ingest_achieved_rows_per_s?.value ?? null,
    latencyP99Ms: m.ingest_latency_p99_ms?.value ?? null,
    idleLatencyP99Ms: mixedDetails(phase)?.idleIngestLatencyP99Ms ?? null,
    lagP99Ms: m.ingest_lag_p99_ms?.value ?? null,
    idleLagP99Ms: mixedDetails(phase)?.idleIngestLagP99Ms ?? null,
  };
}

// ---- disk projection ------------------------------------------------------------------------

export interface DiskProjectionView {
  table: string;
  input: ProjectionInput;
  inputs: EngineStorageInput[];
  projections: EngineProjection[];
  /** Targets without storage figures: `${target}: why`. */
  skipped: string[];
  /** Inputs not given by the scenario, and the default used instead. */
  assumed: string[];
}

/**
 * projectDisk per target, with the scenario's `capacity` inputs (rate required; retention,
 * compression age and chunk interval from results.json or defaults, said in `assumed`:
 * capacity/plan-inputs.ts, shared with `tsdb-bench plan`). Null when the scenario has no
 * capacity rate or no target measured storage.
 */
export function diskProjection(results: Results): DiskProjectionView | null {
  const spec = capacitySpecOf(results);
  if (!spec?.rate) return null;
  const plan = projectionPlan(results, { rate: spec.rate });
  if ('why' in plan) return null;
  return { ...plan, projections: plan.inputs.map((i) => projectDisk(i, plan.input)) };
}

/** The target a projection / input belongs to (projections carry only the target id). */
export function targetById(results: Results, id: string): TargetResult | undefined {
  return results.targets.find((t) => t.id === id);
}
