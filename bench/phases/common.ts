/** Small helpers shared by phases: result scaffolding, metric shortcuts, writer pools, row checks. */
import type { TableWriter } from '../core/engine.js';
import type { Metric, MetricUnit, PhaseResultOf, Statistic } from '../core/results.js';
import type { PhaseKind, PhaseSpec } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import { makeMetric } from '../measure/stats.js';
import { type PhaseContext } from './types.js';
import { PhaseFailure } from '../core/errors.js';

/** An empty result of the spec's kind; the phase fills trials, metrics and (at its end) details. */
export function newPhaseResult<K extends PhaseKind>(spec: { id: string; kind: K }, table?: string): PhaseResultOf<K> {
  const result = {
    id: spec.id,
    kind: spec.kind,
    ...(table ? { table } : {}),
    status: 'ok' as const,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    trials: [],
    metrics: {},
    warnings: [],
  };
  // The common fields of every kind, with no trial yet: a result of kind K (TypeScript cannot
  // resolve the distributive PhaseResultOf for a generic K).
  return result as unknown as PhaseResultOf<K>;
}

export function finish<R extends { durationMs: number }>(result: R, startedMs: number): R {
  result.durationMs = Math.round(performance.now() - startedMs);
  return result;
}

/** The phase ran to no end: the engine lacks the capability. No details. */
export function unsupported<K extends PhaseKind>(spec: { id: string; kind: K }, message: string): PhaseResultOf<K> {
  return { ...newPhaseResult(spec), status: 'unsupported', message };
}

export function metric(label: string, unit: MetricUnit, better: 'lower' | 'higher', statistic: Statistic, sampleKind: Metric['sampleKind'], samples: number[]): Metric {
  return makeMetric({ label, unit, better, statistic, sampleKind, samples });
}

/** Opens `count` writers (capped by what the endpoint allows) and closes them after `body`. */
export async function withWriters<T>(ctx: PhaseContext, table: TableName, method: 'copy' | 'insert', count: number, body: (writers: TableWriter[]) => Promise<T>): Promise<T> {
  const writers: TableWriter[] = [];
  try {
    for (let i = 0; i < count; i++) writers.push(await ctx.target.session.writer(table, method));
    return await body(writers);
  } finally {
    await Promise.allSettled(writers.map((w) => w.close()));
  }
}

/** Counts the table in the engine and fails the target loudly when a row is missing or extra. */
export async function verifyRowCount(ctx: PhaseContext, table: TableName): Promise<number> {
  const expected = ctx.state.expectedRows.get(table) ?? 0;
  // A shard shares the table with the other shards: the engine's count is the union's, which
  // shard 0 checks once every shard has written (bench/shard/barrier.ts waitForUnion).
  if (ctx.shard) return expected;
  const actual = await ctx.target.session.count(table);
  if (actual !== expected) {
    throw new PhaseFailure(
      `row count check failed for ${table} on ${ctx.target.id}: expected ${expected}, the engine holds ${actual} (${actual < expected ? expected - actual + ' rows lost' : actual - expected + ' unexpected rows'})`,
    );
  }
  return actual;
}

export function addExpectedRows(ctx: PhaseContext, table: TableName, rows: number): void {
  ctx.state.expectedRows.set(table, (ctx.state.expectedRows.get(table) ?? 0) + rows);
}

/** The trial indices (0-based) this call runs: the runner's one trial, or all of them. */
export function trialsToRun(spec: PhaseSpec, ctx: Pick<PhaseContext, 'trial'>): number[] {
  if (ctx.trial !== undefined) return [ctx.trial];
  return Array.from({ length: spec.trials }, (_, i) => i);
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
