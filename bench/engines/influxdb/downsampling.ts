/**
 * Downsampling on InfluxDB 1.x through continuous queries, for the shared aggregate set
 * (bench/queries/aggregates.ts, in InfluxDB terms ./aggregates.ts): one CQ per aggregate
 * (GROUP BY time(<bucket>), group tags) into measurement <aggregate> of its own retention policy
 * tsdb_bench_agg_<aggregate> (own shards), backfilled with SELECT ... INTO over the query window
 * (CQs only process new data); averages are stored as sum and count. The 2.x counterpart (tasks)
 * is ./v2-tasks.ts.
 */
import type { DownsampleCapability } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import { queryById } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import {
  aggregateReadStatement,
  aggregateRow,
  aggregateRp,
  aggregateTarget,
  createAggregateRpStatement,
  createCqStatement,
  influxAggregatesFor,
  intoStatement,
  type InfluxAggregate,
} from './aggregates.js';
import { ident } from './influxql.js';
import { firstSeries, scalar, seriesRows } from './results.js';
import { sumShards, type ShardStats } from './stats.js';

export interface V1DownsampleDeps {
  /** The table's database, or undefined when the table was not created in this run. */
  databaseOf(table: TableName): string | undefined;
  influxql(q: string, database?: string): Promise<unknown>;
  shardStats(): Promise<ShardStats[]>;
  /** Bytes still in the TSM cache of the shards `filter` selects. */
  cacheBytes(filter: (s: ShardStats) => boolean): Promise<number>;
  /** How long storageBytes() waits for the aggregate's cache to be snapshotted. */
  flushTimeoutMs: number;
  signal: AbortSignal;
}

export type V1ContinuousQueryDownsample = DownsampleCapability & {
  /** Forgets the aggregates of a table whose database was dropped (which drops its CQs and RPs). */
  forgetTable(table: TableName): void;
};

export function v1ContinuousQueryDownsample(deps: V1DownsampleDeps): V1ContinuousQueryDownsample {
  const aggregates = new Map<string, InfluxAggregate>(); // aggregate id -> aggregate
  const entry = (id: string): InfluxAggregate => {
    const a = aggregates.get(id);
    if (!a) throw new Error(`InfluxDB: no aggregate '${id}' (created: ${[...aggregates.keys()].join(', ') || 'none'})`);
    return a;
  };
  const databaseOf = (a: InfluxAggregate): string => {
    const database = deps.databaseOf(a.table);
    if (!database) throw new Error(`InfluxDB: table ${a.table} was not created in this run`);
    return database;
  };
  return {
    method:
      'InfluxDB 1.x: one continuous query per aggregate (GROUP BY time(<bucket>), group tags) into measurement <aggregate> of its own ' +
      'retention policy tsdb_bench_agg_<aggregate> (own shards), backfilled with SELECT ... INTO over the query window (CQs only ' +
      'process new data); averages are stored as sum and count',
    setup: async (tables) => {
      for (const a of influxAggregatesFor(tables.filter((t) => deps.databaseOf(t) !== undefined))) {
        const database = databaseOf(a);
        try {
          await deps.influxql(createAggregateRpStatement(a.def.id, database));
        } catch (err) {
          if (!/already exists/i.test(String(err))) throw err;
        }
        await deps.influxql(createCqStatement(a, database, TABLES[a.table].measurement));
        aggregates.set(a.def.id, a);
      }
      return [...aggregates.keys()];
    },
    refresh: async (id, params) => {
      const a = entry(id);
      const database = databaseOf(a);
      await deps.influxql(intoStatement(a, database, TABLES[a.table].measurement, { fromMs: params.fromMs, toMs: params.toMs }), database);
    },
    storageBytes: async (id) => {
      const a = entry(id);
      const database = databaseOf(a);
      const mine = (s: ShardStats): boolean => s.database === database && s.retentionPolicy === aggregateRp(id);
      const started = Date.now();
      while ((await deps.cacheBytes(mine)) > 0 && Date.now() - started < deps.flushTimeoutMs && !deps.signal.aborted) {
        await new Promise((r) => setTimeout(r, 250));
      }
      return sumShards(await deps.shardStats(), mine).diskBytes;
    },
    rowCount: async (id) => {
      const a = entry(id);
      const database = databaseOf(a);
      // Every aggregate point has its first field (a SUM/COUNT/selector of a never-empty group).
      const q = `SELECT COUNT(${ident(a.fields[0].name)}) AS "n" FROM ${aggregateTarget(a, database)}`;
      return scalar(await deps.influxql(q, database), 'n', q);
    },
    objectName: (id) => {
      const a = entry(id);
      return `${aggregateRp(id)}.${a.def.id}`;
    },
    runAggregateQuery: async (id, params) => {
      const a = entry(id);
      const def = queryById(a.def.answers.queryId);
      if (!def) throw new Error(`InfluxDB: aggregate '${id}' answers no catalogued query`);
      const database = databaseOf(a);
      const q = aggregateReadStatement(a, aggregateTarget(a, database), params);
      const json = await deps.influxql(q, database);
      const rows = seriesRows(firstSeries(json, q), { timeAs: a.def.bucket.column }).map((r) => aggregateRow(a, r));
      return normalizeAnswer(def, rows);
    },
    forgetTable(table) {
      for (const [id, a] of aggregates) if (a.table === table) aggregates.delete(id);
    },
  };
}
