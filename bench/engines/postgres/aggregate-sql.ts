/**
 * SQL for the aggregates of bench/queries/aggregates.ts on PostgreSQL-family engines: the
 * SELECT an aggregate keeps (all time, no window) and the read that answers its raw query.
 * Engines differ only in the bucket expression and in how first/last are written (plain
 * PostgreSQL: ordered array_agg; TimescaleDB continuous aggregates: first()/last()).
 */
import type { AggregateColumn, AggregateDefinition } from '../../queries/aggregates.js';
import { aggregateOutputColumns, aggregateWindow, bucketIntervalSql } from '../../queries/aggregates.js';
import type { QueryParams } from '../../queries/catalog.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { TIME, windowParams, type BucketSql } from './queries.js';

/** SQL of one aggregate column's expression (without the alias). */
export type AggregateColumnSql = (c: AggregateColumn) => string;

/** Portable column SQL; first/last skip null values, like the raw queries. */
export const portableColumnSql: AggregateColumnSql = (c) => {
  const of = c.of === null ? '*' : quoteIdent(c.of);
  switch (c.fn) {
    case 'first':
      return `(array_agg(${of} ORDER BY ${TIME}) FILTER (WHERE ${of} IS NOT NULL))[1]`;
    case 'last':
      return `(array_agg(${of} ORDER BY ${TIME} DESC) FILTER (WHERE ${of} IS NOT NULL))[1]`;
    default:
      return `${c.fn}(${of})`;
  }
};

/** `SELECT <bucket> AS <col>, <keys>, <aggregates> FROM <table> GROUP BY <bucket col>, <keys>`. */
export function aggregateSelectSql(a: AggregateDefinition, qualifiedTable: string, bucket: BucketSql, columnSql: AggregateColumnSql = portableColumnSql): string {
  const keys = a.groupBy.map(quoteIdent);
  const select = [
    `${bucket(bucketIntervalSql(a.bucket.widthMs), TIME)} AS ${quoteIdent(a.bucket.column)}`,
    ...keys,
    ...a.columns.map((c) => `${columnSql(c)} AS ${quoteIdent(c.name)}`),
  ];
  return `SELECT ${select.join(', ')} FROM ${qualifiedTable} GROUP BY ${[quoteIdent(a.bucket.column), ...keys].join(', ')}`;
}

/** The read of `relation` answering the aggregate's raw query: the query's columns, bucket in its window. */
export function aggregateReadSql(a: AggregateDefinition, relation: string, answerColumns: readonly string[], p: QueryParams): { sql: string; params: unknown[] } {
  const win = aggregateWindow(a, p);
  const time = quoteIdent(a.bucket.column);
  const params: unknown[] = windowParams(win.fromMs, win.toMs);
  let where = `${time} >= $1::timestamptz AND ${time} < $2::timestamptz`;
  if (a.answers.filter) {
    params.push(p[a.answers.filter.param]);
    where += ` AND ${quoteIdent(a.answers.filter.column)} = $3`;
  }
  const stored = new Set(aggregateOutputColumns(a));
  const missing = answerColumns.filter((c) => !stored.has(c));
  if (missing.length) throw new Error(`aggregate ${a.id} has no column ${missing.join(', ')} for ${a.answers.queryId}`);
  return { sql: `SELECT ${answerColumns.map(quoteIdent).join(', ')} FROM ${relation} WHERE ${where}`, params };
}
