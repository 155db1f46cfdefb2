/**
 * The metric catalogue: which metric names each phase kind writes into `PhaseResult.metrics`
 * (each kind declares them in its module: bench/phases/<kind>/spec.ts `metrics`), so a claim's metric key can be checked when the scenario is
 * loaded instead of turning out missing after the whole run (a misspelled gate would
 * otherwise be silently inconclusive). Per-query, per-aggregate and per-table names are
 * derived from the query catalogue, the aggregate set and the scenario's tables, never
 * hard-coded.
 *
 * Keep in step: a phase that writes a new metric declares it in its own module (a test reads
 * every kind's sources and checks each metric it writes is declared).
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

/**
 * The metric names one phase kind writes, declared by the kind itself (the `metrics` of its
 * module, bench/phases/<kind>/spec.ts): fixed names, and names written per table, per query the
 * phase runs, or per aggregate of the downsampling set.
 */
export interface PhaseMetrics {
  fixed?: readonly MetricEntry[];
  /** `<table>.<name>` for every table the scenario loads. */
  perTable?: readonly MetricEntry[];
  /** `<query id>.<name>` for every query the phase runs. */
  perQuery?: readonly MetricEntry[];
  /** `<aggregate id>.<name>` for every aggregate of bench/queries/aggregates.ts on the scenario's tables. */
  perAggregate?: readonly MetricEntry[];
}

/** Phase kind -> what it declares (the discovered phase modules, passed in by the caller). */
export type MetricDeclarations = ReadonlyMap<string, { readonly metrics?: PhaseMetrics }>;

/** Queries a phase may run: the listed ones, or every catalogued query on the scenario's tables. */
function queriesOf(phase: CataloguedPhase, tables: readonly string[]): string[] {
  const listed = [...(phase.queries ?? [])];
  if (listed.length > 0) return listed;
  return QUERIES.filter((q) => tables.includes(q.table) && !q.onlyWhenNamed).map((q) => q.id);
}

/** Every metric a phase of this kind can write, given the tables the scenario loads. */
export function phaseMetrics(phase: CataloguedPhase, tables: readonly string[], kinds: MetricDeclarations): MetricEntry[] {
  const declared = kinds.get(phase.kind)?.metrics ?? {};
  const out: MetricEntry[] = [...(declared.fixed ?? [])];
  const each = (ids: readonly string[], entries: readonly MetricEntry[] | undefined) => {
    for (const id of entries?.length ? ids : []) for (const m of entries!) out.push({ name: `${id}.${m.name}`, description: `${id} ${m.description}` });
  };
  each(tables, declared.perTable);
  each(declared.perQuery?.length ? queriesOf(phase, tables) : [], declared.perQuery);
  each(declared.perAggregate?.length ? aggregatesFor(tables as TableName[]).map((a) => a.id) : [], declared.perAggregate);
  return out;
}

/** Metric key (`<phase id>.<metric>`) -> entry, for every phase of a scenario. */
export function scenarioMetrics(
  phases: readonly CataloguedPhase[],
  tables: readonly string[],
  kinds: MetricDeclarations,
): Map<string, MetricEntry & { phase: string; kind: string }> {
  const out = new Map<string, MetricEntry & { phase: string; kind: string }>();
  for (const phase of phases) {
    for (const m of phaseMetrics(phase, tables, kinds)) out.set(`${phase.id}.${m.name}`, { ...m, phase: phase.id, kind: phase.kind });
  }
  return out;
}

/** The catalogue in general terms (no scenario): one line per metric pattern per phase kind. */
export function catalogueLines(kinds: MetricDeclarations): { kind: string; name: string; description: string }[] {
  const lines: { kind: string; name: string; description: string }[] = [];
  for (const [kind, { metrics = {} }] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) {
    for (const m of metrics.fixed ?? []) lines.push({ kind, ...m });
    for (const m of metrics.perTable ?? []) lines.push({ kind, name: `<table>.${m.name}`, description: m.description });
    for (const m of metrics.perQuery ?? []) lines.push({ kind, name: `<query id>.${m.name}`, description: m.description });
    for (const m of metrics.perAggregate ?? []) lines.push({ kind, name: `<aggregate id>.${m.name}`, description: m.description });
  }
  return lines;
}
