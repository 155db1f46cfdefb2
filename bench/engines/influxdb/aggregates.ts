/**
 * Hourly aggregates (the seed's continuous aggregates) for InfluxDB: their definition once, and
 * from it the 1.x continuous query, the 1.x `SELECT ... INTO` backfill, the 2.x task's Flux, and
 * the InfluxQL that answers the raw catalogue queries from the aggregate.
 *
 * The aggregate stores sums and counts (never averages) so that any coarser answer is exact:
 * avg = sum / count. Aggregates go to the retention policy DOWNSAMPLED_RP of the table's database
 * (own shards, so their bytes are separable) in measurement `<table>_1h`, one point per hour and
 * group tag.
 */
import type { QueryParams } from '../../queries/catalog.js';
import type { TableName } from '../../core/tables.js';
import { floorHour, ident, qualified, window } from './influxql.js';
import { fluxString } from './requests.js';

export const DOWNSAMPLED_RP = 'tsdb_bench_1h';

export interface AggregateField {
  /** Field name in the aggregate measurement. */
  name: string;
  fn: 'SUM' | 'COUNT' | 'MAX';
  /** Source field. */
  of: string;
}

export interface AggregateSpec {
  table: TableName;
  /** Tags kept (the queries' group keys). */
  tags: string[];
  fields: AggregateField[];
  /** Raw query id -> how to answer it from this aggregate. */
  answers: Record<string, AggregateAnswer>;
}

