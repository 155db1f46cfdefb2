/**
 * Downsampling for plain PostgreSQL, which has no continuous aggregates: what an operator
 * would do by hand — one materialized view per aggregate of bench/queries/aggregates.ts over
 * the whole table, an index on its bucket column, and `REFRESH MATERIALIZED VIEW` (a full
 * recompute) whenever fresh figures are wanted.
 *
 * The view holds exactly the rows its raw query groups (same grouping, no window), so reading
 * the bucket in [from, to) gives the raw query's answer whenever from and to are whole buckets
 * (the dataset anchor is a whole hour). Other bounds would cut a bucket in two:
 * runAggregateQuery refuses them. Reusable by any PostgreSQL-family dialect.
 */
import type { DownsampleCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import { aggregateById, aggregatesFor, aggregateWindow, bucketBoundsProblem, type AggregateDefinition } from '../../queries/aggregates.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { aggregateReadSql, aggregateSelectSql } from './aggregate-sql.js';
import { PORTABLE_BUCKET } from './queries.js';
import type { SqlSessionContext } from './sql-dialect.js';

/** The view's name for an aggregate id. */
export function materializedViewName(aggregateId: string): string {
  return `${aggregateId}_mv`;
}

export function materializedViewDownsample(s: SqlSessionContext): DownsampleCapability {
  const views = new Map<string, AggregateDefinition>(); // aggregate id -> definition

  const viewOf = (id: string): AggregateDefinition => {
    const a = views.get(id);
    if (!a) throw new Error(`no materialized view for aggregate '${id}' (setup() created: ${[...views.keys()].join(', ') || 'none'})`);
    return a;
  };

  return {
    method: 'materialized views (one per aggregate) + REFRESH MATERIALIZED VIEW (full recompute)',

    async setup(tables: TableName[], _params: QueryParams): Promise<string[]> {
      for (const a of aggregatesFor(tables)) {
        const view = s.qualify(materializedViewName(a.id));
        await s.client.exec(
          `DROP MATERIALIZED VIEW IF EXISTS ${view};
           CREATE MATERIALIZED VIEW ${view} AS
             ${aggregateSelectSql(a, s.qualify(a.table), PORTABLE_BUCKET)}
           WITH NO DATA;
           CREATE INDEX ON ${view} (${quoteIdent(a.bucket.column)});`,
        );
        views.set(a.id, a);
      }
      return [...views.keys()];
    },

    async refresh(id: string, _params: QueryParams): Promise<void> {
      viewOf(id);
      await s.client.exec(`REFRESH MATERIALIZED VIEW ${s.qualify(materializedViewName(id))}`);
    },

    async storageBytes(id: string): Promise<number> {
      viewOf(id);
      const r = await s.client.query(`SELECT pg_total_relation_size($1::regclass)::bigint AS bytes`, [s.qualify(materializedViewName(id))]);
      return Number(r.rows[0]?.bytes ?? 0);
    },

    async rowCount(id: string): Promise<number> {
      viewOf(id);
      const r = await s.client.query(`SELECT count(*)::bigint AS n FROM ${s.qualify(materializedViewName(id))}`);
      return Number(r.rows[0]?.n ?? 0);
    },

    objectName: (id) => materializedViewName(id),

    async runAggregateQuery(id: string, params: QueryParams): Promise<QueryAnswer> {
      const a = viewOf(id);
      const catalog = queryById(a.answers.queryId);
      if (!catalog || !aggregateById(id)) throw new Error(`aggregate '${id}' answers no catalogued query`);
      const problem = bucketBoundsProblem(a, aggregateWindow(a, params));
      if (problem) throw new Error(problem);
      const q = aggregateReadSql(a, s.qualify(materializedViewName(id)), catalog.columns, params);
      const r = await s.client.query(q.sql, q.params);
      return normalizeAnswer(catalog, r.rows);
    },
  };
}
