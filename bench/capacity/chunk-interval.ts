/**
 * The chunk interval a projection uses, from results.json alone: what the engine recorded it
 * created its hypertables with (`targets[].settings.chunk_time_interval`, written by the
 * timescaledb engine in its canonical form, e.g. '1 week', '12 hours'), read back with the
 * engine's own parser — the grammar that wrote it. The scenario's `chunkInterval` string is
 * never re-parsed here: it accepts spellings ('1w', '2 Weeks', '30 mins') the engine normalizes.
 */
import type { Results } from '../core/results.js';
import { parseChunkInterval } from '../engines/timescaledb/options.js';

/** The setting name targets record their chunk interval under. */
export const CHUNK_SETTING = 'chunk_time_interval';

export interface RecordedChunkInterval {
  ms: number;
  /** As recorded, e.g. '1 week'. */
  text: string;
  /** The target it was read from. */
  target: string;
}

/**
 * The first chunk interval a target recorded, or why there is none: no target recorded one
 * (no TimescaleDB target in the run) or the recorded text is not one the engine writes.
 */
export function recordedChunkInterval(results: Results): RecordedChunkInterval | { missing: string } {
  for (const target of results.targets) {
    const text = target.settings?.[CHUNK_SETTING];
    if (text === undefined) continue;
    try {
      return { ms: parseChunkInterval(text).ms, text, target: target.id };
    } catch {
      return { missing: `${target.id} recorded ${CHUNK_SETTING} ${JSON.stringify(text)}, not an interval the engine writes` };
    }
  }
  return { missing: `no target recorded a ${CHUNK_SETTING}` };
}
