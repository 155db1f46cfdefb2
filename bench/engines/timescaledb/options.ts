/**
 * The timescaledb engine's own knobs (scenario `engines.timescaledb.options`), validated here:
 * - chunkInterval: hypertable chunk width, default '1 day'. Accepts PostgreSQL interval text
 *   with one unit ('1 day', '12 hours', '30 minutes', '1 week') or the short form ('1d', '12h',
 *   '30m', '1w'). At least one minute.
 * - createDefaultIndexes: create_hypertable's create_default_indexes, default true (what the
 *   seed's plain `create_hypertable(...)` does: an extra ("timestamp" DESC) index beside the
 *   primary key). false keeps only the seed's primary key, like the postgres engine.
 * - compressionApi: `columnstore` (TimescaleDB >= 2.18 names), `seed` (the seed's
 *   timescaledb.compress + add_compression_policy) or `auto` (default: columnstore when the
 *   server supports it). See ./compression-api.ts.
 */
import { InputError } from '../../core/errors.js';
import type { CompressionApiChoice } from './compression-api.js';

export interface TimescaleOptions {
  /** Chunk interval as SQL (e.g. `INTERVAL '1 day'`). */
  chunkIntervalSql: string;
  /** The same in human form ('1 day') and in ms. */
  chunkInterval: string;
  chunkIntervalMs: number;
  createDefaultIndexes: boolean;
  compressionApi: CompressionApiChoice;
}

const UNITS: { words: string[]; singular: string; ms: number }[] = [
  { words: ['m', 'min', 'mins', 'minute', 'minutes'], singular: 'minute', ms: 60_000 },
  { words: ['h', 'hr', 'hrs', 'hour', 'hours'], singular: 'hour', ms: 3_600_000 },
  { words: ['d', 'day', 'days'], singular: 'day', ms: 86_400_000 },
  { words: ['w', 'week', 'weeks'], singular: 'week', ms: 7 * 86_400_000 },
];

export const DEFAULT_CHUNK_INTERVAL = '1 day';
const KNOWN_OPTIONS = ['chunkInterval', 'createDefaultIndexes', 'compressionApi'];
const COMPRESSION_APIS: readonly CompressionApiChoice[] = ['auto', 'columnstore', 'seed'];

/** '1 day' / '12h' -> { text: '12 hours', ms }; throws InputError otherwise. */
export function parseChunkInterval(value: unknown): { text: string; ms: number } {
  if (typeof value !== 'string') throw new InputError(`timescaledb option chunkInterval must be a string like '1 day', got ${JSON.stringify(value)}`);
  const m = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(value);
  const unit = m ? UNITS.find((u) => u.words.includes(m[2].toLowerCase())) : undefined;
  if (!m || !unit) {
    throw new InputError(`timescaledb option chunkInterval '${value}' is not an interval like '1 day', '12 hours', '30 minutes', '1 week' (or 1d, 12h, 30m, 1w)`);
  }
  const n = Number(m[1]);
  if (n < 1) throw new InputError(`timescaledb option chunkInterval must be at least 1 minute, got '${value}'`);
  return { text: `${n} ${unit.singular}${n === 1 ? '' : 's'}`, ms: n * unit.ms };
}

export function timescaleOptions(options: Record<string, unknown>): TimescaleOptions {
  const unknown = Object.keys(options).filter((k) => !KNOWN_OPTIONS.includes(k));
  if (unknown.length > 0) {
    throw new InputError(`unknown timescaledb option(s): ${unknown.join(', ')} (known: ${KNOWN_OPTIONS.join(', ')})`);
  }
  const chunk = parseChunkInterval(options.chunkInterval ?? DEFAULT_CHUNK_INTERVAL);
  const createDefaultIndexes = options.createDefaultIndexes ?? true;
  if (typeof createDefaultIndexes !== 'boolean') {
    throw new InputError(`timescaledb option createDefaultIndexes must be true or false, got ${JSON.stringify(createDefaultIndexes)}`);
  }
  const compressionApi = options.compressionApi ?? 'auto';
  if (!COMPRESSION_APIS.includes(compressionApi as CompressionApiChoice)) {
    throw new InputError(`timescaledb option compressionApi must be one of ${COMPRESSION_APIS.join(', ')}, got ${JSON.stringify(compressionApi)}`);
  }
  return {
    chunkInterval: chunk.text,
    chunkIntervalMs: chunk.ms,
    chunkIntervalSql: `INTERVAL '${chunk.text}'`,
    createDefaultIndexes,
    compressionApi: compressionApi as CompressionApiChoice,
  };
}

/** Milliseconds as an SQL interval in the largest exact unit (7d -> INTERVAL '7 days'). */
export function intervalSql(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`not a duration: ${ms} ms`);
  for (const [unit, size] of [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ] as const) {
    if (ms > 0 && ms % size === 0) return `INTERVAL '${ms / size} ${unit}s'`;
  }
  return `INTERVAL '${ms} milliseconds'`;
}
