/**
 * The aggregate set of bench/queries/aggregates.ts (the same set every engine creates) in
 * InfluxDB terms: from each AggregateDefinition, the fields the aggregate measurement stores,
 * the 1.x continuous query, the 1.x `SELECT ... INTO` backfill, the 2.x task's Flux, and the
 * InfluxQL that answers the raw catalogue query from the aggregate.
 *
 * Averages are stored as a sum and a count (`sum_<col>`, `n_<col>`; avg = sum / count) so a
 * coarser answer stays exact; count(*) counts the table's never-null field. Each aggregate gets
 * its own retention policy `tsdb_bench_agg_<id>` in the table's database (own shards, so its
 * bytes are separable per aggregate and from the table) and measurement `<id>`, one point per
 * bucket and group tag.
 *
 * For a consumer (1.x CQs here, 2.x tasks): influxAggregate(def) gives fields + `every`;
 * intoStatement / fluxAggregate build the writes; aggregateReadStatement + aggregateRow the read.
 */
import type { TableName } from '../../core/tables.js';
import { AGGREGATES, aggregateWindow, bucketBoundsProblem, type AggregateDefinition } from '../../queries/aggregates.js';
import type { QueryParams } from '../../queries/catalog.js';
import { ident, qualified, str, window } from './influxql.js';
import { NEVER_NULL_FIELD } from './queries.js';
import { fluxString } from './requests.js';

/** Retention policies holding aggregates start with this (excluded from table storage). */
export const AGGREGATE_RP_PREFIX = 'tsdb_bench_agg_';

export interface AggregateField {
  /** Field name in the aggregate measurement. */
  name: string;
  fn: 'SUM' | 'COUNT' | 'MAX' | 'MIN' | 'FIRST' | 'LAST';
  /** Source field. */
  of: string;
}

export interface InfluxAggregate {
  def: AggregateDefinition;
  table: TableName;
  /** Tags kept (the definition's group keys). */
  tags: string[];
  fields: AggregateField[];
  /** GROUP BY time() / aggregateWindow width, e.g. `1h`, `1m`. */
  every: string;
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms}ms`;
}

export function influxAggregate(def: AggregateDefinition): InfluxAggregate {
  const fields: AggregateField[] = def.columns.flatMap((c): AggregateField[] => {
    const of = c.of ?? NEVER_NULL_FIELD[def.table];
    switch (c.fn) {
      case 'avg':
        return [
          { name: `sum_${c.name}`, fn: 'SUM', of },
          { name: `n_${c.name}`, fn: 'COUNT', of },
        ];
      case 'sum':
        return [{ name: c.name, fn: 'SUM', of }];
      case 'count':
        return [{ name: c.name, fn: 'COUNT', of }];
      default:
        return [{ name: c.name, fn: c.fn.toUpperCase() as AggregateField['fn'], of }];
    }
  });
  return { def, table: def.table, tags: [...def.groupBy], fields, every: duration(def.bucket.widthMs) };
}

/** The aggregate set in InfluxDB terms, catalogue order. */
export const INFLUX_AGGREGATES: readonly InfluxAggregate[] = AGGREGATES.map(influxAggregate);

export function influxAggregatesFor(tables: readonly TableName[]): InfluxAggregate[] {
  return INFLUX_AGGREGATES.filter((a) => tables.includes(a.table));
}

export function aggregateRp(aggregateId: string): string {
  return `${AGGREGATE_RP_PREFIX}${aggregateId}`;
}

export function isAggregateRp(rp: string): boolean {
  return rp.startsWith(AGGREGATE_RP_PREFIX);
}

/** The aggregate measurement's name. */
export function aggregateMeasurement(aggregateId: string): string {
  return aggregateId;
}

/** `"db"."tsdb_bench_agg_<id>"."<id>"`. */
export function aggregateTarget(a: InfluxAggregate, database: string): string {
  return qualified(database, aggregateRp(a.def.id), aggregateMeasurement(a.def.id));
}

function selectList(a: InfluxAggregate): string {
  return a.fields.map((f) => `${f.fn}(${ident(f.of)}) AS ${ident(f.name)}`).join(', ');
}

function groupBy(a: InfluxAggregate): string {
  return [`time(${a.every})`, ...a.tags.map(ident)].join(', ');
}

/** The SELECT ... INTO both the CQ and the backfill run (without / with a time window). */
export function intoStatement(a: InfluxAggregate, database: string, measurement: string, win?: { fromMs: number; toMs: number }): string {
  const where = win ? ` WHERE ${window(win.fromMs, win.toMs)}` : '';
  return `SELECT ${selectList(a)} INTO ${aggregateTarget(a, database)} FROM ${qualified(database, 'autogen', measurement)}${where} GROUP BY ${groupBy(a)}`;
}

export function cqName(aggregateId: string): string {
  return `tsdb_bench_${aggregateId}`;
}

/** 1.x: the continuous query that keeps the aggregate up to date for new data. */
export function createCqStatement(a: InfluxAggregate, database: string, measurement: string): string {
  return `CREATE CONTINUOUS QUERY ${ident(cqName(a.def.id))} ON ${ident(database)} BEGIN ${intoStatement(a, database, measurement)} END`;
}

export function createAggregateRpStatement(aggregateId: string, database: string): string {
  return `CREATE RETENTION POLICY ${ident(aggregateRp(aggregateId))} ON ${ident(database)} DURATION INF REPLICATION 1`;
}

/** Floors to the aggregate's bucket (InfluxDB aligns GROUP BY time() buckets to the epoch). */
function floorBucket(a: InfluxAggregate, ms: number): number {
  return Math.floor(ms / a.def.bucket.widthMs) * a.def.bucket.widthMs;
}

/** InfluxQL reading the aggregate rows that answer its raw query; throws for bounds cutting a bucket. */
export function aggregateReadStatement(a: InfluxAggregate, target: string, p: QueryParams): string {
  const win = aggregateWindow(a.def, p);
  const problem = bucketBoundsProblem(a.def, win);
  if (problem) throw new Error(problem);
  const filter = a.def.answers.filter ? `${ident(a.def.answers.filter.column)} = ${str(p[a.def.answers.filter.param])} AND ` : '';
  const fields = a.fields.map((f) => ident(f.name)).join(', ');
  return `SELECT ${fields} FROM ${target} WHERE ${filter}${window(floorBucket(a, win.fromMs), win.toMs)} GROUP BY ${a.tags.map(ident).join(', ')}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** An aggregate row (bucket time as the bucket column, tags, fields) as the raw query's row. */
