/**
 * The two waits of a sharded run, both on things every shard already has — the wall clock and
 * the target itself — so no coordinator or cluster protocol is needed:
 * - the start barrier: every shard starts its measured phases at `--start-at` (hosts keep
 *   their clocks in sync with NTP); each records how late it was, and one later than the bound
 *   is reported as late;
 * - the union: before its single-writer phases, shard 0 waits until the engine holds every
 *   shard's rows (the whole dataset's planned count per table), and records what it counted.
 */
import type { EngineSession } from '../core/engine.js';
import type { Logger } from '../core/log.js';
import type { TableName } from '../core/tables.js';
import type { DatasetFingerprint } from '../core/results.js';
import { epochMsOf, nowMs } from '../measure/clock.js';
import type { ShardRecord } from './record.js';
import type { ShardOptions } from './options.js';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until the wall clock reaches `startAtMs` (no-op without one). */
export async function waitForStart(startAtMs: number | undefined, signal: AbortSignal): Promise<void> {
  if (startAtMs === undefined) return;
  // Coarse timer, then short ones: a long setTimeout may wake late on a loaded machine.
  for (let left = startAtMs - Date.now(); left > 0; left = startAtMs - Date.now()) await sleep(left > 50 ? left - 20 : left, signal);
}

/** The barrier record, taken right after the wait (readyAt: when the shard began waiting). */
export function startRecord(opts: ShardOptions, readyAtMs: number): NonNullable<ShardRecord['start']> {
  const now = Date.now();
  const lateMs = opts.startAtMs === undefined ? 0 : Math.max(0, now - opts.startAtMs);
  return {
    startAt: opts.startAtMs === undefined ? null : new Date(opts.startAtMs).toISOString(),
    readyAt: new Date(readyAtMs).toISOString(),
    startedAt: new Date(now).toISOString(),
    lateMs,
    lateBoundMs: opts.lateBoundMs,
    late: lateMs > opts.lateBoundMs,
    wallMinusMonotonicMs: Math.round((now - epochMsOf(nowMs())) * 1000) / 1000,
  };
}

/** How long the union's count may stand still before shard 0 stops waiting for it. */
export const STALL_MS = 60_000;

/** Rows the whole dataset plans per table for the given phases (what the union must hold). */
export function plannedRows(dataset: DatasetFingerprint, phases: readonly string[]): Map<TableName, number> {
  const out = new Map<TableName, number>();
  for (const s of dataset.streams) if (phases.includes(s.phase)) out.set(s.table as TableName, (out.get(s.table as TableName) ?? 0) + s.rows);
  return out;
}

/**
 * Polls the engine's count of every table until it reaches the planned rows (or gives up:
 * then the record says incomplete and the run warns).
 */
export async function waitForUnion(
  target: string,
  session: EngineSession,
  expected: Map<TableName, number>,
  opts: { waitMs: number; stallMs?: number; signal: AbortSignal; log: Logger },
): Promise<NonNullable<ShardRecord['union']>> {
  const t0 = Date.now();
  const out: NonNullable<ShardRecord['union']> = [];
  for (const [table, rows] of expected) {
    let counted = await session.count(table);
    let logged = 0;
    let changed = Date.now();
    // Give up at waitMs, or when the count stopped growing for STALL_MS (a shard failed or
    // dropped batches: its rows will not come).
    while (counted < rows && Date.now() - t0 < opts.waitMs && Date.now() - changed < (opts.stallMs ?? STALL_MS)) {
      if (Date.now() - logged > 10_000) {
        opts.log.info(`shard 0: waiting for the other shards' rows of ${table}: ${counted} of ${rows}`);
        logged = Date.now();
      }
      await sleep(250, opts.signal);
      const now = await session.count(table);
      if (now !== counted) changed = Date.now();
      counted = now;
    }
    out.push({ target, table, expected: rows, counted, waitedMs: Date.now() - t0, complete: counted === rows });
  }
  return out;
}