export interface AggregateAnswer {
  /** InfluxQL over the aggregate measurement `target` (already qualified). */
  build(target: string, p: QueryParams): string;
  timeAs: string | null;
  /** Turns an aggregate row (tags + fields) into the catalogue row. */
  toRow(row: Record<string, unknown>): Record<string, unknown>;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const ratio = (s: unknown, n: unknown): number | null => {
  const sum = num(s);
  const count = num(n);
  return sum === null || count === null || count === 0 ? null : sum / count;
};
/** Aggregate points are per hour: the hour window starts at the first bucket holding `from`. */
const hours = (p: QueryParams): string => window(floorHour(p.fromMs), p.toMs);

export const AGGREGATES: readonly AggregateSpec[] = [
  {
    table: 'source_reliability_metrics',
    tags: ['source_ref'],
    fields: [
      { name: 'sum_trust', fn: 'SUM', of: 'trust_score' },
      { name: 'n_trust', fn: 'COUNT', of: 'trust_score' },
      { name: 'max_errors', fn: 'MAX', of: 'error_rate' },
      { name: 'samples', fn: 'COUNT', of: 'response_time_ms' },
    ],
    answers: {
      source_hourly_stats: {
        build: (t, p) => `SELECT "sum_trust", "n_trust", "max_errors", "samples" FROM ${t} WHERE ${hours(p)} GROUP BY "source_ref"`,
        timeAs: 'hour',
        toRow: (r) => ({ hour: r.hour, source_ref: r.source_ref, avg_trust: ratio(r.sum_trust, r.n_trust), max_errors: r.max_errors ?? null, sample_count: r.samples }),
      },
      sources_7d_avg_trust: {
        build: (t, p) => `SELECT SUM("sum_trust") AS "sum_trust", SUM("n_trust") AS "n_trust", SUM("samples") AS "samples" FROM ${t} WHERE ${hours(p)} GROUP BY "source_ref"`,
        timeAs: null,
        toRow: (r) => ({ source_ref: r.source_ref, avg_trust: ratio(r.sum_trust, r.n_trust) }),
      },
    },
  },
  {
    table: 'market_price_ticks',
    tags: ['symbol'],
    fields: [
      { name: 'sum_price', fn: 'SUM', of: 'price' },
      { name: 'n_price', fn: 'COUNT', of: 'price' },
      { name: 'sum_volume', fn: 'SUM', of: 'volume' },
    ],
    answers: {
      ticks_7d_hourly: {
        build: (t, p) => `SELECT "sum_price", "n_price", "sum_volume" FROM ${t} WHERE ${hours(p)} GROUP BY "symbol"`,
        timeAs: 'hour',
        toRow: (r) => ({ hour: r.hour, symbol: r.symbol, avg_price: ratio(r.sum_price, r.n_price), total_volume: r.sum_volume ?? null, ticks: r.n_price }),
      },
    },
  },
  {
    table: 'sentiment_scores',
    tags: ['narrative_id'],
    fields: [
      { name: 'sum_sentiment', fn: 'SUM', of: 'sentiment_score' },
      { name: 'n_sentiment', fn: 'COUNT', of: 'sentiment_score' },
      { name: 'sum_volume', fn: 'SUM', of: 'volume' },
      { name: 'samples', fn: 'COUNT', of: 'volume' },
    ],
    answers: {
      sentiment_hourly: {
        build: (t, p) => `SELECT "sum_sentiment", "n_sentiment", "sum_volume", "samples" FROM ${t} WHERE ${hours(p)} GROUP BY "narrative_id"`,
        timeAs: 'hour',
        toRow: (r) => ({ hour: r.hour, narrative_id: r.narrative_id, avg_sentiment: ratio(r.sum_sentiment, r.n_sentiment), total_volume: r.sum_volume ?? null, samples: r.samples }),
      },
    },
  },
];

export function aggregateFor(table: TableName): AggregateSpec | undefined {
  return AGGREGATES.find((a) => a.table === table);
}

export function aggregateMeasurement(measurement: string): string {
  return `${measurement}_1h`;
}

function selectList(spec: AggregateSpec): string {
  return spec.fields.map((f) => `${f.fn}(${ident(f.of)}) AS ${ident(f.name)}`).join(', ');
}

function groupBy(spec: AggregateSpec): string {
  return ['time(1h)', ...spec.tags.map(ident)].join(', ');
}

/** The SELECT ... INTO both the CQ and the backfill run (without / with a time window). */
export function intoStatement(spec: AggregateSpec, database: string, measurement: string, win?: { fromMs: number; toMs: number }): string {
  const into = qualified(database, DOWNSAMPLED_RP, aggregateMeasurement(measurement));
  const where = win ? ` WHERE ${window(win.fromMs, win.toMs)}` : '';
  return `SELECT ${selectList(spec)} INTO ${into} FROM ${qualified(database, 'autogen', measurement)}${where} GROUP BY ${groupBy(spec)}`;
}

export function cqName(measurement: string): string {
  return `tsdb_bench_${measurement}_1h`;
}

/** 1.x: the continuous query that keeps the aggregate up to date for new data. */
export function createCqStatement(spec: AggregateSpec, database: string, measurement: string): string {
  return `CREATE CONTINUOUS QUERY ${ident(cqName(measurement))} ON ${ident(database)} BEGIN ${intoStatement(spec, database, measurement)} END`;
}

export function createDownsampledRpStatement(database: string): string {
  return `CREATE RETENTION POLICY ${ident(DOWNSAMPLED_RP)} ON ${ident(database)} DURATION INF REPLICATION 1`;
}

/**
 * 2.x: the Flux of a task writing the same aggregate fields, one pipeline per field, from
 * `bucket` (measurement `measurement`) into `targetBucket` (measurement `<measurement>_1h`).
 * With `range` it is a one-off backfill over [fromMs, toMs); without, a task over the last hour.
 */
export function fluxAggregate(spec: AggregateSpec, bucket: string, measurement: string, targetBucket: string, range?: { fromMs: number; toMs: number }): string {
  const fluxFn: Record<AggregateField['fn'], string> = { SUM: 'sum', COUNT: 'count', MAX: 'max' };
  const rangeExpr = range
    ? `range(start: ${new Date(range.fromMs).toISOString()}, stop: ${new Date(range.toMs).toISOString()})`
    : 'range(start: -task.every)';
  const header = range ? '' : `option task = {name: ${fluxString(cqName(measurement))}, every: 1h}\n\n`;
  const tags = `[${spec.tags.map(fluxString).join(', ')}]`;
  const pipelines = spec.fields.map(
    (f) =>
      `from(bucket: ${fluxString(bucket)})\n` +
      `  |> ${rangeExpr}\n` +
      `  |> filter(fn: (r) => r._measurement == ${fluxString(measurement)} and r._field == ${fluxString(f.of)})\n` +
      `  |> group(columns: ${tags})\n` +
      `  |> aggregateWindow(every: 1h, fn: ${fluxFn[f.fn]}, createEmpty: false, timeSrc: "_start")\n` +
      `  |> map(fn: (r) => ({r with _measurement: ${fluxString(aggregateMeasurement(measurement))}, _field: ${fluxString(f.name)}}))\n` +
      `  |> to(bucket: ${fluxString(targetBucket)}, tagColumns: ${tags})`,
  );
  return header + pipelines.join('\n\n') + '\n';
}

/** Body of TasksAPI.postTasks for an aggregate (2.x). */
export function taskPayload(orgID: string, flux: string): { orgID: string; flux: string; status: 'active'; description: string } {
  return { orgID, flux, status: 'active', description: 'tsdb-bench hourly aggregate (deleted at the end of the run)' };
}
