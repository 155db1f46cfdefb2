/**
 * The run's namespace in a PostgreSQL-family server: one schema per run, created at open and
 * dropped (CASCADE) at close. Table names are always schema-qualified and quoted.
 */
import { quoteIdent } from '../../sql/pg-wire.js';

const MAX_IDENTIFIER = 63; // PostgreSQL's NAMEDATALEN - 1

/** `tsdb_bench_<runId>` with the run id lowercased, non [a-z0-9_] characters as `_`, at most 63 chars. */
export function schemaNameFor(runId: string): string {
  const safe = runId
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `tsdb_bench_${safe || 'run'}`.slice(0, MAX_IDENTIFIER);
}

/** `"schema"."name"`. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
