/**
 * Finding a metric in results.json by its global key `${phaseId}.${metricName}`. Phase ids
 * contain no dot; metric names may (`ticks_7d_hourly.p50_ms`), so the key splits at the
 * first dot.
 */
import type { Metric, PhaseResult, Results, TargetResult } from '../core/results.js';

export interface MetricKey {
  phase: string;
  name: string;
}

export function splitMetricKey(key: string): MetricKey {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) return { phase: key, name: '' };
  return { phase: key.slice(0, dot), name: key.slice(dot + 1) };
}

export function phaseOf(target: TargetResult, phaseId: string): PhaseResult | undefined {
  return target.phases.find((p) => p.id === phaseId);
}

/** The metric on one target, or why it is not there (for reasons shown in reports). */
export type MetricLookup = { found: true; metric: Metric; phase: PhaseResult } | { found: false; why: string };

export function lookupMetric(target: TargetResult, key: string): MetricLookup {
  const { phase: phaseId, name } = splitMetricKey(key);
  const phase = phaseOf(target, phaseId);
  if (!phase) return { found: false, why: `${target.id} has no phase "${phaseId}"` };
  const metric = name ? phase.metrics[name] : undefined;
  if (metric) return { found: true, metric, phase };
  const noData = name ? phase.noData?.[name] : undefined;
  if (noData) return { found: false, why: `${target.id} ${key}: no data — ${noData}` };
  if (phase.status !== 'ok') {
    const message = phase.message ? `: ${phase.message}` : '';
    return { found: false, why: `${target.id} phase "${phaseId}" ${phase.status}${message}` };
  }
  return { found: false, why: `${target.id} has no metric "${key}"` };
}

export function metricOf(target: TargetResult, key: string): Metric | undefined {
  const found = lookupMetric(target, key);
  return found.found ? found.metric : undefined;
}

/** Targets of one engine, in results order. */
export function targetsOfEngine(results: Results, engine: string): TargetResult[] {
  return results.targets.filter((t) => t.engine === engine);
}
