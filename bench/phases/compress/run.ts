/**
 * compress: the engine's native compression of data older than `olderThan` (seed: 7 days),
 * run by the harness itself (CALL run_job on TimescaleDB: deterministic, no background
 * workers needed). Measures the time and storage before/after. One-shot: data compresses once.
 */
import type { CompressPhase } from './spec.js';
import { nowMs } from '../../measure/clock.js';
import { formatDuration } from '../../scenario/units.js';
import { finish, metric, newPhaseResult, round, unsupported, verifyRowCount } from '../common.js';
import { measureStorage } from '../storage/run.js';
import type { PhaseRunner } from '../types.js';

export const runner: PhaseRunner<CompressPhase> = {
  kind: 'compress',
  async run(spec, ctx) {
    const capability = ctx.target.session.compress;
    if (!capability) return unsupported(spec, `${ctx.target.engine} has no native compression`);
    const started = performance.now();
    const result = newPhaseResult(spec);
    const cutoffMs = ctx.scenario.dataset.anchorMs - spec.olderThanMs;
    const before = await measureStorage(ctx);
    await capability.configure(ctx.tables, spec.olderThanMs);
    const t0 = nowMs();
    const out = await capability.run(ctx.tables, cutoffMs);
    const ms = nowMs() - t0;
    const after = await measureStorage(ctx);
    for (const caveat of new Set([before.flushCaveat, after.flushCaveat])) if (caveat) result.warnings.push(caveat);
    for (const table of ctx.tables) await verifyRowCount(ctx, table);
    result.metrics.duration_ms = metric('compression run time', 'ms', 'lower', 'value', 'trial', [round(ms, 2)]);
    const tables = before.tables.map((b) => {
      const a = after.tables.find((x) => x.table === b.table)!;
      const ratio = a.bytes > 0 ? b.bytes / a.bytes : null;
      if (ratio !== null)
        result.metrics[`${b.table}.compression_ratio`] = metric(`${b.table} compression ratio (before/after)`, 'ratio', 'higher', 'value', 'exact', [round(ratio, 4)]);
      result.metrics[`${b.table}.bytes_after`] = metric(`${b.table} storage after compression`, 'bytes', 'lower', 'value', 'exact', [a.bytes]);
      return { table: b.table, bytesBefore: b.bytes, bytesAfter: a.bytes, source: a.bytesSource, ratio, engineBefore: b.engineBytes, engineAfter: a.engineBytes };
    });
    if (spec.trials > 1) result.warnings.push('compression is one-shot (data compresses once): trials do not apply');
    const unit = out.unit ?? 'unit';
    result.metrics.units_compressed = metric(`${unit}s compressed`, 'count', 'higher', 'value', 'exact', [out.unitsCompressed]);
    if (out.rowsUncompressed !== undefined) {
      result.metrics.rows_uncompressed = metric(`rows left in uncompressed ${unit}s`, 'count', 'lower', 'value', 'exact', [out.rowsUncompressed]);
    }
    const left =
      out.unitsUncompressed !== undefined
        ? `${out.unitsCompressed} ${unit}(s) compressed, ${out.unitsUncompressed} left uncompressed holding ${out.rowsUncompressed ?? '?'} row(s)`
        : `${out.unitsCompressed} ${unit}(s) compressed`;
    if ((out.rowsUncompressed ?? 0) > 0)
      result.warnings.push(
        `compression left ${out.rowsUncompressed} row(s) in ${out.unitsUncompressed ?? '?'} uncompressed ${unit}(s): the compressed figures do not cover all rows`,
      );
    result.trials = [
      {
        trial: 1,
        durationMs: round(ms, 2),
        unitsCompressed: out.unitsCompressed,
        unitsUncompressed: out.unitsUncompressed ?? null,
        rowsUncompressed: out.rowsUncompressed ?? null,
        ...out.details,
      },
    ];
    result.details = {
      method: `compression settings and policy configured, then the policy run by the harness and timed; storage measured before and after exactly as in the storage phase (after flush); ratio = bytes before / bytes after; chunks ending at or before the anchor - ${formatDuration(spec.olderThanMs)} are eligible; ${left}; row count verified after`,
      cutoff: new Date(cutoffMs).toISOString(),
      unitsCompressed: out.unitsCompressed,
      unitsUncompressed: out.unitsUncompressed ?? null,
      rowsUncompressed: out.rowsUncompressed ?? null,
      tables,
    };
    return finish(result, started);
  },
};
