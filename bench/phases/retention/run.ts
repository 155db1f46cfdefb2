/**
 * retention: applies the engine's retention mechanism for data older than `dropAfter`
 * (seed: 90 days) relative to the anchor, timed, with rows before/after counted.
 */
import type { RetentionPhase } from './spec.js';
import { nowMs } from '../../measure/clock.js';
import { formatDuration } from '../../scenario/units.js';
import { finish, metric, newPhaseResult, round, unsupported } from '../common.js';
import type { PhaseRunner } from '../types.js';

export const runner: PhaseRunner<RetentionPhase> = {
  kind: 'retention',
  async run(spec, ctx) {
    const capability = ctx.target.session.retention;
    if (!capability) return unsupported(spec, `${ctx.target.engine} has no retention mechanism`);
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    const cutoffMs = ctx.scenario.dataset.anchorMs - spec.dropAfterMs;
    const rowsBefore = await ctx.target.session.count(spec.table);
    await capability.configure(spec.table, spec.dropAfterMs);
    const t0 = nowMs();
    const out = await capability.run(spec.table, cutoffMs);
    const ms = nowMs() - t0;
    const rowsAfter = await ctx.target.session.count(spec.table);
    ctx.state.expectedRows.set(spec.table, rowsAfter);
    result.metrics.duration_ms = metric('retention run time', 'ms', 'lower', 'value', 'trial', [round(ms, 2)]);
    result.metrics.rows_removed = metric('rows removed by retention', 'count', 'higher', 'value', 'exact', [rowsBefore - rowsAfter]);
    if (rowsBefore === rowsAfter) result.warnings.push(`no rows were older than the cutoff ${new Date(cutoffMs).toISOString()}: the retention run removed nothing`);
    result.trials = [{ trial: 1, durationMs: round(ms, 2), rowsBefore, rowsAfter, ...out.details }];
    result.details = {
      method: `${capability.method}; cutoff = anchor - ${formatDuration(spec.dropAfterMs)} = ${new Date(cutoffMs).toISOString()}; timed from the start of the run to its end; rows counted before and after`,
      cutoff: new Date(cutoffMs).toISOString(),
      rowsBefore,
      rowsAfter,
      engineReportedRowsRemoved: out.rowsRemoved,
    };
    return finish(result, started);
  },
};
