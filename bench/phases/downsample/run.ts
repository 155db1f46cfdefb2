/**
 * downsample: the aggregate set of bench/queries/aggregates.ts, created by every engine that
 * supports downsampling in its own mechanism (continuous aggregates, materialized views,
 * continuous queries + backfill). Per aggregate: refresh time, size, and its raw query timed on
 * raw data and from the aggregate — with the two answers checked equal. Totals (refresh_ms,
 * aggregate_bytes) sum the aggregates.
 */
import type { DownsamplePhase } from './spec.js';
import { aggregateById } from '../../queries/aggregates.js';
import { queryById } from '../../queries/catalog.js';
import { diffAnswers } from '../../queries/compare.js';
import { nowMs, yieldToEventLoop } from '../../measure/clock.js';
import { finish, metric, newPhaseResult, round, unsupported } from '../common.js';
import { type PhaseRunner } from '../types.js';
import { PhaseFailure } from '../../core/errors.js';
import type { QueryAnswer } from '../../queries/catalog.js';
import type { AggregateRecord } from './result.js';

export const runner: PhaseRunner<DownsamplePhase> = {
  kind: 'downsample',
  async run(spec, ctx) {
    const capability = ctx.target.session.downsample;
    if (!capability) return unsupported(spec, `${ctx.target.engine} has no downsampling mechanism`);
    const started = performance.now();
    const result = newPhaseResult(spec);
    const created = await capability.setup(ctx.tables, ctx.queryParams);
    const supported = new Set(ctx.target.session.supportedQueries());

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

    // Three passes: refresh every aggregate (each timed alone), then sizes (an engine that must
    // wait for a cache flush, InfluxDB, waits once for all), then the query comparisons.
    const definitions = created.map((id) => {
      const agg = aggregateById(id);
      if (!agg) throw new PhaseFailure(`${ctx.target.id} created aggregate '${id}', which is not in bench/queries/aggregates.ts`);
      return agg;
    });
    const refreshMs = new Map<string, number>();
    for (const agg of definitions) {
      if (ctx.signal.aborted) throw new Error('aborted');
      const t0 = nowMs();
      await capability.refresh(agg.id, ctx.queryParams);
      refreshMs.set(agg.id, nowMs() - t0);
    }
    const aggregates: AggregateRecord[] = [];
    let totalRefreshMs = 0;
    let totalBytes = 0;
    for (const agg of definitions) {
      const id = agg.id;
      const ms = refreshMs.get(id)!;
      const bytes = await capability.storageBytes(id);
      const cells = capability.rowCount ? await capability.rowCount(id) : null;
      totalRefreshMs += ms;
      totalBytes += bytes;
      result.metrics[`${id}.refresh_ms`] = metric(`${agg.title}: refresh / backfill time`, 'ms', 'lower', 'value', 'trial', [round(ms, 2)]);
      result.metrics[`${id}.bytes`] = metric(`${agg.title}: aggregate size`, 'bytes', 'lower', 'value', 'exact', [bytes]);
      aggregates.push({
        // name/bucketMs/rows/bytes: the shape capacity projections read (bench/capacity/inputs.ts).
        name: id,
        object: capability.objectName(id),
        table: agg.table,
        bucket: agg.bucket.column,
        bucketMs: agg.bucket.widthMs,
        ...(cells !== null ? { rows: cells } : {}),
        bytes,
        query: agg.answers.queryId,
        refreshMs: round(ms, 2),
      });
    }
    for (const [k, agg] of definitions.entries()) {
      const id = agg.id;
      const entry = aggregates[k];
      const def = queryById(agg.answers.queryId);
      if (def && supported.has(def.id)) {
        const raw = await time(() => ctx.target.session.runQuery(def.id, ctx.queryParams));
        const fromAggregate = await time(() => capability.runAggregateQuery(id, ctx.queryParams));
        const diff = diffAnswers(def, raw.answer, fromAggregate.answer);
        if (diff.length > 0) throw new PhaseFailure(`aggregate ${id} answers ${def.id} differently from the raw data on ${ctx.target.id}: ${diff.slice(0, 2).join('; ')}`);
        result.metrics[`${id}.raw_p50_ms`] = metric(`${def.title} on raw data — p50`, 'ms', 'lower', 'p50', 'iteration', raw.samples);
        result.metrics[`${id}.aggregate_p50_ms`] = metric(`${def.title} from aggregate ${id} — p50`, 'ms', 'lower', 'p50', 'iteration', fromAggregate.samples);
        Object.assign(entry, { answerRows: raw.answer.rows.length, answersAgree: true });
      } else {
        result.warnings.push(`aggregate ${id}: raw query ${agg.answers.queryId} is not implemented by ${ctx.target.engine}; no latency comparison`);
      }
    }
    result.metrics.refresh_ms = metric('refresh / backfill time of all aggregates', 'ms', 'lower', 'value', 'trial', [round(totalRefreshMs, 2)]);
    result.metrics.aggregate_bytes = metric('storage of all aggregates', 'bytes', 'lower', 'value', 'exact', [totalBytes]);
    result.trials = [{ trial: 1, refreshMs: round(totalRefreshMs, 2), aggregateBytes: totalBytes, created, aggregates }];
    result.details = {
      method:
        `${capability.method}; the same aggregate set on every engine (bench/queries/aggregates.ts: ${created.join(', ') || 'none for the loaded tables'}); ` +
        `each aggregate is created, then refreshed and timed alone (one after another), then sizes measured; then each aggregate's raw query is timed on raw data and from the aggregate ` +
        `(${spec.warmup} warm-up, ${spec.iterations} iterations each) and the two answers are checked equal`,
      aggregates,
    };
    return finish(result, started);
  },
};
