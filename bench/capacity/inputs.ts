/**
 * Reads the projection inputs of each target from a results file: raw bytes/row from the first
 * storage phase, compressed bytes/row from the compress phase, index bytes/row from the engine's
 * own figures, aggregate bytes per (bucket x key) from the downsample phase (see aggregateInputs).
 *
 * Compressed bytes/row = raw bytes/row x (bytes after / bytes before) of the partitions that
 * were compressed (the engine's own before/after figures of exactly those chunks, e.g.
 * TimescaleDB's hypertable_compression_stats). The whole table's bytes after compression divided
 * by all its rows would be wrong: the newest chunk and live rows stay uncompressed (the policy
 * only takes whole chunks older than the cutoff), so that quotient mixes raw and compressed rows.
 * Only when the engine gave no such figures is the whole-table quotient used (an upper bound).
 */
import type { Metric, PhaseResult, PhaseResultOf, Results, TargetResult } from '../core/results.js';
import type { AggregateRecord } from '../phases/downsample/result.js';
import type { MeasuredTableStorage } from '../phases/storage/result.js';
import type { AggregateInput, EngineStorageInput } from './projection.js';

const DAY_MS = 86_400_000;

type StoragePhaseResult = PhaseResultOf<'storage'>;
type CompressPhaseResult = PhaseResultOf<'compress'>;
type DownsamplePhaseResult = PhaseResultOf<'downsample'>;

function isStorage(p: PhaseResult): p is StoragePhaseResult {
  return p.kind === 'storage';
}

/** Engine figures that hold index bytes, in order of preference. */
const INDEX_FIGURES = ['index_bytes', 'pg_indexes_size'];

/** A storage phase's tables that hold rows. */
function storageTables(phase: StoragePhaseResult | undefined): MeasuredTableStorage[] {
  return (phase?.details?.tables ?? []).filter((t) => t.rows > 0);
}

/** Every table some target's storage phase measured, in the order first seen. */
export function measuredTables(results: Results): string[] {
  const tables: string[] = [];
  for (const t of results.targets) for (const p of t.phases) if (isStorage(p)) for (const x of storageTables(p)) if (!tables.includes(x.table)) tables.push(x.table);
  return tables;
}

export function projectionInputs(results: Results, table: string): { inputs: EngineStorageInput[]; skipped: string[] } {
  const inputs: EngineStorageInput[] = [];
  const skipped: string[] = [];
  for (const target of results.targets) {
    const input = targetInput(results, target, table);
    if (typeof input === 'string') skipped.push(`${target.id}: ${input}`);
    else inputs.push(input);
  }
  return { inputs, skipped };
}

/** Before/after bytes of the chunks the compress phase compressed (engine figures), or null. */
export function compressedChunkBytes(compress: CompressPhaseResult | undefined, table: string): { before: number; after: number } | null {
  for (const trial of compress?.trials ?? []) {
    const perTable = (trial as { tables?: Record<string, { beforeBytes?: unknown; afterBytes?: unknown }> }).tables?.[table];
    const before = perTable?.beforeBytes;
    const after = perTable?.afterBytes;
    if (typeof before === 'number' && typeof after === 'number' && before > 0 && after > 0) return { before, after };
  }
  return null;
}

function targetInput(results: Results, target: TargetResult, table: string): EngineStorageInput | string {
  const storage = target.phases.filter(isStorage).find((p) => storageTables(p).some((t) => t.table === table));
  const raw = storageTables(storage).find((t) => t.table === table);
  if (!raw) return `no storage figures for ${table}`;
  const compress = target.phases.find((p): p is CompressPhaseResult => p.kind === 'compress' && p.status === 'ok');
  const compressed = compress?.details?.tables?.find((t) => t.table === table);
  const chunkBytes = compressedChunkBytes(compress, table);
  const rawBytesPerRow = raw.bytes / raw.rows;
  const compressedBytesPerRow = chunkBytes ? rawBytesPerRow * (chunkBytes.after / chunkBytes.before) : compressed ? compressed.bytesAfter / raw.rows : null;
  const indexFigure = INDEX_FIGURES.find((k) => raw.engineBytes[k] !== undefined);
  const downsample = target.phases.find((p): p is DownsamplePhaseResult => p.kind === 'downsample' && p.status === 'ok');
  return {
    target: target.id,
    rawBytesPerRow,
    compressedBytesPerRow,
    indexBytesPerRow: indexFigure ? raw.engineBytes[indexFigure] / raw.rows : null,
    aggregates: aggregateInputs(downsample, measuredShape(results, target, table)),
    partitioned: target.traits?.timePartitioned ?? false,
  };
}

