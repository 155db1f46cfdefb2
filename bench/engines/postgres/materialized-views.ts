/**
 * Downsampling for plain PostgreSQL, which has no continuous aggregates: what an operator
 * would do by hand — one materialized view per hourly query (the seed's source_hourly_stats,
 * ticks hourly, sentiment hourly) over the whole table, an index on its hour column, and
 * `REFRESH MATERIALIZED VIEW` (a full recompute) whenever fresh figures are wanted.
 *
 * The view holds exactly the rows the raw query groups (same SELECT, no window), so reading
 * `hour` in [from, to) gives the raw query's answer whenever from and to are whole hours (the
 * dataset anchor is). Other bounds would cut an hour in two: runAggregateQuery refuses them.
 * Reusable by any PostgreSQL-family dialect (give it that dialect's bucket expression).
 */
import type { DownsampleCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { groupedQuery, HOURLY_AGGREGATE_QUERY_IDS, windowParams, type BucketSql, type GroupedQuerySql } from './queries.js';
import type { SqlSessionContext } from './sql-dialect.js';

const HOUR_MS = 3_600_000;

/** The view's name for a raw query id. */
export function materializedViewName(queryId: string): string {
  return `${queryId}_mv`;
}

export function materializedViewDownsample(s: SqlSessionContext, bucket: BucketSql): DownsampleCapability {
  const views = new Map<string, GroupedQuerySql>(); // queryId -> definition

  return {
    method: 'materialized views + REFRESH MATERIALIZED VIEW',

    async setup(tables: TableName[], _params: QueryParams): Promise<string[]> {
      const created: string[] = [];
      for (const id of HOURLY_AGGREGATE_QUERY_IDS) {
        const def = groupedQuery(id);
        if (!def || !tables.includes(def.table)) continue;
        const view = s.qualify(materializedViewName(id));
        await s.client.exec(
          `DROP MATERIALIZED VIEW IF EXISTS ${view};
           CREATE MATERIALIZED VIEW ${view} AS
             SELECT ${def.select(bucket)} FROM ${s.qualify(def.table)} GROUP BY ${def.groupBy}
           WITH NO DATA;
           CREATE INDEX ON ${view} (${quoteIdent(def.timeColumn)});`,
        );
        views.set(id, def);
        created.push(materializedViewName(id));
      }
      return created;
    },

    async refresh(_params: QueryParams): Promise<void> {
      for (const id of views.keys()) {
        await s.client.exec(`REFRESH MATERIALIZED VIEW ${s.qualify(materializedViewName(id))}`);
      }
    },

    async storageBytes(): Promise<number> {
      let total = 0;
      for (const id of views.keys()) {
        const r = await s.client.query(`SELECT pg_total_relation_size($1::regclass)::bigint AS bytes`, [
          s.qualify(materializedViewName(id)),
        ]);
        total += Number(r.rows[0]?.bytes ?? 0);
      }
      return total;
    },

    aggregateQueries(): string[] {
      return [...views.keys()];
    },

    async runAggregateQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
      const def = views.get(queryId);
      const catalog = queryById(queryId);
      if (!def || !catalog) throw new Error(`no materialized view answers query '${queryId}' (setup() created: ${[...views.keys()].join(', ') || 'none'})`);
      if (params.fromMs % HOUR_MS !== 0 || params.toMs % HOUR_MS !== 0) {
        throw new Error(
          `query '${queryId}' from its hourly materialized view needs whole-hour bounds, got ` +
            `${new Date(params.fromMs).toISOString()} .. ${new Date(params.toMs).toISOString()}`,
        );
      }
      const time = quoteIdent(def.timeColumn);
      const r = await s.client.query(
        `SELECT ${def.columns.map(quoteIdent).join(', ')} FROM ${s.qualify(materializedViewName(queryId))}
          WHERE ${time} >= $1::timestamptz AND ${time} < $2::timestamptz`,
        windowParams(params.fromMs, params.toMs),
      );
      return normalizeAnswer(catalog, r.rows);
    },
  };
}
