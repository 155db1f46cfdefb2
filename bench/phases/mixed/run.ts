/**
 * mixed: queries under load. The named range queries run back to back while open-loop ingest
 * runs at the target rate; query latency under load is reported beside the idle figures of
 * an earlier query phase, and the ingest lag/latency beside an earlier idle ingest phase.
 *
 * The query loop yields to the event loop (setImmediate) after every query: an in-process
 * engine (PGlite) resolves its queries through microtasks only, and a loop that never yields
 * would starve the ingest schedule's timers (and signal handlers) for ever.
 */
import type { MixedPhase } from './spec.js';
import type { PhaseResult } from '../../core/results.js';
import { generateBatches } from '../../generate/index.js';
import { liveTrialStreams } from '../streams.js';
import { queryById } from '../../queries/catalog.js';
import { LatencyHistogram } from '../../measure/histogram.js';
import { nowMs, yieldToEventLoop } from '../../measure/clock.js';
import { openLoop } from '../write/loops.js';
import { ceilingWarning } from '../write/ceiling.js';
import { addExpectedRows, finish, metric, newPhaseResult, round, trialsToRun, verifyRowCount, withWriters } from '../common.js';
import { selectQueries } from '../query/run.js';
import type { PhaseRunner } from '../types.js';
import type { MixedQuery } from './result.js';

export const runner: PhaseRunner<MixedPhase> = {
  kind: 'mixed',
  plan: (spec, scenario, cursor) => liveTrialStreams(scenario, cursor, spec),
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    const { run: queries, skipped } = selectQueries(spec.queries, ctx);
    for (const id of skipped) result.warnings.push(`query ${id} is not implemented by ${ctx.target.engine}`);
    const underLoad = new Map<string, number[]>(queries.map((q) => [q, []]));
    const ingest = { p50: [] as number[], p99: [] as number[], lag99: [] as number[], achieved: [] as number[] };
    for (const trial of trialsToRun(spec, ctx)) {
      const stream = ctx.streams[trial];
      const bar = ctx.progress(`${ctx.target.id} ${spec.id} trial ${trial + 1}/${spec.trials} (ingest @ ${spec.rate} rows/s + queries)`, stream.rows, 'rows');
      let ingestDone = false;
      const queryLoop = async () => {
        let i = 0;
        while (!ingestDone && queries.length > 0) {
          if (ctx.signal.aborted) throw new Error('aborted');
          const id = queries[i++ % queries.length];
          const t0 = nowMs();
          await ctx.target.session.runQuery(id, ctx.queryParams);
          if (!ingestDone) underLoad.get(id)!.push(round(nowMs() - t0, 4));
          await yieldToEventLoop();
        }
      };
      // Settled at once (no unhandled rejection while the ingest runs); rethrown after it.
      const queriesRunning = queryLoop().then(
        () => null,
        (err: unknown) => err,
      );
      let r: Awaited<ReturnType<typeof openLoop>> | undefined;
      let ingestError: unknown = null;
      try {
        r = await withWriters(ctx, spec.table, 'copy', spec.workers, (writers) =>
          openLoop({
            source: generateBatches(stream, spec.batchSize),
            writers,
            rate: spec.rate,
            batchSize: spec.batchSize,
            warmupMs: Math.min(2000, spec.durationMs * 0.2),
            maxLagMs: Math.max(5000, spec.durationMs),
            intervalMs: 1000,
            signal: ctx.signal,
            onProgress: (n) => bar.update(n),
          }),
        );
      } catch (err) {
        ingestError = err;
      }
      ingestDone = true;
      // Never leave a query running on a session the caller may close next.
      const queryError = await queriesRunning;
      if (ingestError) throw ingestError;
      if (queryError) throw queryError;
      if (!r) throw new Error('mixed: the ingest gave no result');
      addExpectedRows(ctx, spec.table, r.rows);
      await verifyRowCount(ctx, spec.table);
      bar.stop(
        `ingest achieved ${Math.round(r.achievedRate)} rows/s, p99 ${r.latency.p99.toFixed(1)} ms, lag p99 ${r.lag.p99.toFixed(1)} ms; ${[...underLoad.values()].reduce((a, x) => a + x.length, 0)} queries so far`,
      );
      ingest.p50.push(r.latency.p50);
      ingest.p99.push(r.latency.p99);
      ingest.lag99.push(r.lag.p99);
      ingest.achieved.push(r.achievedRate);
      result.trials.push({
        trial: trial + 1,
        rows: r.rows,
        achievedRate: round(r.achievedRate, 1),
        latency: r.latency,
        lag: r.lag,
        dropped: r.droppedBatches,
        droppedRows: r.droppedRows,
        harnessMs: round(r.harnessMs, 1),
        harnessCeilingRowsPerSec: r.harnessCeilingRowsPerSec === null ? null : round(r.harnessCeilingRowsPerSec, 1),
        intervals: r.intervals,
      });
      const ceiling = ceilingWarning(trial + 1, r.achievedRate, r.harnessCeilingRowsPerSec);
      if (ceiling) result.warnings.push(ceiling);
    }
    result.metrics.ingest_achieved_rows_per_s = metric('ingest achieved rate under query load', 'rows/s', 'higher', 'median', 'trial', ingest.achieved);
    result.metrics.ingest_latency_p99_ms = metric('ingest batch latency p99 under query load', 'ms', 'lower', 'median', 'trial', ingest.p99);
    result.metrics.ingest_lag_p99_ms = metric('ingest schedule lag p99 under query load', 'ms', 'lower', 'median', 'trial', ingest.lag99);
    const table: MixedQuery[] = [];
    for (const [id, samples] of underLoad) {
      if (samples.length === 0) {
        result.warnings.push(`query ${id} never completed while the ingest ran (each run outlasted the ${spec.durationMs / 1000} s trial or came after it): no latency under load`);
        continue;
      }
      const title = queryById(id)!.title;
      result.metrics[`${id}.p50_ms`] = metric(`${title} under load — p50`, 'ms', 'lower', 'p50', 'iteration', samples);
      result.metrics[`${id}.p99_ms`] = metric(`${title} under load — p99`, 'ms', 'lower', 'p99', 'iteration', samples);
      const hist = new LatencyHistogram();
      for (const s of samples) hist.recordMs(s);
      const summary = hist.summary();
      table.push({
        query: id,
        runs: samples.length,
        p50Ms: summary.p50,
        p99Ms: summary.p99,
        idleP50Ms: idleFigure(ctx.state.idlePhases, 'query', `${id}.p50_ms`),
        idleP99Ms: idleFigure(ctx.state.idlePhases, 'query', `${id}.p99_ms`),
      });
    }
    result.details = {
      method: `one query loop runs the listed queries back to back (round robin) while ${spec.workers} writer(s) ingest open-loop at ${spec.rate} rows/s for ${spec.durationMs / 1000} s per trial; query latency is client wall time; idle figures come from the earlier query/ingest phases of the same target`,
      queries: table,
      idleIngestLatencyP99Ms: idleFigure(ctx.state.idlePhases, 'ingest', 'latency_p99_ms'),
      idleIngestLagP99Ms: idleFigure(ctx.state.idlePhases, 'ingest', 'lag_p99_ms'),
    };
    return finish(result, started);
  },
};

function idleFigure(phases: PhaseResult[], kind: string, metricKey: string): number | null {
  const p = phases.find((x) => x.kind === kind && x.metrics[metricKey]);
  return p ? p.metrics[metricKey].value : null;
}
