/**
 * Downsampling with continuous aggregates: the aggregate set of bench/queries/aggregates.ts
 * (the same set every engine creates), one continuous aggregate per aggregate, created WITH NO
 * DATA for the loaded tables. The SELECT is generated from the definition with time_bucket
 * (continuous aggregates require it) and first()/last() for open/close (null prices skipped, as
 * in the raw queries); source_hourly_stats so generated is the seed's definition
 * (time_bucket('1 hour', timestamp), AVG(trust_score), MAX(error_rate), COUNT(*) by source_ref).
 * Each gets the seed's refresh policy (start_offset 3 hours, end_offset 1 hour, schedule 1 hour),
 * created unscheduled: the harness can run it with CALL run_job (see ./jobs.ts).
 *
 * refresh(id) — the measured step — is `CALL refresh_continuous_aggregate(name, NULL, NULL)`: a
 * full materialization of all data. The policy jobs exist (listed in
 * timescaledb_information.jobs) but are not part of refresh().
 *
 * Aggregates are `timescaledb.materialized_only = true` (real-time aggregation off): a read
 * returns what was materialized, so query timings measure the aggregate and never a hidden
 * scan of raw data. Reads need whole-bucket windows (the dataset anchor is a whole hour).
 */
import type { DownsampleCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import { aggregatesFor, aggregateWindow, bucketBoundsProblem, type AggregateDefinition } from '../../queries/aggregates.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { aggregateReadSql, aggregateSelectSql, portableColumnSql, type AggregateColumnSql } from '../postgres/aggregate-sql.js';
import { TIME, type BucketSql } from '../postgres/queries.js';
import type { SqlSessionContext } from '../postgres/sql-dialect.js';
import { addUnscheduledPolicy } from './jobs.js';

/** The seed's refresh policy. */
export const SEED_POLICY = { startOffset: `INTERVAL '3 hours'`, endOffset: `INTERVAL '1 hour'`, scheduleInterval: `INTERVAL '1 hour'` };

/** first()/last() (TimescaleDB's, allowed in continuous aggregates), null values skipped. */
export const timescaleColumnSql: AggregateColumnSql = (c) => {
  if ((c.fn === 'first' || c.fn === 'last') && c.of !== null) {
    const of = quoteIdent(c.of);
    return `${c.fn}(${of}, ${TIME}) FILTER (WHERE ${of} IS NOT NULL)`;
  }
  return portableColumnSql(c);
};

/** The continuous aggregate's SELECT for an aggregate definition. */
export function continuousAggregateSql(a: AggregateDefinition, qualify: (name: string) => string, bucket: BucketSql): string {
  return aggregateSelectSql(a, qualify(a.table), bucket, timescaleColumnSql);
}

export function continuousAggregates(s: SqlSessionContext, bucket: BucketSql): DownsampleCapability {
  const created = new Map<string, { def: AggregateDefinition; jobId: number }>();

  const entryOf = (id: string): { def: AggregateDefinition; jobId: number } => {
    const e = created.get(id);
    if (!e) throw new Error(`no continuous aggregate '${id}' (created: ${[...created.keys()].join(', ') || 'none'})`);
    return e;
  };

  return {
    method: 'continuous aggregates (one per aggregate, materialized_only) + CALL refresh_continuous_aggregate over all data',

    async setup(tables: TableName[], _params: QueryParams): Promise<string[]> {
      for (const def of aggregatesFor(tables)) {
        if (created.has(def.id)) continue;
        const view = s.qualify(def.id);
        await s.client.exec(`DROP MATERIALIZED VIEW IF EXISTS ${view}`);
        await s.client.exec(
          `CREATE MATERIALIZED VIEW ${view}
WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
${continuousAggregateSql(def, s.qualify, bucket)}
WITH NO DATA`,
        );
        const jobId = await addUnscheduledPolicy(
          s.client,
          `add_continuous_aggregate_policy($1::regclass,
             start_offset => ${SEED_POLICY.startOffset},
             end_offset => ${SEED_POLICY.endOffset},
             schedule_interval => ${SEED_POLICY.scheduleInterval})`,
          [view],
        );
        created.set(def.id, { def, jobId });
      }
      return [...created.keys()];
    },

    async refresh(id: string, _params: QueryParams): Promise<void> {
      entryOf(id);
      await s.client.exec(`CALL refresh_continuous_aggregate('${s.qualify(id).replace(/'/g, "''")}', NULL, NULL)`);
    },

    async storageBytes(id: string): Promise<number> {
      entryOf(id);
      const r = await s.client.query(
        `SELECT coalesce(sum(hypertable_size(format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)::regclass)), 0)::bigint AS bytes
           FROM timescaledb_information.continuous_aggregates WHERE view_schema = $1 AND view_name = $2`,
        [s.schema, id],
      );
      return Number(r.rows[0]?.bytes ?? 0);
    },

    async rowCount(id: string): Promise<number> {
      entryOf(id);
      const r = await s.client.query(`SELECT count(*)::bigint AS n FROM ${s.qualify(id)}`);
      return Number(r.rows[0]?.n ?? 0);
    },

    objectName: (id) => id,

    async runAggregateQuery(id: string, params: QueryParams): Promise<QueryAnswer> {
      const { def } = entryOf(id);
      const catalog = queryById(def.answers.queryId);
      if (!catalog) throw new Error(`aggregate '${id}' answers no catalogued query`);
      const problem = bucketBoundsProblem(def, aggregateWindow(def, params));
      if (problem) throw new Error(problem);
      const q = aggregateReadSql(def, s.qualify(id), catalog.columns, params);
      const r = await s.client.query(q.sql, q.params);
      return normalizeAnswer(catalog, r.rows);
    },
  };
}
