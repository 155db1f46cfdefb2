/**
 * Read-only views of the capacity phases in results.json (saturate, growth, mixed) and the disk
 * projection they feed, shared by the Capacity section (tables) and its charts. Every reader
 * accepts whatever a results file holds and returns null / [] for what is missing, so an older
 * or partial file renders with "—" instead of failing.
 */
import type { PhaseResult, Results, TargetResult } from '../core/results.js';
import { projectionInputs } from '../capacity/inputs.js';
import { projectDisk, type EngineProjection, type EngineStorageInput, type ProjectionInput } from '../capacity/projection.js';
import { parseChunkInterval } from '../engines/timescaledb/options.js';
import { numberField, phaseIdsOfKind, stringField } from './results-view.js';

export const CAPACITY_PHASE_KINDS = ['saturate', 'growth', 'mixed'] as const;

const DAY_MS = 86_400_000;

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

/** True when the report gets a Capacity section: a capacity phase ran or the scenario has `capacity`. */
export function hasCapacity(results: Results): boolean {
  if (capacitySpecOf(results) !== null) return true;
  return CAPACITY_PHASE_KINDS.some((kind) => phaseIdsOfKind(results, kind).length > 0);
}

/** The scenario's `capacity` section (normalized: rate rows/s, durations ms), or null. */
export function capacitySpecOf(results: Results): { rate: number | null; retentionMs: number | null; compressAfterMs: number | null } | null {
  const raw = results.scenario.capacity;
  if (!raw || typeof raw !== 'object') return null;
  const c = raw as Record<string, unknown>;
  return { rate: numberField(c, 'rate'), retentionMs: numberField(c, 'retentionMs'), compressAfterMs: numberField(c, 'compressAfterMs') };
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

export function saturateSteps(phase: PhaseResult | undefined): SaturateStepView[] {
  return records(phase?.details.steps)
    .filter((s) => numberField(s, 'rate') !== null)
    .map((s) => ({
      rate: numberField(s, 'rate')!,
      achievedRate: numberField(s, 'achievedRate'),
      p50Ms: numberField(s, 'p50Ms'),
      p99Ms: numberField(s, 'p99Ms'),
      lagP99Ms: numberField(s, 'lagP99Ms'),
      sustained: s.sustained === true,
      failure: stringField(s, 'failure') ?? '',
      refine: s.refine === true,
    }));
}

/** What one target's saturate phase found; null when the phase recorded nothing. */
export function saturateView(phase: PhaseResult | undefined): SaturateView | null {
  if (!phase) return null;
  const d = phase.details;
  const steps = saturateSteps(phase);
  const maxSustained = numberField(d, 'maxSustained') ?? phase.metrics.max_sustained_rows_per_s?.value ?? null;
  if (steps.length === 0 && maxSustained === null) return null;
  const neededRate = numberField(d, 'neededRate');
  const headroom = numberField(d, 'headroom') ?? (neededRate && maxSustained !== null ? maxSustained / neededRate : null);
  return {
    maxSustained,
    firstFailing: numberField(d, 'firstFailing'),
    firstFailureReason: stringField(d, 'firstFailureReason'),
    stoppedBy: stringField(d, 'stoppedBy'),
    neededRate,
    headroom,
    steps,
  };
}

/** The SLO's batch p99 bound of a saturate phase (from the resolved scenario), ms. */
export function saturateP99Bound(results: Results, phaseId: string): number | null {
  const spec = results.scenario.phases.find((p) => p.id === phaseId) as { slo?: Record<string, unknown> } | undefined;
  return numberField(spec?.slo, 'maxP99Ms');
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

export function growthSteps(phase: PhaseResult | undefined): GrowthStepView[] {
  return records(phase?.details.steps)
    .filter((s) => numberField(s, 'tableRowsAfter') !== null && numberField(s, 'rowsPerSec') !== null)
    .map((s, i) => ({
      step: numberField(s, 'step') ?? i + 1,
      tableRowsAfter: numberField(s, 'tableRowsAfter')!,
      rows: numberField(s, 'rows'),
      rowsPerSec: numberField(s, 'rowsPerSec')!,
      batchP50Ms: numberField(s, 'batchP50Ms'),
      batchP99Ms: numberField(s, 'batchP99Ms'),
      seconds: numberField(s, 'seconds'),
    }));
}

// ---- mixed ----------------------------------------------------------------------------------

export interface MixedQueryView {
  query: string;
  runs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  idleP50Ms: number | null;
}

/** Queries under load: from details.queries, else from the `<query>.p50_ms` metrics. */
export function mixedQueries(phase: PhaseResult | undefined): MixedQueryView[] {
  const fromDetails = records(phase?.details.queries)
    .filter((q) => typeof q.query === 'string')
    .map((q) => ({
      query: q.query as string,
      runs: numberField(q, 'runs'),
      p50Ms: numberField(q, 'p50Ms'),
      p99Ms: numberField(q, 'p99Ms'),
      idleP50Ms: numberField(q, 'idleP50Ms'),
    }));
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
    idleLatencyP99Ms: numberField(phase?.details, 'idleIngestLatencyP99Ms'),
    lagP99Ms: m.ingest_lag_p99_ms?.value ?? null,
    idleLagP99Ms: numberField(phase?.details, 'idleIngestLagP99Ms'),
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

/** The time-series table the capacity phases write (first saturate/growth/mixed phase), else null. */
function capacityTable(results: Results): string | null {
  for (const kind of CAPACITY_PHASE_KINDS) {
    for (const id of phaseIdsOfKind(results, kind)) {
      const spec = results.scenario.phases.find((p) => p.id === id) as { table?: unknown } | undefined;
      if (typeof spec?.table === 'string') return spec.table;
    }
  }
  return null;
}

function measuredTables(results: Results): string[] {
  const tables: string[] = [];
  for (const t of results.targets)
    for (const p of t.phases)
      if (p.kind === 'storage')
        for (const x of records(p.details.tables)) if (typeof x.table === 'string' && !tables.includes(x.table)) tables.push(x.table);
  return tables;
}

/** Chunk interval in days: engines.timescaledb.options.chunkInterval, else 1 day. */
function chunkDays(results: Results, assumed: string[]): number {
  const option = (results.scenario.engines?.timescaledb?.options as { chunkInterval?: unknown } | undefined)?.chunkInterval;
  if (option !== undefined) {
    try {
      return parseChunkInterval(option).ms / DAY_MS;
    } catch {
      assumed.push(`chunk interval 1 d (engines.timescaledb.options.chunkInterval ${JSON.stringify(option)} not understood)`);
      return 1;
    }
  }
  assumed.push('chunk interval 1 d (the scenario sets no engines.timescaledb.options.chunkInterval)');
  return 1;
}

/**
 * projectDisk per target, with the scenario's `capacity` inputs (rate required; retention and
 * compression age default to the seed's 90 d / 7 d, said in `assumed`). Null when the scenario
 * has no capacity rate or no target measured storage.
 */
export function diskProjection(results: Results): DiskProjectionView | null {
  const spec = capacitySpecOf(results);
  if (!spec?.rate) return null;
  const tables = measuredTables(results);
  const preferred = capacityTable(results);
  const table = preferred && tables.includes(preferred) ? preferred : tables[0];
  if (!table) return null;
  const measured = projectionInputs(results, table);
  // Older or partial files may lack a byte count: such a target is listed as skipped, never projected from NaN.
  const inputs = measured.inputs.filter((i) => Number.isFinite(i.rawBytesPerRow) && i.rawBytesPerRow > 0);
  const skipped = [
    ...measured.skipped,
    ...measured.inputs.filter((i) => !inputs.includes(i)).map((i) => `${i.target}: storage figures for ${table} without a byte count`),
  ];
  if (inputs.length === 0) return null;
  const assumed: string[] = [];
  if (spec.retentionMs === null) assumed.push("retention 90 d (the seed's policy; the scenario sets no capacity.retention)");
  if (spec.compressAfterMs === null) assumed.push("compression after 7 d (the seed's policy; the scenario sets no capacity.compressAfter)");
  const input: ProjectionInput = {
    rate: spec.rate,
    retentionDays: (spec.retentionMs ?? 90 * DAY_MS) / DAY_MS,
    compressAfterDays: (spec.compressAfterMs ?? 7 * DAY_MS) / DAY_MS,
    chunkDays: chunkDays(results, assumed),
  };
  return { table, input, inputs, projections: inputs.map((i) => projectDisk(i, input)), skipped, assumed };
}

/** The target a projection / input belongs to (projections carry only the target id). */
export function targetById(results: Results, id: string): TargetResult | undefined {
  return results.targets.find((t) => t.id === id);
}
