/**
 * Storage figures of a table as PostgreSQL reports them, plus the files that hold it.
 *
 * Figures (bytes, summed over the table and any extra relations such as chunks):
 * - pg_total_relation_size: heap + indexes + TOAST + free-space and visibility maps;
 * - pg_relation_size: the heap's main fork;
 * - pg_indexes_size: the indexes of the relations (not TOAST's own index);
 * - toast: pg_total_relation_size of the TOAST tables (with their index).
 *
 * dataPaths: pg_relation_filepath() (relative to the data directory) of every relation, its
 * indexes, its TOAST table and the TOAST index. These are base paths: the runtime counts each
 * `<path>`, `<path>.N` (1 GB segments), `<path>_fsm`, `<path>_vm` and `<path>_init` (see
 * bench/runtimes/native/fs-usage.ts, option prefixMatch).
 */
import type { SqlClient } from '../../core/sql.js';

export interface RelationStorage {
  figures: {
    pg_total_relation_size: number;
    pg_relation_size: number;
    pg_indexes_size: number;
    toast: number;
  };
  dataPaths: string[];
}

/** `relations`: regclass-castable names (quoted, schema-qualified) or oids. */
export async function relationStorage(client: SqlClient, relations: readonly string[]): Promise<RelationStorage> {
  const sizes = await client.query(
    `WITH rels AS (SELECT DISTINCT unnest($1::text[])::regclass::oid AS oid)
     SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS total,
            coalesce(sum(pg_relation_size(c.oid)), 0)::bigint AS heap,
            coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint AS indexes,
            coalesce(sum(CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END), 0)::bigint AS toast
       FROM rels r JOIN pg_class c ON c.oid = r.oid`,
    [relations],
  );
  const paths = await client.query(
    `WITH rels AS (SELECT DISTINCT unnest($1::text[])::regclass::oid AS oid),
          toast AS (SELECT c.reltoastrelid AS oid FROM pg_class c JOIN rels r ON c.oid = r.oid WHERE c.reltoastrelid <> 0),
          owners AS (SELECT oid FROM rels UNION SELECT oid FROM toast),
          everything AS (
            SELECT oid FROM owners
            UNION SELECT i.indexrelid FROM pg_index i JOIN owners o ON i.indrelid = o.oid)
     SELECT pg_relation_filepath(oid) AS path FROM everything
      WHERE pg_relation_filepath(oid) IS NOT NULL ORDER BY 1`,
    [relations],
  );
  const row = sizes.rows[0] ?? {};
  return {
    figures: {
      pg_total_relation_size: Number(row.total ?? 0),
      pg_relation_size: Number(row.heap ?? 0),
      pg_indexes_size: Number(row.indexes ?? 0),
      toast: Number(row.toast ?? 0),
    },
    dataPaths: paths.rows.map((r) => String(r.path)),
  };
}
