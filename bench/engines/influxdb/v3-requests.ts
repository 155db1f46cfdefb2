/**
 * InfluxDB 3 Core requests as data (pure): database administration, SQL queries and the
 * system table that says how many Parquet bytes a table holds. Writes (`/api/v3/write_lp`) and
 * InfluxQL (the v1 `/query`) are in requests.ts, shared with the other flavours.
 *
 * API reference: https://docs.influxdata.com/influxdb3/core/api/v3/
 */
import { authHeaders, qs, type Connection, type RequestSpec } from './requests.js';

function json(conn: Connection): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(conn) };
}

/** POST /api/v3/configure/database: 200 on success, 409 when the database exists. */
export function createDatabaseRequest(conn: Connection, db: string): RequestSpec {
  return { method: 'POST', path: '/api/v3/configure/database', headers: json(conn), body: JSON.stringify({ db }) };
}

/**
 * DELETE /api/v3/configure/database?db=&hard_delete_at=now: deletes the database and its files
 * now (a plain delete is soft: the files stay until the server's hard-delete delay, disk a run
 * would leave behind on an external server; releases without the parameter ignore it).
 */
export function deleteDatabaseRequest(conn: Connection, db: string): RequestSpec {
  return { method: 'DELETE', path: `/api/v3/configure/database?${qs({ db, hard_delete_at: 'now' })}`, headers: { accept: 'application/json', ...authHeaders(conn) } };
}

/** POST /api/v3/query_sql with a JSON body; the answer is a JSON array of row objects. */
export function sqlQueryRequest(conn: Connection, db: string, q: string): RequestSpec {
  return { method: 'POST', path: '/api/v3/query_sql', headers: json(conn), body: JSON.stringify({ db, q, format: 'json' }) };
}

/** SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Parquet files persisted for one table (system.parquet_files needs the table_name predicate
 * on older 3.x releases, so the query is per table). size_bytes is the object-store size of
 * each file: with `--object-store file` the bytes on the data directory's disk.
 */
export function parquetFilesStatement(table: string): string {
  // Quoted aliases: ROWS is an SQL keyword.
  return `SELECT COUNT(*) AS "files", SUM(size_bytes) AS "bytes", SUM(row_count) AS "rows" FROM system.parquet_files WHERE table_name = ${sqlString(table)}`;
}
