/**
 * downsample: the engine's downsampling (continuous aggregates, materialized views, continuous
 * queries + backfill): refresh time, extra storage, and each aggregate-backed query against
 * the same query on raw data — with the two answers checked equal.
 */
import type { DownsamplePhase } from '../core/scenario.js';
import { queryById } from '../queries/catalog.js';
import { diffAnswers } from '../queries/compare.js';
import { nowMs, yieldToEventLoop } from '../measure/clock.js';
import { finish, metric, newPhaseResult, round, unsupported } from './common.js';
import { PhaseFailure, type PhaseRunner } from './types.js';
import type { QueryAnswer } from '../queries/catalog.js';

export const phase: PhaseRunner<DownsamplePhase> = {
  kind: 'downsample',
  async run(spec, ctx) {
    const capability = ctx.target.session.downsample;
    if (!capability) return unsupported(spec, `${ctx.target.engine} has no downsampling mechanism`);
    const started = performance.now();
    const result = newPhaseResult(spec);
    const created = await capability.setup(ctx.tables, ctx.queryParams);
    const t0 = nowMs();
    await capability.refresh(ctx.queryParams);
    const refreshMs = nowMs() - t0;
    const aggregateBytes = await capability.storageBytes();
    result.metrics.refresh_ms = metric('aggregate refresh / backfill time', 'ms', 'lower', 'value', 'trial', [round(refreshMs, 2)]);
    result.metrics.aggregate_bytes = metric('storage of the aggregates', 'bytes', 'lower', 'value', 'exact', [aggregateBytes]);
    const supported = new Set(ctx.target.session.supportedQueries());
    const comparisons: Record<string, unknown>[] = [];
    for (const id of capability.aggregateQueries()) {
      const def = queryById(id);
      if (!def || !ctx.tables.includes(def.table) || !supported.has(id)) continue;
      const time = async (fn: () => Promise<QueryAnswer>) => {
        const samples: number[] = [];
        let answer: QueryAnswer | undefined;
        for (let i = 0; i < spec.warmup + spec.iterations; i++) {
          if (ctx.signal.aborted) throw new Error('aborted');
          const q0 = nowMs();
          const a = await fn();
          const ms = nowMs() - q0;
          answer ??= a;
          if (i >= spec.warmup) samples.push(round(ms, 4));
          await yieldToEventLoop();
        }
        return { samples, answer: answer! };
      };
      const raw = await time(() => ctx.target.session.runQuery(id, ctx.queryParams));
      const agg = await time(() => capability.runAggregateQuery(id, ctx.queryParams));
      const diff = diffAnswers(def, raw.answer, agg.answer);
      if (diff.length > 0) throw new PhaseFailure(`aggregate answer for ${id} differs from the raw-data answer on ${ctx.target.id}: ${diff.slice(0, 2).join('; ')}`);
      result.metrics[`${id}.raw_p50_ms`] = metric(`${def.title} on raw data — p50`, 'ms', 'lower', 'p50', 'iteration', raw.samples);
      result.metrics[`${id}.aggregate_p50_ms`] = metric(`${def.title} from the aggregate — p50`, 'ms', 'lower', 'p50', 'iteration', agg.samples);
      comparisons.push({ query: id, rows: raw.answer.rows.length, answersAgree: true });
    }
    result.trials = [{ trial: 1, refreshMs: round(refreshMs, 2), aggregateBytes, created, comparisons }];
    result.details = {
      method: `${capability.method}; aggregates created, then refreshed over the whole window and timed; then each aggregate-backed query is timed against the same query on raw data (${spec.warmup} warm-up, ${spec.iterations} iterations each) and the two answers are checked equal`,
      aggregates: created,
      comparisons,
    };
    return finish(result, started);
  },
};
