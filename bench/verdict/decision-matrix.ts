/**
 * The seed's Decision Matrix rows that measurements can speak to (Performance, Scalability),
 * with the metrics used as evidence. The other rows (cost, familiarity...) are not measurable
 * by this harness and are not reproduced.
 */
import type { Metric, TargetResult } from '../core/results.js';
import { DASH, formatRatio } from '../format/numbers.js';
import { formatMetric } from '../format/metric.js';

export interface EvidenceSpec {
  label: string;
  /** Metric name inside a phase (first phase that has it), e.g. 'latency_p99_ms'. */
  metric: string;
  /** Preferred phase kind when several phases carry the metric. */
  kind?: string;
}

export interface DecisionRow {
  criterion: string;
  /** The seed's stars out of 5. */
  scores: { timescaledb: number; influxdb: number };
  winner: string;
  evidence: EvidenceSpec[];
}

export const SEED_DECISION_MATRIX: readonly DecisionRow[] = [
  {
    criterion: 'Performance',
    scores: { timescaledb: 4, influxdb: 5 },
    winner: 'InfluxDB',
    evidence: [
      { label: 'Ingest latency p99 at the target rate', metric: 'latency_p99_ms', kind: 'ingest' },
      { label: '7-day range query p50', metric: 'ticks_7d_hourly.p50_ms', kind: 'query' },
      { label: 'Bulk load throughput', metric: 'rows_per_s', kind: 'preload' },
    ],
  },
  {
    criterion: 'Scalability',
    scores: { timescaledb: 4, influxdb: 5 },
    winner: 'InfluxDB',
    evidence: [
      { label: 'Max sustained ingest rate', metric: 'max_sustained_rows_per_s', kind: 'capacity' },
      { label: 'Ingest rate achieved at the target rate', metric: 'achieved_rows_per_s', kind: 'ingest' },
    ],
  },
];

export function stars(score: number): string {
  return '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
}

export function evidenceMetric(target: TargetResult, ev: EvidenceSpec): Metric | undefined {
  const phases = [...target.phases].sort((a, b) => Number(b.kind === ev.kind) - Number(a.kind === ev.kind));
  for (const p of phases) if (p.metrics[ev.metric]) return p.metrics[ev.metric];
  return undefined;
}

/** Formatted evidence per target, and which engine leads on each runtime kind with a pair. */
export function evidenceFor(ev: EvidenceSpec, targets: TargetResult[]): { values: string[]; leader: string } {
  const metrics = targets.map((t) => evidenceMetric(t, ev));
  const values = metrics.map((m) => formatMetric(m));
  const leaders: string[] = [];
  const runtimes = [...new Set(targets.map((t) => t.runtime))];
  for (const runtime of runtimes) {
    const here = targets.map((t, i) => ({ t, m: metrics[i] })).filter((x): x is { t: TargetResult; m: Metric } => x.t.runtime === runtime && x.m !== undefined && x.m.value > 0);
    if (new Set(here.map((x) => x.t.engine)).size < 2) continue;
    const lowerBetter = here[0].m.better === 'lower';
    here.sort((a, b) => (lowerBetter ? a.m.value - b.m.value : b.m.value - a.m.value));
    const [best, next] = here;
    const ratio = lowerBetter ? next.m.value / best.m.value : best.m.value / next.m.value;
    leaders.push(`${best.t.engineTitle} on ${runtime} (${formatRatio(ratio)})`);
  }
  if (leaders.length > 0) return { values, leader: leaders.join('; ') };
  const measured = metrics.filter(Boolean).length;
  const why = measured < 2 ? 'not measured on both' : 'no same-runtime pair';
  return { values, leader: `${DASH} (${why})` };
}