/** Keys of the table and the time span its measured rows cover (what the aggregates were built over). */
export interface MeasuredShape {
  /** The projected table: per-aggregate records of other tables are left out. */
  table?: string;
  keys: number | null;
  spanMs: number | null;
}

export function measuredShape(results: Results, target: TargetResult, table: string): MeasuredShape {
  const keys = results.scenario.dataset?.tables?.[table as keyof typeof results.scenario.dataset.tables]?.keys;
  const spec = (results.scenario.phases ?? []).find((p) => p.kind === 'preload' && (p as { table?: string }).table === table) as { spanMs?: unknown } | undefined;
  const recorded = target.phases.find((p): p is PhaseResultOf<'preload'> => p.kind === 'preload' && p.table === table)?.details?.spanMs;
  const span = typeof spec?.spanMs === 'number' ? spec.spanMs : typeof recorded === 'number' ? recorded : null;
  return { table, keys: typeof keys === 'number' && keys > 0 ? keys : null, spanMs: span !== null && span > 0 ? span : null };
}

function finite(v: number | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const fmt = (n: number): string => Number(n.toPrecision(4)).toLocaleString('en-US');

/**
 * What aggregateInputs reads of a downsample phase result. Partial records: files written before
 * the phase recorded name, bucket and rows per aggregate lack them.
 */
export interface MeasuredAggregates {
  details?: { aggregates?: Partial<AggregateRecord>[] };
  metrics: Record<string, Metric>;
}

/**
 * Aggregates grow with buckets x keys, never with raw rows. Two shapes are read:
 * - per aggregate, when the downsample phase recorded `details.aggregates` as objects
 *   `{ name, table, bucketMs, rows, bytes }` (rows = bucket x key cells materialized; aggregates
 *   of other tables than the projected one are left out): bytes per cell =
 *   bytes / rows, cells per day = (rows / buckets measured) x buckets per day;
 * - otherwise the phase's total `aggregate_bytes` over the measured span and the table's keys:
 *   bytes per key-day (all buckets of one key for one day). Bucket widths cancel out, as every
 *   aggregate's cells grow linearly with the days retained.
 * None when the phase did not run or nothing says how the aggregate was shaped.
 */
export function aggregateInputs(downsample: MeasuredAggregates | undefined, shape: MeasuredShape): AggregateInput[] {
  if (!downsample) return [];
  const records = downsample.details?.aggregates ?? [];
  const perAggregate: AggregateInput[] = [];
  for (const a of records) {
    if (shape.table !== undefined && typeof a.table === 'string' && a.table !== shape.table) continue;
    const name = a.name ?? 'aggregate';
    const bucketMs = finite(a.bucketMs);
    const rows = finite(a.rows);
    const bytes = finite(a.bytes);
    if (bucketMs === null || rows === null || bytes === null || bucketMs <= 0 || rows <= 0 || shape.spanMs === null) continue;
    const buckets = Math.max(1, Math.ceil(shape.spanMs / bucketMs));
    const keys = rows / buckets;
    perAggregate.push({
      name,
      bytesPerCell: bytes / rows,
      cellsPerDay: keys * (DAY_MS / bucketMs),
      derivation: `${fmt(bytes)} B / ${fmt(rows)} rows measured = ${fmt(bytes / rows)} B per bucket x key; ${fmt(rows)} rows / ${fmt(buckets)} buckets of ${fmt(bucketMs / 60_000)} min = ${fmt(keys)} keys; ${fmt(DAY_MS / bucketMs)} buckets/d`,
    });
  }
  if (perAggregate.length > 0) return perAggregate;
  const total = downsample.metrics.aggregate_bytes?.value;
  if (typeof total !== 'number' || !(total > 0) || shape.spanMs === null || shape.keys === null) return [];
  const spanDays = shape.spanMs / DAY_MS;
  return [
    {
      name: 'all aggregates',
      bytesPerCell: total / (spanDays * shape.keys),
      cellsPerDay: shape.keys,
      derivation:
        `aggregate_bytes ${fmt(total)} B measured over ${fmt(spanDays)} d x ${fmt(shape.keys)} keys = ${fmt(total / (spanDays * shape.keys))} B per key-day ` +
        '(every bucket of one key for one day; the phase recorded no per-aggregate rows)',
    },
  ];
}
