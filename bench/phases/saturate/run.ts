/**
 * saturate: the maximum sustainable ingest rate. Open-loop steps at geometrically rising rates
 * (startRate x stepFactor^k) until a step breaks the SLO (achieved < minAchievedRatio x rate,
 * schedule lag growing, or p99 above the bound), then bisection between the last good and the
 * first bad rate while the time budget lasts. Each step writes fresh live rows in a time region
 * reserved for this phase, and every row is counted afterwards.
 */
import type { Scenario } from '../../core/scenario.js';
import type { SaturatePhase } from './spec.js';
import type { TableName } from '../../core/tables.js';
import { generateBatches, type StreamSpec } from '../../generate/index.js';
import { streamSpec } from '../streams.js';
import { nowMs, sleepUntil } from '../../measure/clock.js';
import { openLoop, type OpenLoopResult } from '../write/loops.js';
import { addExpectedRows, finish, metric, newPhaseResult, round, verifyRowCount, withWriters } from '../common.js';
import type { PhaseContext, PhaseRunner } from '../types.js';
import type { SaturateDetails, SaturateStep } from './result.js';

export type { SaturateStep } from './result.js';

/** The generator gives every row a unique µs timestamp, so one stream holds at most 1M rows/s. */
export const MAX_GENERATED_RATE = 1_000_000;

/** Judges a step against the SLO; returns '' when sustained, else the reasons. */
export function judgeStep(r: Pick<OpenLoopResult, 'achievedRate' | 'lagGrowthMs' | 'droppedBatches'> & { p99: number }, rate: number, slo: SaturatePhase['slo']): string {
  const reasons: string[] = [];
  if (r.achievedRate < slo.minAchievedRatio * rate)
    reasons.push(`achieved ${Math.round(r.achievedRate)} rows/s < ${Math.round(slo.minAchievedRatio * 100)}% of ${Math.round(rate)}`);
  if (r.lagGrowthMs > slo.maxLagGrowthMs) reasons.push(`schedule lag grew by ${Math.round(r.lagGrowthMs)} ms over the step (> ${slo.maxLagGrowthMs} ms)`);
  if (r.p99 > slo.maxP99Ms) reasons.push(`batch latency p99 ${Math.round(r.p99)} ms > ${slo.maxP99Ms} ms`);
  if (r.droppedBatches > 0) reasons.push(`${r.droppedBatches} batches dropped`);
  return reasons.join('; ');
}

/**
 * The rate search, independent of how a step is run (so it can be tested on its own):
 * geometric steps, then bisection until the bracket is within `tolerance` (relative) or the
 * budget says stop.
 */
export async function searchMaxRate(opts: {
  startRate: number;
  maxRate: number;
  stepFactor: number;
  tolerance: number;
  runStep: (rate: number, refine: boolean) => Promise<{ sustained: boolean }>;
  budgetLeft: () => boolean;
}): Promise<{ lastGood: number | null; firstBad: number | null; stoppedBy: string }> {
  let lastGood: number | null = null;
  let firstBad: number | null = null;
  let rate = Math.min(opts.startRate, opts.maxRate);
  for (;;) {
    if (!opts.budgetLeft()) return { lastGood, firstBad, stoppedBy: 'time budget' };
    const s = await opts.runStep(rate, false);
    if (s.sustained) {
      lastGood = rate;
      if (rate >= opts.maxRate) return { lastGood, firstBad, stoppedBy: `maxRate ${opts.maxRate} sustained` };
      rate = Math.min(rate * opts.stepFactor, opts.maxRate);
    } else {
      firstBad = rate;
      break;
    }
  }
  while (firstBad !== null && (lastGood === null ? true : firstBad / lastGood > 1 + opts.tolerance)) {
    if (!opts.budgetLeft()) return { lastGood, firstBad, stoppedBy: 'time budget' };
    const low = lastGood ?? firstBad / opts.stepFactor ** 2;
    const mid = Math.round(Math.sqrt(low * firstBad));
    if (mid <= low || mid >= firstBad) break;
    const s = await opts.runStep(mid, true);
    if (s.sustained) lastGood = mid;
    else firstBad = mid;
  }
  return { lastGood, firstBad, stoppedBy: 'bracket within tolerance' };
}

