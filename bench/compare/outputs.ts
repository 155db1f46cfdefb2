/**
 * Machine-readable outputs for continuous-benchmarking services:
 *
 * - github-action-benchmark "custom" tools: a JSON array of `{ name, unit, value, range?, extra? }`
 *   per direction (`customSmallerIsBetter` / `customBiggerIsBetter`); `range` is a string like
 *   "± 12.3" (half-width of the 95% CI), `extra` free text shown in the tooltip.
 * - Bencher Metric Format (BMF): `{ "<benchmark>": { "<measure slug>": { value, lower_value?,
 *   upper_value? } } }`, for `bencher run --adapter json --file bencher.json`.
 *
 * Benchmark names are the metric identity `${target.id} ${phase.id}.${metricKey}` (prefixed
 * with `${scenario}/` only when the input holds several scenarios). BMF measures are one per
 * unit (latency-ms, throughput-rows-per-s, storage-bytes, ...) so a Bencher threshold applies
 * to metrics of one unit.
 */
import type { Metric, MetricUnit, Results } from '../core/results.js';
import type { Comparison } from './types.js';

export interface GithubBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

export interface GithubActionBenchmark {
  /** For `tool: customSmallerIsBetter`. */
  customSmallerIsBetter: GithubBenchmarkEntry[];
  /** For `tool: customBiggerIsBetter`. */
  customBiggerIsBetter: GithubBenchmarkEntry[];
}

export interface BmfValue {
  value: number;
  lower_value?: number;
  upper_value?: number;
}
export type BencherMetricFormat = Record<string, Record<string, BmfValue>>;

/** BMF measure slug per unit (kebab case, <= 64 characters). */
export const BMF_MEASURE: Readonly<Record<MetricUnit, string>> = {
  ms: 'latency-ms',
  'rows/s': 'throughput-rows-per-s',
  bytes: 'storage-bytes',
  'bytes/row': 'bytes-per-row',
  ratio: 'ratio',
  count: 'count',
  percent: 'percent',
};

interface FlatMetric {
  scenario: string;
  name: string;
  metric: Metric;
}

function flatten(runs: readonly Results[]): FlatMetric[] {
  const multi = new Set(runs.map((r) => r.scenario.name)).size > 1;
  const out: FlatMetric[] = [];
  for (const run of runs) {
    for (const target of run.targets) {
      for (const phase of target.phases ?? []) {
        if (phase.status !== 'ok') continue;
        for (const [key, metric] of Object.entries(phase.metrics ?? {})) {
          const id = `${target.id} ${phase.id}.${key}`;
          out.push({ scenario: run.scenario.name, name: multi ? `${run.scenario.name}/${id}` : id, metric });
        }
      }
    }
  }
  return out;
}

const round = (x: number): number => Number(x.toPrecision(10));

function halfWidth(value: number, ci: [number, number] | null): string | undefined {
  if (!ci) return undefined;
  return `± ${round(Math.max(Math.abs(value - ci[0]), Math.abs(ci[1] - value)))}`;
}

function isComparison(x: unknown): x is Comparison {
  return !!x && typeof x === 'object' && Array.isArray((x as Comparison).groups) && 'counts' in (x as object);
}

/**
 * github-action-benchmark input from results (every metric of every run, newest value wins on
 * duplicate names) or from a comparison (the current side, with baseline and verdict in `extra`).
 */
export function toGithubActionBenchmark(input: Comparison | Results | readonly Results[]): GithubActionBenchmark {
  const out: GithubActionBenchmark = { customSmallerIsBetter: [], customBiggerIsBetter: [] };
  const byName = new Map<string, { better: Metric['better']; entry: GithubBenchmarkEntry }>();
  if (isComparison(input)) {
    const multi = new Set(input.groups.map((g) => g.scenario)).size > 1;
    for (const line of input.groups.flatMap((g) => g.lines)) {
      if (!line.current) continue;
      const extra = [
        `${line.statistic} of ${line.current.n} ${line.effectKind === 'exact' ? 'run(s)' : 'sample(s)'}`,
        line.baseline ? `baseline ${round(line.baseline.value)}` : 'no baseline',
        line.changePct !== null ? `change ${line.changePct.toFixed(2)}%` : '',
        line.pValue !== null ? `p=${line.pValue.toPrecision(3)}` : '',
        `verdict: ${line.verdict}${line.mismatch ? ` ${line.mismatch}` : ''}`,
      ].filter(Boolean);
      const range = halfWidth(line.current.value, line.current.ci95);
      byName.set(multi ? `${line.scenario}/${line.id}` : line.id, {
        better: line.better,
        entry: { name: multi ? `${line.scenario}/${line.id}` : line.id, unit: line.unit, value: round(line.current.value), ...(range ? { range } : {}), extra: extra.join('\n') },
      });
    }
  } else {
    const runs = Array.isArray(input) ? (input as readonly Results[]) : [input as Results];
    for (const { name, metric } of flatten(runs)) {
      const range = halfWidth(metric.value, metric.ci95);
      const extra = `${metric.label}; ${metric.statistic} of ${metric.samples?.length ?? 0} ${metric.sampleKind} sample(s)`;
      byName.set(name, { better: metric.better, entry: { name, unit: metric.unit, value: round(metric.value), ...(range ? { range } : {}), extra } });
    }
  }
  for (const { better, entry } of byName.values()) {
    if (!Number.isFinite(entry.value)) continue;
    (better === 'lower' ? out.customSmallerIsBetter : out.customBiggerIsBetter).push(entry);
  }
  return out;
}

/** Bencher Metric Format of every metric in the given run(s); lower/upper from the 95% CI. */
export function toBencherMetricFormat(input: Results | readonly Results[]): BencherMetricFormat {
  const runs = Array.isArray(input) ? (input as readonly Results[]) : [input as Results];
  const out: BencherMetricFormat = {};
  for (const { name, metric } of flatten(runs)) {
    if (!Number.isFinite(metric.value)) continue;
    const value: BmfValue = { value: round(metric.value) };
    if (metric.ci95 && Number.isFinite(metric.ci95[0]) && Number.isFinite(metric.ci95[1])) {
      value.lower_value = round(metric.ci95[0]);
      value.upper_value = round(metric.ci95[1]);
    }
    out[name] = { ...(out[name] ?? {}), [BMF_MEASURE[metric.unit] ?? slug(metric.unit)]: value };
  }
  return out;
}

/** Kebab-case slug, at most 64 characters. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 64) || 'value'
  );
}
