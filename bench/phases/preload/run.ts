/**
 * preload: bulk load of history, closed loop at maximum throughput. Every trial starts from an
 * empty table and loads the same rows, so the table holds exactly one copy afterwards.
 */
import type { PreloadPhase } from './spec.js';
import { generateBatches } from '../../generate/index.js';
import { streamSpec } from '../streams.js';
import { closedLoop } from '../write/loops.js';
import { ceilingWarning } from '../write/ceiling.js';
import { finish, metric, newPhaseResult, round, trialsToRun, verifyRowCount, withWriters } from '../common.js';
import type { PhaseRunner } from '../types.js';

export const runner: PhaseRunner<PreloadPhase> = {
  kind: 'preload',
  trialwise: true,
  plan(spec, scenario) {
    const anchor = scenario.dataset.anchorMs;
    return [streamSpec(scenario, spec.table, `preload:${spec.id}`, anchor - spec.spanMs, anchor, spec.rows)];
  },
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    const stream = ctx.streams[0];
    const rates: number[] = [];
    let prepared: { method: string; ms: number } | undefined;
    for (const trial of trialsToRun(spec, ctx)) {
      await ctx.target.session.truncate(spec.table);
      ctx.state.expectedRows.set(spec.table, 0);
      const bar = ctx.progress(`${ctx.target.id} ${spec.id} trial ${trial + 1}/${spec.trials}`, stream.rows, 'rows');
      const r = await withWriters(ctx, spec.table, spec.method, spec.workers, (writers) =>
        closedLoop({
          source: generateBatches(stream, spec.batchSize),
          writers,
          intervalMs: 1000,
          signal: ctx.signal,
          onProgress: (done) => bar.update(done),
        }),
      );
      ctx.state.expectedRows.set(spec.table, r.rows);
      const counted = await verifyRowCount(ctx, spec.table);
      bar.stop(`${r.rows} rows in ${r.seconds.toFixed(2)} s = ${Math.round(r.rowsPerSec)} rows/s (count verified: ${counted})`);
      rates.push(r.rowsPerSec);
      const ceiling = ceilingWarning(trial + 1, r.rowsPerSec, r.harnessCeilingRowsPerSec, r.encodedBeforeClock);
      if (ceiling) result.warnings.push(ceiling);
      // Planner state after the load that stays (the last trial's): ANALYZE on SQL engines.
      if (trial === spec.trials - 1 && ctx.target.session.prepareForQueries) {
        prepared = await ctx.target.session.prepareForQueries([spec.table]);
        ctx.log.info(`${spec.id}: ${prepared.method} took ${prepared.ms.toFixed(0)} ms`);
      }
      result.trials.push({
        trial: trial + 1,
        rows: r.rows,
        batches: r.batches,
        seconds: round(r.seconds),
        rowsPerSec: round(r.rowsPerSec, 1),
        harnessMs: round(r.harnessMs, 1),
        harnessCeilingRowsPerSec: r.harnessCeilingRowsPerSec === null ? null : round(r.harnessCeilingRowsPerSec, 1),
        encoding: r.encoding,
        encodedBeforeClock: r.encodedBeforeClock,
        acknowledgement: r.acknowledgement,
        batchLatency: r.batchLatency,
        intervals: r.intervals,
        startEpochMs: Math.round(r.startEpochMs),
        countedRows: counted,
        ...(prepared ? { afterLoad: prepared.method, afterLoadMs: round(prepared.ms, 1) } : {}),
      });
    }
    result.metrics.rows_per_s = metric('preload throughput', 'rows/s', 'higher', 'median', 'trial', rates);
    result.details = {
      method: `closed loop: ${spec.workers} writer(s) each sending its next ${spec.batchSize}-row batch (${spec.method}) as soon as the previous one is accepted (over a PostgreSQL wire connection all of a writer's batches go through one COPY kept open, as psql \\copy sends a file: acknowledgement 'per stream'; otherwise each batch is acknowledged); table truncated before each trial; rows/s = rows / wall time from first send to last acknowledgement (generation and encoding run in a worker thread, up to 256 MiB before the clock starts, when the writer allows it; their CPU time is reported as harnessMs and as the harness ceiling, rows/s); row count verified in the engine after every trial; trials interleaved across targets round by round${prepared ? `; after the last trial: ${prepared.method} (${Math.round(prepared.ms)} ms, not timed as load)` : ''}`,
      rows: stream.rows,
      spanMs: spec.spanMs,
      batchSize: spec.batchSize,
      workers: spec.workers,
      writeMethod: spec.method,
    };
    return finish(result, started);
  },
};
