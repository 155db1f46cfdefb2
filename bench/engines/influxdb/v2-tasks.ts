/**
 * InfluxDB 2.x downsampling through tasks, the 2.x counterpart of 1.x continuous queries, for
 * the shared aggregate set (bench/queries/aggregates.ts, in InfluxDB terms INFLUX_AGGREGATES):
 * per aggregate a bucket `<table bucket>_agg_<id>`, mapped by DBRP as retention policy
 * `tsdb_bench_agg_<id>` of the table's database (so the same InfluxQL `"db"."tsdb_bench_agg_<id>"."<id>"`
 * answers from it as on 1.x), and a task (POST /api/v2/tasks) whose Flux aggregates the query
 * window with `aggregateWindow()` and writes it with `to()`. refresh(id) starts a manual run
 * (POST /api/v2/tasks/{id}/runs) and polls GET /api/v2/tasks/{id}/runs/{runID} until success.
 *
 * Docs: https://docs.influxdata.com/influxdb/v2/process-data/ and /api/#tag/Tasks
 */
import type { DownsampleCapability } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { aggregateReadStatement, aggregateRow, aggregateRp, aggregateTarget, cqName, fluxAggregate, type InfluxAggregate } from './aggregates.js';
import { fluxString } from './requests.js';
import { firstSeries, scalar, seriesRows } from './results.js';
import { ident } from './influxql.js';
import type { V2Admin } from './v2-admin.js';

export interface V2TaskDeps {
  admin: V2Admin;
  orgID: string;
  /** The table's database (= its bucket name), or undefined when the table was not created. */
  databaseOf(table: TableName): string | undefined;
  influxql(q: string, database: string): Promise<unknown>;
  /** A Prometheus gauge by bucket id from /metrics (storage_shard_disk_size, storage_cache_inuse_bytes). */
  metricByBucket(name: string): Promise<Map<string, number>>;
  signal: AbortSignal;
  /** How long one run may take before refresh() gives up (default 10 min). */
  runTimeoutMs?: number;
  pollMs?: number;
}

export function downsampledBucket(database: string, aggregateId: string): string {
  return `${database}_agg_${aggregateId}`;
}

/**
 * The task's Flux: `option task` (named like the 1.x CQ, every = the bucket width) and one
 * pipeline per stored field over the fixed window [from, to) of the run (like the 1.x backfill),
 * windows aligned to the epoch like InfluxQL's GROUP BY time().
 */
export function taskFlux(a: InfluxAggregate, bucket: string, measurement: string, targetBucket: string, range: { fromMs: number; toMs: number }): string {
  return `option task = {name: ${fluxString(cqName(a.def.id))}, every: ${a.every}}\n\n` + fluxAggregate(a, bucket, measurement, targetBucket, range);
}

interface Built {
  a: InfluxAggregate;
  database: string;
  bucketID: string;
  taskID: string;
}

export type V2TaskDownsample = DownsampleCapability & {
  /** Deletes the tasks and downsampled buckets (idempotent; no abort signal, runs at close). */
  drop(): Promise<void>;
  /** Forgets (and deletes) the aggregates of a table that was truncated. */
  dropTable(table: TableName): Promise<void>;
  /** Points in one aggregate (COUNT of its first stored field over all time). */
  rowCount(aggregateId: string): Promise<number>;
};

