/**
 * The inputs of a disk projection, built in one place for both of its readers: the report's
 * Capacity section (scenario values only) and `tsdb-bench plan` (command-line values first).
 * Everything comes from results.json: the scenario's `capacity` section, the storage and
 * compress figures per target, and the chunk interval the engine recorded. What no source gives
 * falls back on the seed's policy (retention 90 d, compression after 7 d) or one-day chunks,
 * and every such fallback is named in `assumed`.
 */
import type { Results } from '../core/results.js';
import { projectionInputs, measuredTables } from './inputs.js';
import type { EngineStorageInput, ProjectionInput } from './projection.js';
import { recordedChunkInterval } from './chunk-interval.js';

const DAY_MS = 86_400_000;
/** The seed's retention policy. */
export const DEFAULT_RETENTION_MS = 90 * DAY_MS;
/** The seed's compression policy. */
export const DEFAULT_COMPRESS_AFTER_MS = 7 * DAY_MS;
export const DEFAULT_CHUNK_MS = DAY_MS;

/** Phase kinds that measure capacity; the table they write is the one projected by default. */
export const CAPACITY_PHASE_KINDS = ['saturate', 'growth', 'mixed'] as const;

/** Values given on the command line; each replaces what results.json says. */
export interface ProjectionChoices {
  /** Rows/s. */
  rate?: number;
  retentionMs?: number;
  compressAfterMs?: number;
  chunkMs?: number;
  /** Whose storage figures to use. */
  table?: string;
}

export interface ProjectionPlan {
  table: string;
  input: ProjectionInput;
  /** Targets with storage figures (and a byte count) for the table. */
  inputs: EngineStorageInput[];
  /** Targets without: `${target}: why`. */
  skipped: string[];
  /** Inputs no source gave, and the default used instead. */
  assumed: string[];
}

/** Why no projection can be made (no rate, no storage figures). */
export interface NoProjection {
  why: string;
}

/** The rate to project: capacity.rate, else the first ingest phase's rate; null when neither is set. */
export function scenarioRate(results: Results): number | null {
  const capacity = results.scenario.capacity;
  if (capacity?.rate) return capacity.rate;
  const ingest = results.scenario.phases.find((p) => p.kind === 'ingest') as { rate?: unknown } | undefined;
  return typeof ingest?.rate === 'number' && ingest.rate > 0 ? ingest.rate : null;
}

/** The table the first capacity phase (saturate, growth, mixed) writes, or null. */
function capacityTable(results: Results): string | null {
  for (const kind of CAPACITY_PHASE_KINDS) {
    const spec = results.scenario.phases.find((p) => p.kind === kind) as { table?: unknown } | undefined;
    if (typeof spec?.table === 'string') return spec.table;
  }
  return null;
}

export function projectionPlan(results: Results, choices: ProjectionChoices = {}): ProjectionPlan | NoProjection {
  const rate = choices.rate ?? scenarioRate(results);
  if (!rate) return { why: 'no rate: the results file has no capacity.rate or ingest rate (give one, e.g. --rate 10k/s)' };
  const tables = measuredTables(results);
  const preferred = capacityTable(results);
  const table = choices.table ?? (preferred && tables.includes(preferred) ? preferred : tables[0]);
  if (!table) return { why: 'no storage phase with table figures: run a scenario with a storage phase first' };

  const measured = projectionInputs(results, table);
  // Older or partial files may lack a byte count: such a target is listed as skipped, never projected from NaN.
  const inputs = measured.inputs.filter((i) => Number.isFinite(i.rawBytesPerRow) && i.rawBytesPerRow > 0);
  const skipped = [...measured.skipped, ...measured.inputs.filter((i) => !inputs.includes(i)).map((i) => `${i.target}: storage figures for ${table} without a byte count`)];
  if (inputs.length === 0) return { why: `no target has storage figures for ${table}${skipped.length ? ` (${skipped.join('; ')})` : ''}` };

  const assumed: string[] = [];
  const capacity = results.scenario.capacity;
  const retentionMs = choices.retentionMs ?? capacity?.retentionMs ?? null;
  if (retentionMs === null) assumed.push("retention 90 d (the seed's policy; the scenario sets no capacity.retention)");
  const compressAfterMs = choices.compressAfterMs ?? capacity?.compressAfterMs ?? null;
  if (compressAfterMs === null) assumed.push("compression after 7 d (the seed's policy; the scenario sets no capacity.compressAfter)");
  let chunkMs = choices.chunkMs ?? null;
  if (chunkMs === null) {
    const recorded = recordedChunkInterval(results);
    if ('ms' in recorded) chunkMs = recorded.ms;
    else assumed.push(`chunk interval 1 d (${recorded.missing})`);
  }
  const input: ProjectionInput = {
    rate,
    retentionDays: (retentionMs ?? DEFAULT_RETENTION_MS) / DAY_MS,
    compressAfterDays: (compressAfterMs ?? DEFAULT_COMPRESS_AFTER_MS) / DAY_MS,
    chunkDays: (chunkMs ?? DEFAULT_CHUNK_MS) / DAY_MS,
  };
  return { table, input, inputs, skipped, assumed };
}
