/**
 * growth: throughput as the table grows. One deterministic stream of `rows` rows is loaded
 * closed-loop in `steps` equal steps on top of whatever the table holds; rows/s and batch
 * latency are recorded per step, so the curve shows when plain PostgreSQL's index outgrows
 * memory and whether hypertable chunking keeps the rate flat (the situation behind the seed's
 * "10x faster inserts").
 */
import type { GrowthPhase } from './spec.js';
import type { Row } from '../../core/tables.js';
import type { BatchSource } from '../../generate/types.js';
import { generateBatches } from '../../generate/index.js';
import { streamSpec } from '../streams.js';
import { closedLoop } from '../write/loops.js';
import { addExpectedRows, finish, metric, newPhaseResult, round, verifyRowCount, withWriters } from '../common.js';
import type { PhaseRunner } from '../types.js';
import type { GrowthStep } from './result.js';

/** Hands out batches from `source` until `limit` rows have been taken (the last batch may be cut). */
export function takeRows(source: BatchSource, limit: number): BatchSource {
  let left = limit;
  return {
    next(): IteratorResult<Row[], void> {
      if (left <= 0) return { done: true, value: undefined };
      const n = source.next();
      if (n.done) return n;
      if (n.value.length > left) throw new Error('takeRows: step size must be a multiple of the batch size');
      left -= n.value.length;
      return n;
    },
  };
}

/** The live time span a growth stream covers: one simulated second per 1,000 rows, at least a day. */
export function growthSpanMs(rows: number): number {
  return Math.max(86_400_000, rows);
}

export const runner: PhaseRunner<GrowthPhase> = {
  kind: 'growth',
  plan(spec, scenario, cursor) {
    const span = growthSpanMs(spec.rows);
    const startMs = cursor.next(spec.table, span);
    return [streamSpec(scenario, spec.table, `growth:${spec.id}`, startMs, startMs + span, spec.rows)];
  },
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    const stream = ctx.streams[0];
    const perStep = Math.ceil(stream.rows / spec.steps / spec.batchSize) * spec.batchSize;
    const source = generateBatches(stream, spec.batchSize);
    const startRows = ctx.state.expectedRows.get(spec.table) ?? 0;
    const steps: GrowthStep[] = [];
    const rates: number[] = [];
    const bar = ctx.progress(`${ctx.target.id} ${spec.id}`, stream.rows, 'rows');
    let loaded = 0;
    for (let step = 1; loaded < stream.rows; step++) {
      const want = Math.min(perStep, stream.rows - loaded);
      const base = loaded;
      const r = await withWriters(ctx, spec.table, 'copy', spec.workers, (writers) =>
        closedLoop({ source: takeRows(source, want), writers, intervalMs: 1000, signal: ctx.signal, onProgress: (n) => bar.update(base + n) }),
      );
      loaded += r.rows;
      addExpectedRows(ctx, spec.table, r.rows);
      rates.push(r.rowsPerSec);
      steps.push({
        step,
        tableRowsAfter: startRows + loaded,
        rows: r.rows,
        rowsPerSec: round(r.rowsPerSec, 1),
        batchP50Ms: round(r.batchLatency.p50),
        batchP99Ms: round(r.batchLatency.p99),
        seconds: round(r.seconds),
      });
      if (r.rows === 0) break;
    }
    bar.stop(`${loaded} rows in ${steps.length} steps; rows/s first step ${Math.round(rates[0] ?? 0)}, last step ${Math.round(rates[rates.length - 1] ?? 0)}`);
    await verifyRowCount(ctx, spec.table);
    result.trials = steps;
    if (rates.length > 0) {
      result.metrics.first_step_rows_per_s = metric('growth: rows/s in the first step', 'rows/s', 'higher', 'value', 'trial', [round(rates[0], 1)]);
      result.metrics.last_step_rows_per_s = metric('growth: rows/s in the last step', 'rows/s', 'higher', 'value', 'trial', [round(rates[rates.length - 1], 1)]);
      result.metrics.last_to_first_ratio = metric('growth: last-step / first-step rate', 'ratio', 'higher', 'value', 'trial', [round(rates[rates.length - 1] / rates[0], 4)]);
    }
    if (steps.length < spec.steps) {
      result.warnings.push(
        `${steps.length} step(s) instead of ${spec.steps}: steps are whole batches, and ${stream.rows} rows make only ${steps.length} step(s) of ${perStep} rows with batches of ${spec.batchSize}`,
      );
    }
    if (spec.trials > 1) result.warnings.push('growth runs once (the table keeps growing): trials do not apply');
    result.details = {
      method: `closed loop (${spec.workers} writers, COPY batches of ${spec.batchSize}) loading ${stream.rows} rows in ${spec.steps} steps of ~${perStep} rows on top of the ${startRows} rows already there; rows/s and batch latency per step; row count verified at the end`,
      steps,
      startRows,
    };
    return finish(result, started);
  },
};
