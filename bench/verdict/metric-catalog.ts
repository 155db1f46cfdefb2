/**
 * The metric catalogue: which metric names each phase kind writes into `PhaseResult.metrics`
 * (read off bench/phases/*.ts), so a claim's metric key can be checked when the scenario is
 * loaded instead of turning out missing after the whole run (a misspelled gate would
 * otherwise be silently inconclusive). Per-query, per-aggregate and per-table names are
 * derived from the query catalogue, the aggregate set and the scenario's tables, never
 * hard-coded.
 *
 * Keep in step with the phases: a phase that adds a metric adds its name here (the
 * bad-input tests load every shipped scenario, whose claims must all resolve).
 */
import type { TableName } from '../core/tables.js';
import { aggregatesFor } from '../queries/aggregates.js';
import { QUERIES } from '../queries/catalog.js';

/** What the catalogue needs to know about one phase of a scenario. */
export interface CataloguedPhase {
  id: string;
  kind: string;
  /** Query ids listed by query/mixed phases ([] or absent = every catalogued query on a loaded table). */
  queries?: readonly string[];
}

export interface MetricEntry {
  /** Metric name inside the phase, e.g. `ticks_7d_hourly.p50_ms`. */
  name: string;
  description: string;
}

/** Metric names a phase kind always writes. */
const FIXED: Readonly<Record<string, readonly MetricEntry[]>> = {
  preload: [{ name: 'rows_per_s', description: 'bulk-load throughput (median over trials)' }],
  ingest: [
    { name: 'achieved_rows_per_s', description: 'achieved ingest rate' },
    { name: 'latency_p50_ms', description: 'batch latency p50, from the schedule' },
    { name: 'latency_p99_ms', description: 'batch latency p99, from the schedule' },
    { name: 'latency_p999_ms', description: 'batch latency p99.9, from the schedule' },
    { name: 'service_p50_ms', description: 'batch service time p50' },
    { name: 'lag_p99_ms', description: 'schedule lag p99' },
  ],
  query: [],
  storage: [],
  compress: [
    { name: 'duration_ms', description: 'compression run time' },
    { name: 'units_compressed', description: 'chunks (or other units) compressed' },
    { name: 'rows_uncompressed', description: 'rows left in uncompressed units (when the engine reports it)' },
  ],
  retention: [
    { name: 'duration_ms', description: 'retention run time' },
    { name: 'rows_removed', description: 'rows removed by retention' },
  ],
  downsample: [
    { name: 'refresh_ms', description: 'refresh / backfill time of all aggregates' },
    { name: 'aggregate_bytes', description: 'storage of all aggregates' },
  ],
  saturate: [
    { name: 'max_sustained_rows_per_s', description: 'maximum sustained ingest rate' },
    { name: 'headroom', description: 'maximum sustained rate / the scenario\'s rate (when it has one)' },
  ],
  growth: [
    { name: 'first_step_rows_per_s', description: 'rows/s in the first step' },
    { name: 'last_step_rows_per_s', description: 'rows/s in the last step' },
    { name: 'last_to_first_ratio', description: 'last-step / first-step rate' },
  ],
  mixed: [
    { name: 'ingest_achieved_rows_per_s', description: 'achieved ingest rate under query load' },
    { name: 'ingest_latency_p99_ms', description: 'ingest batch latency p99 under query load' },
    { name: 'ingest_lag_p99_ms', description: 'ingest schedule lag p99 under query load' },
  ],
};

/** Per-table metric suffixes (`${table}.${suffix}`). */
const PER_TABLE: Readonly<Record<string, readonly MetricEntry[]>> = {
  storage: [
    { name: 'bytes', description: 'storage (allocated on disk, or the engine\'s figure)' },
    { name: 'bytes_per_row', description: 'bytes per row' },
    { name: 'engine_bytes', description: 'the engine\'s own size figure' },
  ],
  compress: [
    { name: 'compression_ratio', description: 'bytes before / bytes after compression' },
    { name: 'bytes_after', description: 'storage after compression' },
  ],
};

/** Per-query metric suffixes (`${queryId}.${suffix}`). */
const PER_QUERY: Readonly<Record<string, readonly MetricEntry[]>> = {
  query: [
    { name: 'p50_ms', description: 'latency p50' },
    { name: 'p99_ms', description: 'latency p99' },
  ],
  mixed: [
    { name: 'p50_ms', description: 'latency p50 under ingest load' },
    { name: 'p99_ms', description: 'latency p99 under ingest load' },
  ],
  // Per aggregate id of bench/queries/aggregates.ts (`${aggregateId}.${suffix}`).
  downsample: [
    { name: 'raw_p50_ms', description: 'its raw query\'s p50 on raw data' },
    { name: 'aggregate_p50_ms', description: 'its raw query\'s p50 from the aggregate' },
    { name: 'refresh_ms', description: 'refresh / backfill time' },
    { name: 'bytes', description: 'aggregate size' },
  ],
};

export const PHASE_KINDS_WITH_METRICS = Object.keys(FIXED);

/** Queries a phase may run: the listed ones, or every catalogued query on the scenario's tables; downsample: its aggregates. */
function queriesOf(phase: CataloguedPhase, tables: readonly string[]): string[] {
  if (phase.kind === 'downsample') return aggregatesFor(tables as TableName[]).map((a) => a.id);
  const listed = [...(phase.queries ?? [])];
  if (listed.length > 0) return listed;
  return QUERIES.filter((q) => tables.includes(q.table) && !q.onlyWhenNamed).map((q) => q.id);
}

/** Every metric a phase of this kind can write, given the tables the scenario loads. */
export function phaseMetrics(phase: CataloguedPhase, tables: readonly string[]): MetricEntry[] {
  const out: MetricEntry[] = [...(FIXED[phase.kind] ?? [])];
  for (const table of tables) {
    for (const m of PER_TABLE[phase.kind] ?? []) out.push({ name: `${table}.${m.name}`, description: `${table} ${m.description}` });
  }
  const perQuery = PER_QUERY[phase.kind] ?? [];
  if (perQuery.length > 0) {
    for (const id of queriesOf(phase, tables)) {
      for (const m of perQuery) out.push({ name: `${id}.${m.name}`, description: `${id} ${m.description}` });
    }
  }
  return out;
}

/** Metric key (`<phase id>.<metric>`) -> entry, for every phase of a scenario. */
export function scenarioMetrics(phases: readonly CataloguedPhase[], tables: readonly string[]): Map<string, MetricEntry & { phase: string; kind: string }> {
  const out = new Map<string, MetricEntry & { phase: string; kind: string }>();
  for (const phase of phases) {
    for (const m of phaseMetrics(phase, tables)) out.set(`${phase.id}.${m.name}`, { ...m, phase: phase.id, kind: phase.kind });
  }
  return out;
}

/** The catalogue in general terms (no scenario): one line per metric pattern per phase kind. */
export function catalogueLines(): { kind: string; name: string; description: string }[] {
  const lines: { kind: string; name: string; description: string }[] = [];
  for (const kind of PHASE_KINDS_WITH_METRICS) {
    for (const m of FIXED[kind] ?? []) lines.push({ kind, ...m });
    for (const m of PER_TABLE[kind] ?? []) lines.push({ kind, name: `<table>.${m.name}`, description: m.description });
    const prefix = kind === 'downsample' ? '<aggregate id>' : '<query id>';
    for (const m of PER_QUERY[kind] ?? []) lines.push({ kind, name: `${prefix}.${m.name}`, description: m.description });
  }
  return lines;
}
