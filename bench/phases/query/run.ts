/**
 * query: each named query, warm-up runs excluded, then N timed iterations per trial (hot cache:
 * the same query repeated). The first answer is kept for the cross-target answer check.
 */
import type { QueryPhase } from './spec.js';
import { queryById, QUERIES } from '../../queries/catalog.js';
import { diffAnswers } from '../../queries/compare.js';
import { LatencyHistogram } from '../../measure/histogram.js';
import { nowMs, yieldToEventLoop } from '../../measure/clock.js';
import { finish, metric, newPhaseResult, round, trialsToRun } from '../common.js';
import { type PhaseContext, type PhaseRunner } from '../types.js';
import { PhaseFailure } from '../../core/errors.js';

/**
 * The queries a phase runs: the listed ones, or every catalogued (portable) query on a loaded
 * table. A listed idiomatic query an engine has no own form of is left out silently (its
 * portable query is that engine's answer); only a missing portable query is `skipped`.
 */
export function selectQueries(ids: string[], ctx: PhaseContext): { run: string[]; skipped: string[] } {
  const supported = new Set(ctx.target.session.supportedQueries());
  ids = ids.filter((id) => supported.has(id) || queryById(id)?.variant !== 'idiomatic');
  const wanted = ids.length > 0 ? ids : QUERIES.filter((q) => ctx.tables.includes(q.table) && !q.onlyWhenNamed).map((q) => q.id);
  return { run: wanted.filter((id) => supported.has(id)), skipped: wanted.filter((id) => !supported.has(id)) };
}

export const runner: PhaseRunner<QueryPhase> = {
  kind: 'query',
  trialwise: true,
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec);
    const { run, skipped } = selectQueries(spec.queries, ctx);
    for (const id of skipped) result.warnings.push(`query ${id} is not implemented by ${ctx.target.engine}`);
    const perQuery: Record<string, { rows: number; trials: { trial: number; p50: number; p99: number; max: number }[] }> = {};
    const trials = trialsToRun(spec, ctx);
    const total = run.length * trials.length * (spec.warmup + spec.iterations);
    const bar = ctx.progress(`${ctx.target.id} ${spec.id}`, total, 'queries');
    let done = 0;
    for (const id of run) {
      const def = queryById(id)!;
      const all: number[] = [];
      perQuery[id] = { rows: 0, trials: [] };
      for (const trial of trials) {
        const hist = new LatencyHistogram();
        for (let i = 0; i < spec.warmup + spec.iterations; i++) {
          if (ctx.signal.aborted) throw new Error('aborted');
          const t0 = nowMs();
          const answer = await ctx.target.session.runQuery(id, ctx.queryParams);
          const ms = nowMs() - t0;
          bar.update(++done, id);
          await yieldToEventLoop();
          const answerKey = `${spec.id}/${id}`;
          const first = ctx.state.answers.get(answerKey);
          perQuery[id].rows = (first ?? answer).rows.length;
          if (!first) {
            ctx.state.answers.set(answerKey, answer);
          } else if (i === 0) {
            // The same query on the same data must give the same answer every trial.
            const diff = diffAnswers(def, first, answer);
            if (diff.length > 0) throw new PhaseFailure(`query ${id} changed its answer between trials on ${ctx.target.id}: ${diff[0]}`);
          }
          if (i < spec.warmup) continue;
          hist.recordMs(ms);
          all.push(ms);
        }
        const s = hist.summary();
        perQuery[id].trials.push({ trial: trial + 1, p50: s.p50, p99: s.p99, max: s.max });
      }
      result.metrics[`${id}.p50_ms`] = metric(
        `${def.title} — p50`,
        'ms',
        'lower',
        'p50',
        'iteration',
        all.map((x) => round(x, 4)),
      );
      result.metrics[`${id}.p99_ms`] = metric(
        `${def.title} — p99`,
        'ms',
        'lower',
        'p99',
        'iteration',
        all.map((x) => round(x, 4)),
      );
      if (perQuery[id].rows === 0) result.warnings.push(`query ${id} returned no rows (is its table loaded?)`);
    }
    bar.stop();
    result.trials = Object.entries(perQuery).map(([query, q]) => ({ query, rows: q.rows, trials: q.trials }));
    result.details = {
      method: `hot: each query runs ${spec.warmup} untimed warm-up time(s), then ${spec.iterations} timed iterations per trial, ${spec.trials} trial(s); latency = client-side wall time from sending the query to having the whole normalized answer; p50/p99 over all timed iterations; the interval comes from the per-trial p50/p99 (95% rerun interval, measure/paired.ts), never from iterations of one trial; trials interleaved across targets round by round; plans made after ANALYZE of the loaded tables, with jit=off on SQL engines and the plan-changing settings recorded per target (environment: engine settings); portable queries run the same SQL text on every SQL engine, *_idiomatic queries an engine's own SQL for the same question; bounds are absolute instants from the anchor: [${new Date(ctx.queryParams.fromMs).toISOString()}, ${new Date(ctx.queryParams.toMs).toISOString()})`,
      queries: run,
      params: { ...ctx.queryParams, from: new Date(ctx.queryParams.fromMs).toISOString(), to: new Date(ctx.queryParams.toMs).toISOString() },
    };
    return finish(result, started);
  },
};