export function aggregateRow(a: InfluxAggregate, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { [a.def.bucket.column]: row[a.def.bucket.column] };
  for (const tag of a.tags) out[tag] = row[tag] ?? null;
  for (const c of a.def.columns) {
    if (c.fn === 'avg') {
      const sum = num(row[`sum_${c.name}`]);
      const n = num(row[`n_${c.name}`]);
      out[c.name] = sum === null || n === null || n === 0 ? null : sum / n;
    } else out[c.name] = row[c.name] ?? null;
  }
  return out;
}

/**
 * 2.x: the Flux of a task writing the same aggregate fields, one pipeline per field, from
 * `bucket` (measurement `measurement`) into `targetBucket` (measurement `<aggregate id>`).
 * With `range` it is a one-off backfill over [fromMs, toMs); without, a task over the last period.
 */
export function fluxAggregate(a: InfluxAggregate, bucket: string, measurement: string, targetBucket: string, range?: { fromMs: number; toMs: number }): string {
  const fluxFn: Record<AggregateField['fn'], string> = { SUM: 'sum', COUNT: 'count', MAX: 'max', MIN: 'min', FIRST: 'first', LAST: 'last' };
  const rangeExpr = range ? `range(start: ${new Date(range.fromMs).toISOString()}, stop: ${new Date(range.toMs).toISOString()})` : 'range(start: -task.every)';
  const header = range ? '' : `option task = {name: ${fluxString(cqName(a.def.id))}, every: ${a.every}}\n\n`;
  const tags = `[${a.tags.map(fluxString).join(', ')}]`;
  const pipelines = a.fields.map(
    (f) =>
      `from(bucket: ${fluxString(bucket)})\n` +
      `  |> ${rangeExpr}\n` +
      `  |> filter(fn: (r) => r._measurement == ${fluxString(measurement)} and r._field == ${fluxString(f.of)})\n` +
      `  |> group(columns: ${tags})\n` +
      `  |> aggregateWindow(every: ${a.every}, fn: ${fluxFn[f.fn]}, createEmpty: false, timeSrc: "_start")\n` +
      `  |> map(fn: (r) => ({r with _measurement: ${fluxString(aggregateMeasurement(a.def.id))}, _field: ${fluxString(f.name)}}))\n` +
      `  |> to(bucket: ${fluxString(targetBucket)}, tagColumns: ${tags})`,
  );
  return header + pipelines.join('\n\n') + '\n';
}

/** Body of TasksAPI.postTasks for an aggregate (2.x). */
export function taskPayload(orgID: string, flux: string): { orgID: string; flux: string; status: 'active'; description: string } {
  return { orgID, flux, status: 'active', description: 'tsdb-bench aggregate (deleted at the end of the run)' };
}
