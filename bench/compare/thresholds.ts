/**
 * Default decision thresholds of the regression gate, the classification of a metric into an
 * effect kind, and the parsing of overrides (`--min-effect kind=0.1`, scenario `compare:`).
 */
import type { Scenario } from '../core/scenario.js';
import type { Metric } from '../core/results.js';

/** Which minimum effect applies to a sampled metric. */
export type EffectKind = 'throughput' | 'latency' | 'query' | 'maxRate' | 'other';

export const EFFECT_KINDS: readonly EffectKind[] = ['throughput', 'latency', 'query', 'maxRate', 'other'];

/** Minimum relative change (fraction) before a significant difference counts. */
export const DEFAULT_MIN_EFFECT: Readonly<Record<EffectKind, number>> = {
  throughput: 0.1,
  latency: 0.15,
  query: 0.15,
  maxRate: 0.1,
  other: 0.1,
};

/** Two-sided Mann-Whitney U significance level. */
export const DEFAULT_ALPHA = 0.01;
/** Relative tolerance for deterministic ('exact') figures. */
export const DEFAULT_EXACT_TOLERANCE = 1e-9;
/** Fewer samples than this on a side: a sampled metric is not comparable. */
export const MIN_SAMPLES = 2;
export const DEFAULT_BOOTSTRAP_ITERATIONS = 2000;

/**
 * Effect kind of a sampled metric, from data only (unit, phase kind, key): rows/s in a
 * saturate/capacity phase or with a key naming a max / sustainable rate -> maxRate; other rows/s -> throughput;
 * ms in a query-like phase or with "query" in the key -> query; other ms -> latency; else other.
 */
export function effectKindOf(phaseKind: string, metricKey: string, metric: Pick<Metric, 'unit'>): EffectKind {
  if (metric.unit === 'rows/s') {
    return /sustainable|max.?rate/i.test(metricKey) || /capacity|saturat/i.test(phaseKind) ? 'maxRate' : 'throughput';
  }
  if (metric.unit === 'ms') {
    if (/query|downsample/i.test(phaseKind) || /query/i.test(metricKey)) return 'query';
    return 'latency';
  }
  return 'other';
}

/** Units of timings: never deterministic, whatever the sampleKind says. */
export const TIMING_UNITS: ReadonlySet<string> = new Set(['ms', 'rows/s']);

/**
 * A deterministic figure (storage bytes, bytes/row, ratios, counts) is compared exactly. An
 * 'exact' metric in a timing unit (a single measured duration or rate per run) is not
 * deterministic: it is compared as a sample of one per run (pooled runs give the samples).
 */
export function isDeterministic(metric: Pick<Metric, 'sampleKind' | 'unit'>): boolean {
  return metric.sampleKind === 'exact' && !TIMING_UNITS.has(metric.unit);
}

/** "0.1", "10%", 0.1 -> 0.1. Throws on anything else (negative, NaN, >= 100%). */
export function parseFraction(value: unknown, what: string): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim().endsWith('%')) n = Number(value.trim().slice(0, -1)) / 100;
  else if (typeof value === 'string' && value.trim() !== '') n = Number(value.trim());
  else n = Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new Error(`${what}: expected a fraction like 0.1 or 10%, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * `--min-effect` entries: `key=value` where key is an effect kind, a unit (ms, rows/s, ...) or a
 * metric key `${phase.id}.${metricKey}`; value a fraction (0.1) or percent (10%).
 */
export function parseMinEffectFlags(entries: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of entries) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) throw new Error(`--min-effect ${entry}: expected kind=fraction (kinds: ${EFFECT_KINDS.join(', ')}, or phase.metric)`);
    const key = entry.slice(0, eq).trim();
    out[key] = parseFraction(entry.slice(eq + 1), `--min-effect ${key}`);
  }
  return out;
}

/** The scenario's `compare.minEffect` section (same keys as the flag; the schema allows units), or {}. */
export function minEffectFromScenario(scenario: Pick<Scenario, 'compare'> | undefined): Record<string, number> {
  const section = scenario?.compare;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(section?.minEffect ?? {})) {
    out[key] = parseFraction(value, `scenario compare.minEffect.${key}`);
  }
  return out;
}

/** The scenario's `compare.alpha`, if any. */
export function alphaFromScenario(scenario: Pick<Scenario, 'compare'> | undefined): number | undefined {
  const section = scenario?.compare;
  return section?.alpha === undefined ? undefined : parseFraction(section.alpha, 'scenario compare.alpha');
}

/**
 * Minimum effect for one metric. Override keys, most specific first: the metric key
 * `${phase.id}.${metricKey}`, the effect kind ('throughput', 'latency', 'query', 'maxRate',
 * 'other'), the unit ('ms', 'rows/s', ... — the form scenario.schema.json's compare.minEffect
 * accepts); else the default of the kind.
 */
export function minEffectFor(overrides: Record<string, number>, kind: EffectKind, metricKey: string, unit: string): number {
  return overrides[metricKey] ?? overrides[kind] ?? overrides[unit] ?? DEFAULT_MIN_EFFECT[kind];
}
