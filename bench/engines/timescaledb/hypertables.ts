/**
 * Hypertables: creation, the relations that hold a hypertable's data (chunks and compressed
 * chunks), TimescaleDB's own size figures and chunk states.
 */
import type { SqlClient } from '../../core/sql.js';

/** `SELECT create_hypertable(<table>, by_range('timestamp', <interval>), create_default_indexes => ...)`. */
export async function createHypertable(client: SqlClient, qualified: string, timeColumn: string, chunkIntervalSql: string, createDefaultIndexes: boolean): Promise<void> {
  await client.query(`SELECT create_hypertable($1::regclass, by_range($2::name, ${chunkIntervalSql}), create_default_indexes => $3::boolean)`, [
    qualified,
    timeColumn,
    createDefaultIndexes,
  ]);
}

/**
 * Every relation holding the hypertable's rows besides the hypertable itself: its chunks, the
 * internal compressed hypertable and its chunks (read from TimescaleDB's catalog; dropped
 * chunks excluded). Quoted, schema-qualified names.
 */
export async function hypertableDataRelations(client: SqlClient, schema: string, table: string): Promise<string[]> {
  const r = await client.query(
    `WITH h AS (
       SELECT id, compressed_hypertable_id FROM _timescaledb_catalog.hypertable
        WHERE schema_name = $1 AND table_name = $2)
     SELECT format('%I.%I', ch.schema_name, ch.table_name) AS rel
       FROM _timescaledb_catalog.chunk ch, h
      WHERE (ch.hypertable_id = h.id OR ch.hypertable_id = h.compressed_hypertable_id) AND NOT ch.dropped
     UNION ALL
     SELECT format('%I.%I', ht.schema_name, ht.table_name)
       FROM _timescaledb_catalog.hypertable ht, h WHERE ht.id = h.compressed_hypertable_id
     ORDER BY 1`,
    [schema, table],
  );
  return r.rows.map((row) => String(row.rel));
}

/**
 * TimescaleDB's figures for one hypertable: hypertable_size, hypertable_detailed_size's
 * table/index/toast bytes and, once chunks were compressed, hypertable_compression_stats.
 */
export async function hypertableFigures(client: SqlClient, qualified: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const size = await client.query(
    `SELECT hypertable_size($1::regclass)::bigint AS hypertable_size, d.table_bytes, d.index_bytes, d.toast_bytes
       FROM hypertable_detailed_size($1::regclass) d`,
    [qualified],
  );
  const s = size.rows[0] ?? {};
  for (const key of ['hypertable_size', 'table_bytes', 'index_bytes', 'toast_bytes']) {
    if (s[key] !== null && s[key] !== undefined) out[key] = Number(s[key]);
  }
  const comp = await client.query(
    `SELECT number_compressed_chunks, before_compression_total_bytes, after_compression_total_bytes
       FROM hypertable_compression_stats($1::regclass)`,
    [qualified],
  );
  const c = comp.rows[0];
  if (c && c.number_compressed_chunks !== null && Number(c.number_compressed_chunks) > 0) {
    // (engineBytes holds bytes only: the number of compressed chunks is in the compress phase.)
    out.compressed_before_total_bytes = Number(c.before_compression_total_bytes);
    out.compressed_after_total_bytes = Number(c.after_compression_total_bytes);
  }
  return out;
}

export interface ChunkCounts {
  total: number;
  compressed: number;
  /** Chunks whose range ends at or before the cutoff (candidates for a policy with that horizon). */
  endingBeforeCutoff: number;
  /** Of those, the ones not compressed yet. */
  uncompressedEndingBeforeCutoff: number;
}

/** Chunk states of a hypertable relative to `cutoffMs` (timescaledb_information.chunks). */
export async function chunkCounts(client: SqlClient, schema: string, table: string, cutoffMs: number): Promise<ChunkCounts> {
  const r = await client.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE is_compressed)::int AS compressed,
            count(*) FILTER (WHERE range_end <= $3::timestamptz)::int AS ending,
            count(*) FILTER (WHERE range_end <= $3::timestamptz AND NOT is_compressed)::int AS pending
       FROM timescaledb_information.chunks WHERE hypertable_schema = $1 AND hypertable_name = $2`,
    [schema, table, new Date(cutoffMs).toISOString()],
  );
  const row = r.rows[0] ?? {};
  return {
    total: Number(row.total ?? 0),
    compressed: Number(row.compressed ?? 0),
    endingBeforeCutoff: Number(row.ending ?? 0),
    uncompressedEndingBeforeCutoff: Number(row.pending ?? 0),
  };
}

/** Rows stored in the hypertable's uncompressed chunks (exact count(*) of each such chunk). */
export async function uncompressedChunkRows(client: SqlClient, schema: string, table: string): Promise<number> {
  const r = await client.query(
    `SELECT format('%I.%I', chunk_schema, chunk_name) AS rel FROM timescaledb_information.chunks
      WHERE hypertable_schema = $1 AND hypertable_name = $2 AND NOT is_compressed ORDER BY range_start`,
    [schema, table],
  );
  let rows = 0;
  for (const row of r.rows) {
    const c = await client.query(`SELECT count(*)::bigint AS n FROM ONLY ${String(row.rel)}`);
    rows += Number(c.rows[0]?.n ?? 0);
  }
  return rows;
}