/** The rate the scenario needs (capacity.rate, else the first ingest phase's rate on that table). */
export function neededRate(scenario: Scenario, table: TableName): number | null {
  if (scenario.capacity?.rate) return scenario.capacity.rate;
  const ingest = scenario.phases.find((p) => p.kind === 'ingest' && p.table === table);
  return ingest?.kind === 'ingest' ? ingest.rate : null;
}

const SEARCH_TOLERANCE = 0.1;

/**
 * Pause after a failed step before the next one: a step the engine could not sustain leaves
 * background work behind (checkpoints, cache snapshots, compactions) that would otherwise slow
 * the next, lower step and bias the bisection low. One step duration, at most 5 s.
 */
export function settleMsAfterFailure(stepDurationMs: number): number {
  return Math.min(stepDurationMs, 5000);
}

export const runner: PhaseRunner<SaturatePhase> = {
  kind: 'saturate',
  plan(spec, _scenario, cursor) {
    // Reserve a live time region as long as the budget for this phase's steps.
    cursor.next(spec.table, spec.budgetMs * 2);
    return [];
  },
  async run(spec, ctx) {
    const started = performance.now();
    const result = newPhaseResult(spec, spec.table);
    const maxRate = Math.min(spec.maxRate, MAX_GENERATED_RATE);
    if (spec.maxRate > MAX_GENERATED_RATE) result.warnings.push(`maxRate capped at ${MAX_GENERATED_RATE} rows/s (one unique µs timestamp per row)`);
    const deadline = performance.now() + spec.budgetMs;
    const regionStart = ctx.liveStartMs ?? ctx.scenario.dataset.anchorMs;
    let cursorMs = regionStart;
    const steps: SaturateStep[] = [];
    let stepNo = 0;
    const settleMs = settleMsAfterFailure(spec.stepDurationMs);

    const runStep = async (rate: number, refine: boolean): Promise<{ sustained: boolean }> => {
      if (steps.length > 0 && !steps[steps.length - 1].sustained) await sleepUntil(nowMs() + settleMs, ctx.signal);
      stepNo++;
      const rows = Math.max(spec.batchSize, Math.round((rate * spec.stepDurationMs) / 1000));
      const stream = streamSpec(ctx.scenario, spec.table, `saturate:${spec.id}:${stepNo}`, cursorMs, cursorMs + spec.stepDurationMs, rows);
      cursorMs += spec.stepDurationMs;
      const bar = ctx.progress(`${ctx.target.id} ${spec.id} step ${stepNo} @ ${Math.round(rate)} rows/s`, rows, 'rows');
      const r = await runOpenLoopStep(ctx, spec, stream, rate, bar.update);
      addExpectedRows(ctx, spec.table, r.rows);
      const failure = judgeStep({ ...r, p99: r.latency.p99 }, rate, spec.slo);
      steps.push({
        rate: Math.round(rate),
        achievedRate: round(r.achievedRate, 1),
        p50Ms: round(r.latency.p50),
        p99Ms: round(r.latency.p99),
        lagP99Ms: round(r.lag.p99),
        lagGrowthMs: round(r.lagGrowthMs),
        droppedBatches: r.droppedBatches,
        rows: r.rows,
        seconds: round(r.seconds),
        harnessShare: round(r.harnessMs / 1000 / Math.max(r.seconds, 1e-9), 3),
        sustained: failure === '',
        failure,
        refine,
      });
      bar.stop(failure ? `NOT sustained: ${failure}` : `sustained (achieved ${Math.round(r.achievedRate)} rows/s, p99 ${r.latency.p99.toFixed(1)} ms)`);
      return { sustained: failure === '' };
    };

    const search = await searchMaxRate({
      startRate: spec.startRate,
      maxRate,
      stepFactor: spec.stepFactor,
      tolerance: SEARCH_TOLERANCE,
      runStep,
      budgetLeft: () => {
        const settling = steps.length > 0 && !steps[steps.length - 1].sustained ? settleMs : 0;
        return performance.now() + settling + spec.stepDurationMs * 1.5 < deadline && !ctx.signal.aborted;
      },
    });
    await verifyRowCount(ctx, spec.table);
    const needed = neededRate(ctx.scenario, spec.table);
    const firstFailure = steps.find((s) => !s.sustained && s.rate === Math.round(search.firstBad ?? -1));
    if (search.lastGood !== null) {
      result.metrics.max_sustained_rows_per_s = metric('maximum sustained ingest rate', 'rows/s', 'higher', 'value', 'trial', [search.lastGood]);
      if (search.firstBad !== null) {
        // One search gives one figure; what is known is the bracket it ended with.
        result.metrics.max_sustained_rows_per_s.ci95 = [search.lastGood, search.firstBad];
        result.metrics.max_sustained_rows_per_s.intervalNote = 'search bracket (highest sustained .. first failing rate)';
      }
      if (needed) result.metrics.headroom = metric(`headroom against ${needed} rows/s`, 'ratio', 'higher', 'value', 'trial', [round(search.lastGood / needed, 3)]);
    } else {
      result.warnings.push(`not even the start rate ${spec.startRate} rows/s was sustained`);
    }
    const busyHarness = firstFailure && firstFailure.harnessShare > 0.5 ? firstFailure : undefined;
    if (busyHarness) {
      result.warnings.push(
        `the harness spent ${Math.round(busyHarness.harnessShare * 100)}% of a core generating and encoding rows during the first failing step (${busyHarness.rate} rows/s): on a machine this small the limit found may be partly the harness's`,
      );
    }
    if (search.firstBad === null) result.warnings.push(`the search stopped (${search.stoppedBy}) before any step failed: the maximum is at least ${search.lastGood} rows/s`);
    result.trials = steps;
    const details: SaturateDetails = {
      method: `open-loop steps of ${spec.stepDurationMs / 1000} s (first 20% excluded as warm-up), rate x${spec.stepFactor} per step from ${spec.startRate} rows/s, then bisection (geometric mean) until the bracket is within ${SEARCH_TOLERANCE * 100}% or the ${spec.budgetMs / 1000} s budget is spent; a step is sustained when achieved >= ${spec.slo.minAchievedRatio * 100}% of the target, schedule lag grows by <= ${spec.slo.maxLagGrowthMs} ms over the step, batch p99 <= ${spec.slo.maxP99Ms} ms and nothing is dropped; ${spec.workers} writer(s), batches of ${spec.batchSize}; after a failed step the engine gets ${settleMs / 1000} s to settle before the next; each step records the share of its wall time the harness spent generating and encoding rows (harnessShare)`,
      maxSustained: search.lastGood,
      firstFailing: search.firstBad,
      firstFailureReason: firstFailure?.failure ?? null,
      stoppedBy: search.stoppedBy,
      settleMs,
      neededRate: needed,
      headroom: needed && search.lastGood ? round(search.lastGood / needed, 3) : null,
      steps,
    };
    result.details = details;
    return finish(result, started);
  },
};

async function runOpenLoopStep(ctx: PhaseContext, spec: SaturatePhase, stream: StreamSpec, rate: number, onProgress: (n: number) => void): Promise<OpenLoopResult> {
  return withWriters(ctx, spec.table, 'copy', spec.workers, (writers) =>
    openLoop({
      source: generateBatches(stream, spec.batchSize),
      writers,
      rate,
      batchSize: spec.batchSize,
      warmupMs: spec.stepDurationMs * 0.2,
      maxLagMs: Math.max(spec.stepDurationMs, 2000),
      intervalMs: 1000,
      signal: ctx.signal,
      onProgress,
    }),
  );
}
