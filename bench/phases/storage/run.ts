/**
 * storage: after the engine's flush (CHECKPOINT, cache flush), the common accounting —
 * allocated bytes on disk of the files holding each table, measured the same way for every
 * engine by the runtime — with the engine's own figures beside it. Storage is deterministic
 * for a given dataset, so it is measured once (trials do not apply).
 */
import type { StoragePhase } from './spec.js';
import type { TableStorage } from '../../core/engine.js';
import { nowMs } from '../../measure/clock.js';
import { finish, metric, newPhaseResult, round } from '../common.js';
import type { PhaseContext, PhaseRunner } from '../types.js';

export interface MeasuredTableStorage extends TableStorage {
  allocatedBytes: number | null;
  /** The headline figure: allocated bytes when the runtime can see the files, else the engine's primary figure. */
  bytes: number;
  bytesSource: 'allocated' | string;
  bytesPerRow: number | null;
}

export async function measureStorage(ctx: PhaseContext): Promise<{ tables: MeasuredTableStorage[]; dataDirBytes: number | null; flushMs: number; flushCaveat: string | null }> {
  const t0 = nowMs();
  const flushCaveat = (await ctx.target.session.flush()) || null;
  const flushMs = nowMs() - t0;
  const figures = await ctx.target.session.storage(ctx.tables);
  const tables: MeasuredTableStorage[] = [];
  for (const t of figures) {
    const allocated = t.dataPaths.length > 0 ? await ctx.target.server.allocatedBytes(t.dataPaths) : null;
    const bytes = allocated ?? t.engineBytes[t.primary] ?? 0;
    tables.push({
      ...t,
      dataPaths: t.dataPaths.slice(0, 20),
      allocatedBytes: allocated,
      bytes,
      bytesSource: allocated !== null ? 'allocated' : t.primary,
      bytesPerRow: t.rows > 0 ? bytes / t.rows : null,
    });
  }
  const dataDirBytes = await ctx.target.server.allocatedBytes();
  return { tables, dataDirBytes, flushMs, flushCaveat };
}

export const runner: PhaseRunner<StoragePhase> = {
  kind: 'storage',
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec);
    if (spec.compact) {
      if (ctx.target.session.compact) await ctx.target.session.compact();
      else result.warnings.push(`${ctx.target.engine} has no forced compaction; figures are after flush only`);
    }
    const m = await measureStorage(ctx);
    if (m.flushCaveat) result.warnings.push(m.flushCaveat);
    for (const t of m.tables) {
      result.metrics[`${t.table}.bytes`] = metric(
        `${t.table} storage (${t.bytesSource === 'allocated' ? 'allocated on disk' : t.bytesSource})`,
        'bytes',
        'lower',
        'value',
        'exact',
        [t.bytes],
      );
      if (t.bytesPerRow !== null)
        result.metrics[`${t.table}.bytes_per_row`] = metric(`${t.table} bytes per row`, 'bytes/row', 'lower', 'value', 'exact', [round(t.bytesPerRow, 3)]);
      const primary = t.engineBytes[t.primary];
      if (primary !== undefined) result.metrics[`${t.table}.engine_bytes`] = metric(`${t.table} ${t.primary}`, 'bytes', 'lower', 'value', 'exact', [primary]);
      if (t.allocatedBytes === null) result.warnings.push(`${t.table}: the ${ctx.target.server.label} runtime cannot see the data files; the figure is the engine's ${t.primary}`);
    }
    result.details = {
      method:
        "after the engine flush (PostgreSQL: CHECKPOINT; InfluxDB: cache flushed to TSM), bytes = allocated blocks on disk (st_blocks x 512, not apparent size) of the files holding each table, counted by the runtime the same way for every engine; the engine's own figures are listed beside it; bytes per row = bytes / rows counted in the engine",
      flushMs: round(m.flushMs, 1),
      dataDirAllocatedBytes: m.dataDirBytes,
      tables: m.tables,
    };
    return finish(result, started);
  },
};
