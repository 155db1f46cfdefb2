/**
 * Reads the projection inputs of each target from a results file: raw bytes/row from the first
 * storage phase, compressed bytes/row from the compress phase, index bytes/row from the engine's
 * own figures, aggregate bytes from the downsample phase.
 *
 * Compressed bytes/row = raw bytes/row x (bytes after / bytes before) of the partitions that
 * were compressed (the engine's own before/after figures of exactly those chunks, e.g.
 * TimescaleDB's hypertable_compression_stats). The whole table's bytes after compression divided
 * by all its rows would be wrong: the newest chunk and live rows stay uncompressed (the policy
 * only takes whole chunks older than the cutoff), so that quotient mixes raw and compressed rows.
 * Only when the engine gave no such figures is the whole-table quotient used (an upper bound).
 */
import type { PhaseResult, Results, TargetResult } from '../core/results.js';
import type { EngineStorageInput } from './projection.js';

interface StorageTableDetail {
  table: string;
  rows: number;
  bytes: number;
  engineBytes: Record<string, number>;
}

/** Engine figures that hold index bytes, in order of preference. */
const INDEX_FIGURES = ['index_bytes', 'pg_indexes_size'];

function storageTables(phase: PhaseResult | undefined): StorageTableDetail[] {
  return ((phase?.details as { tables?: StorageTableDetail[] } | undefined)?.tables ?? []).filter((t) => t.rows > 0);
}

export function projectionInputs(results: Results, table: string): { inputs: EngineStorageInput[]; skipped: string[] } {
  const inputs: EngineStorageInput[] = [];
  const skipped: string[] = [];
  for (const target of results.targets) {
    const input = targetInput(target, table);
    if (typeof input === 'string') skipped.push(`${target.id}: ${input}`);
    else inputs.push(input);
  }
  return { inputs, skipped };
}

/** Before/after bytes of the chunks the compress phase compressed (engine figures), or null. */
export function compressedChunkBytes(compress: PhaseResult | undefined, table: string): { before: number; after: number } | null {
  for (const trial of compress?.trials ?? []) {
    const perTable = (trial as { tables?: Record<string, { beforeBytes?: unknown; afterBytes?: unknown }> }).tables?.[table];
    const before = perTable?.beforeBytes;
    const after = perTable?.afterBytes;
    if (typeof before === 'number' && typeof after === 'number' && before > 0 && after > 0) return { before, after };
  }
  return null;
}

function targetInput(target: TargetResult, table: string): EngineStorageInput | string {
  const storage = target.phases.find((p) => p.kind === 'storage' && storageTables(p).some((t) => t.table === table));
  const raw = storageTables(storage).find((t) => t.table === table);
  if (!raw) return `no storage figures for ${table}`;
  const compress = target.phases.find((p) => p.kind === 'compress' && p.status === 'ok');
  const compressed = (compress?.details as { tables?: { table: string; bytesAfter: number }[] } | undefined)?.tables?.find((t) => t.table === table);
  const chunkBytes = compressedChunkBytes(compress, table);
  const rawBytesPerRow = raw.bytes / raw.rows;
  const compressedBytesPerRow = chunkBytes ? rawBytesPerRow * (chunkBytes.after / chunkBytes.before) : compressed ? compressed.bytesAfter / raw.rows : null;
  const indexFigure = INDEX_FIGURES.find((k) => raw.engineBytes[k] !== undefined);
  const downsample = target.phases.find((p) => p.kind === 'downsample' && p.status === 'ok');
  const aggregateBytes = downsample?.metrics.aggregate_bytes?.value ?? 0;
  return {
    target: target.id,
    rawBytesPerRow,
    compressedBytesPerRow,
    indexBytesPerRow: indexFigure ? raw.engineBytes[indexFigure] / raw.rows : null,
    aggregateBytesPerRow: aggregateBytes / raw.rows,
    partitioned: target.traits?.timePartitioned ?? false,
  };
}
