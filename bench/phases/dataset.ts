/**
 * The dataset plan: every data stream every phase will write, decided before any target runs,
 * so all targets get identical rows; and its fingerprint (sha256 of the encoded rows with time
 * as offsets from the anchor: two runs with the same seed and scenario print the same value).
 * With the phases (each phase kind plans its own streams), so that the runner and the shard
 * planner above both read it.
 */
import { createHash } from 'node:crypto';
import type { DatasetFingerprint } from '../core/results.js';
import type { Scenario } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import type { StreamSpec } from '../generate/types.js';
import { InputError } from '../core/errors.js';
import { fingerprintStreamAsync } from '../generate/fingerprint.js';
import { MAX_KEYS, MAX_ROWS_PER_STREAM } from '../scenario/limits.js';
import type { LiveCursor, PhaseModule } from './types.js';

export interface DatasetPlan {
  streams: Map<string, StreamSpec[]>;
  fingerprint: DatasetFingerprint;
  /** Tables any phase writes to. */
  tables: TableName[];
  /** Start of the live time region each phase reserved (phases that generate data at run time). */
  liveStart: Map<string, number>;
}

export function liveCursor(anchorMs: number): LiveCursor {
  const next = new Map<TableName, number>();
  return {
    next(table, spanMs) {
      const start = next.get(table) ?? anchorMs;
      next.set(table, start + spanMs);
      return start;
    },
  };
}

/**
 * Bounds checked again here, on the planned streams themselves (the scenario loader checks the
 * keys it can see): planning generates every row once, so an unbounded stream would hold the
 * run in "planning" for hours.
 */
function checkStream(s: StreamSpec, phaseId: string): void {
  if (s.rows > MAX_ROWS_PER_STREAM) {
    throw new InputError(
      `phase ${phaseId} plans a stream of ${s.rows.toLocaleString('en-US')} ${s.table} rows; the limit is ${MAX_ROWS_PER_STREAM.toLocaleString('en-US')} rows per stream`,
    );
  }
  if (s.shape.keys > MAX_KEYS) {
    throw new InputError(`dataset.tables.${s.table}.keys: ${s.shape.keys.toLocaleString('en-US')} keys; the limit is ${MAX_KEYS.toLocaleString('en-US')}`);
  }
}

/**
 * Plans every stream and fingerprints it. Async so that a signal is honoured during planning:
 * the fingerprinting yields to the event loop regularly and stops when `signal` is aborted.
 */
export async function planDataset(scenario: Scenario, phases: ReadonlyMap<string, PhaseModule>, signal?: AbortSignal, onStream?: (s: StreamSpec) => void): Promise<DatasetPlan> {
  const cursor = liveCursor(scenario.dataset.anchorMs);
  const streams = new Map<string, StreamSpec[]>();
  const tables = new Set<TableName>();
  const records: DatasetFingerprint['streams'] = [];
  const liveStart = new Map<string, number>();
  const overall = createHash('sha256');
  for (const spec of scenario.phases) {
    const runner = phases.get(spec.kind)!;
    const phaseCursor: LiveCursor = {
      next(table, spanMs) {
        const start = cursor.next(table, spanMs);
        if (!liveStart.has(spec.id)) liveStart.set(spec.id, start);
        return start;
      },
    };
    const planned = runner.plan ? runner.plan(spec, scenario, phaseCursor) : [];
    streams.set(spec.id, planned);
    for (const s of planned) {
      tables.add(s.table);
      checkStream(s, spec.id);
      onStream?.(s);
      const f = await fingerprintStreamAsync(s, { signal });
      records.push({ phase: spec.id, table: s.table, rows: f.rows, fingerprint: f.fingerprint });
      overall.update(f.fingerprint);
    }
    const table = (spec as { table?: unknown }).table;
    if (typeof table === 'string') tables.add(table as TableName);
  }
  return {
    streams,
    tables: [...tables],
    liveStart,
    fingerprint: {
      fingerprint: overall.digest('hex'),
      seed: scenario.dataset.seed,
      anchor: new Date(scenario.dataset.anchorMs).toISOString(),
      anchorSource: scenario.dataset.anchorSource,
      streams: records,
    },
  };
}
