/**
 * ingest: open-loop writes at a target rate (the seed's "10k points/sec"). Each trial writes
 * its own slice of live data after the anchor, so trials never collide and answers of the
 * 7-day queries (which end at the anchor) are unaffected.
 */
import type { IngestPhase } from './spec.js';
import { generateBatches } from '../../generate/index.js';
import { liveTrialStreams } from '../streams.js';
import { openLoop } from '../write/loops.js';
import { ceilingWarning } from '../write/ceiling.js';
import { addExpectedRows, finish, metric, newPhaseResult, round, trialsToRun, verifyRowCount, withWriters } from '../common.js';
import type { PhaseRunner } from '../types.js';

export const runner: PhaseRunner<IngestPhase> = {
  kind: 'ingest',
  trialwise: true,
  plan: (spec, scenario, cursor) => liveTrialStreams(scenario, cursor, spec),
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    let noBatch: string | undefined;
    const samples = { achieved: [] as number[], p50: [] as number[], p99: [] as number[], p999: [] as number[], lag99: [] as number[], service50: [] as number[] };
    for (const trial of trialsToRun(spec, ctx)) {
      const stream = ctx.streams[trial];
      const bar = ctx.progress(`${ctx.target.id} ${spec.id} trial ${trial + 1}/${spec.trials} @ ${spec.rate} rows/s`, stream.rows, 'rows');
      const r = await withWriters(ctx, spec.table, spec.method, spec.workers, (writers) =>
        openLoop({
          source: generateBatches(stream, spec.batchSize),
          writers,
          rate: spec.rate,
          batchSize: spec.batchSize,
          warmupMs: spec.warmupMs,
          maxLagMs: spec.maxLagMs,
          intervalMs: spec.intervalMs,
          ...(ctx.shard ? { scheduleOffsetMs: ctx.shard.scheduleOffsetMs((spec.batchSize / spec.rate) * 1000) } : {}),
          signal: ctx.signal,
          onProgress: (done) => bar.update(done),
        }),
      );
      addExpectedRows(ctx, spec.table, r.rows);
      const counted = await verifyRowCount(ctx, spec.table);
      bar.stop(
        `target ${spec.rate} rows/s, achieved ${Math.round(r.achievedRate)} rows/s; batch latency p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms; lag p99 ${r.lag.p99.toFixed(1)} ms; dropped ${r.droppedBatches} batches, late ${r.lateBatches}`,
      );
      if (r.droppedBatches > 0)
        result.warnings.push(`trial ${trial + 1}: ${r.droppedBatches} batches (${r.droppedRows} rows) dropped: they could not start within ${spec.maxLagMs} ms of their schedule`);
      if (r.achievedRate < 0.95 * spec.rate) result.warnings.push(`trial ${trial + 1}: achieved ${Math.round(r.achievedRate)} rows/s, below 95% of the target ${spec.rate} rows/s`);
      const ceiling = ceilingWarning(trial + 1, r.achievedRate, r.harnessCeilingRowsPerSec);
      if (ceiling) result.warnings.push(ceiling);
      if (r.latency.count > 0) {
        samples.achieved.push(r.achievedRate);
        samples.p50.push(r.latency.p50);
        samples.p99.push(r.latency.p99);
        samples.p999.push(r.latency['p99.9']);
        samples.lag99.push(r.lag.p99);
        samples.service50.push(r.serviceTime.p50);
      } else {
        noBatch = `trial ${trial + 1}: no batch was scheduled after the ${spec.warmupMs} ms warm-up (batch interval ${((spec.batchSize / spec.rate) * 1000).toFixed(0)} ms, trial ${spec.durationMs} ms): nothing measured`;
        result.warnings.push(noBatch);
      }
      result.trials.push({
        trial: trial + 1,
        targetRate: spec.rate,
        achievedRate: round(r.achievedRate, 1),
        rows: r.rows,
        measuredRows: r.measuredRows,
        batches: r.batches,
        seconds: round(r.seconds),
        dropped: r.droppedBatches,
        droppedRows: r.droppedRows,
        late: r.lateBatches,
        lagGrowthMs: round(r.lagGrowthMs),
        latency: r.latency,
        serviceTime: r.serviceTime,
        lag: r.lag,
        intervals: r.intervals,
        startEpochMs: Math.round(r.startEpochMs),
        harnessMs: round(r.harnessMs, 1),
        harnessCeilingRowsPerSec: r.harnessCeilingRowsPerSec === null ? null : round(r.harnessCeilingRowsPerSec, 1),
        countedRows: counted,
      });
    }
    const metrics: [string, string, 'rows/s' | 'ms', 'lower' | 'higher', number[]][] = [
      ['achieved_rows_per_s', 'ingest achieved rate', 'rows/s', 'higher', samples.achieved],
      ['latency_p50_ms', 'ingest batch latency p50 (from schedule)', 'ms', 'lower', samples.p50],
      ['latency_p99_ms', 'ingest batch latency p99 (from schedule)', 'ms', 'lower', samples.p99],
      ['latency_p999_ms', 'ingest batch latency p99.9 (from schedule)', 'ms', 'lower', samples.p999],
      ['service_p50_ms', 'ingest batch service time p50', 'ms', 'lower', samples.service50],
      ['lag_p99_ms', 'ingest schedule lag p99', 'ms', 'lower', samples.lag99],
    ];
    for (const [key, label, unit, better, values] of metrics) {
      if (values.length > 0) result.metrics[key] = metric(label, unit, better, 'median', 'trial', values);
      else (result.noData ??= {})[key] = noBatch ?? 'no measured batch';
    }
    result.details = {
      method: `open loop: batch i of ${spec.batchSize} rows is due at t0 + i x ${spec.batchSize}/${spec.rate} s; ${spec.workers} writer(s) (${spec.method}); latency = acknowledgement - scheduled start (includes queueing behind slow batches: no coordinated omission); lag = actual send - scheduled start; a batch not sent within ${spec.maxLagMs} ms of its schedule is dropped and counted; the first ${spec.warmupMs} ms of every trial are excluded from statistics; each trial APPENDS its own slice of live rows (timestamps after the anchor), so the table grows trial by trial (${spec.trials} x ${Math.round((spec.rate * spec.durationMs) / 1000)} rows); trials interleaved across targets round by round; percentiles from an HDR histogram per trial, metrics are the median over trials with a 95% rerun interval from the per-trial values (measure/paired.ts); row count verified in the engine after every trial`,
      targetRate: spec.rate,
      trialsAppend: true,
      durationMs: spec.durationMs,
      warmupMs: spec.warmupMs,
      batchSize: spec.batchSize,
      workers: spec.workers,
      writeMethod: spec.method,
    };
    return finish(result, started);
  },
};