export function v2TaskDownsample(deps: V2TaskDeps, aggregates: readonly InfluxAggregate[]): V2TaskDownsample {
  const built = new Map<string, Built>();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const pollMs = deps.pollMs ?? 250;
  const entry = (id: string): Built => {
    const b = built.get(id);
    if (!b) throw new Error(`InfluxDB 2.x: no aggregate '${id}' (created: ${[...built.keys()].join(', ') || 'none'})`);
    return b;
  };
  const remove = async (b: Built): Promise<void> => {
    built.delete(b.a.def.id);
    await deps.admin.deleteTask(b.taskID, undefined).catch(() => {});
    await deps.admin.deleteBucket(b.bucketID, undefined).catch(() => {});
  };

  return {
    method:
      'InfluxDB 2.x: one task per aggregate (POST /api/v2/tasks; Flux aggregateWindow(every: <bucket>) per stored field over the ' +
      'query window, to() into bucket <table bucket>_agg_<aggregate>, mapped by DBRP as retention policy tsdb_bench_agg_<aggregate>), ' +
      'run manually (POST /api/v2/tasks/{id}/runs) and polled until the run succeeded; averages are stored as sum and count; ' +
      "bytes = the bucket's storage_shard_disk_size from /metrics after its cache was flushed",
    setup: async (tables, params) => {
      for (const a of aggregates) {
        const database = tables.includes(a.table) ? deps.databaseOf(a.table) : undefined;
        if (!database || built.has(a.def.id)) continue;
        const measurement = TABLES[a.table].measurement;
        const bucketName = downsampledBucket(database, a.def.id);
        const bucketID = await deps.admin.createBucket(deps.orgID, bucketName, 'tsdb-bench aggregate (dropped at the end of the run)');
        await deps.admin.createDbrp(deps.orgID, bucketID, database, aggregateRp(a.def.id));
        const flux = taskFlux(a, database, measurement, bucketName, { fromMs: params.fromMs, toMs: params.toMs });
        // Active (a manual run of an inactive task is not guaranteed to execute); a scheduled run
        // recomputes the same fixed window into the same points, so it changes no answer.
        const taskID = await deps.admin.createTask({ orgID: deps.orgID, flux, status: 'active', description: `tsdb-bench aggregate ${a.def.id} (deleted at the end of the run)` });
        built.set(a.def.id, { a, database, bucketID, taskID });
      }
      return [...built.keys()];
    },
    refresh: async (id) => {
      const b = entry(id);
      const timeout = deps.runTimeoutMs ?? 600_000;
      const started = Date.now();
      let run = await deps.admin.runTask(b.taskID);
      while (run.status === 'scheduled' || run.status === 'started') {
        if (deps.signal.aborted) throw new Error('aborted');
        if (Date.now() - started > timeout) throw new Error(`InfluxDB 2.x task ${b.taskID} (aggregate ${id}) still ${run.status} after ${timeout} ms`);
        await sleep(pollMs);
        run = await deps.admin.taskRun(b.taskID, run.id);
      }
      if (run.status !== 'success') {
        const log = await deps.admin.taskRunLog(b.taskID, run.id).catch(() => [] as string[]);
        throw new Error(`InfluxDB 2.x task run ${run.id} of aggregate ${id} ${run.status}${log.length ? `: ${log[log.length - 1]}` : ''}`);
      }
    },
    storageBytes: async (id) => {
      const b = entry(id);
      const started = Date.now();
      const cached = async (): Promise<number> => (await deps.metricByBucket('storage_cache_inuse_bytes')).get(b.bucketID) ?? 0;
      while ((await cached()) > 0 && Date.now() - started < 180_000 && !deps.signal.aborted) await sleep(pollMs);
      return (await deps.metricByBucket('storage_shard_disk_size')).get(b.bucketID) ?? 0;
    },
    rowCount: async (id) => {
      const b = entry(id);
      const q = `SELECT COUNT(${ident(b.a.fields[0].name)}) AS "n" FROM ${aggregateTarget(b.a, b.database)}`;
      return scalar(await deps.influxql(q, b.database), 'n', q);
    },
    objectName: (id) => `${downsampledBucket(entry(id).database, id)} (bucket; DBRP ${aggregateRp(id)})`,
    runAggregateQuery: async (id, params): Promise<QueryAnswer> => {
      const b = entry(id);
      const def = queryById(b.a.def.answers.queryId);
      if (!def) throw new Error(`InfluxDB: aggregate '${id}' answers no catalogued query`);
      const q = aggregateReadStatement(b.a, aggregateTarget(b.a, b.database), params);
      const json = await deps.influxql(q, b.database);
      return normalizeAnswer(
        def,
        seriesRows(firstSeries(json, q), { timeAs: b.a.def.bucket.column }).map((r) => aggregateRow(b.a, r)),
      );
    },
    drop: async () => {
      for (const b of [...built.values()]) await remove(b);
    },
    dropTable: async (table) => {
      for (const b of [...built.values()]) if (b.a.table === table) await remove(b);
    },
  };
}
