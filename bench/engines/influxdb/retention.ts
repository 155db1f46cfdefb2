/**
 * Retention on InfluxDB 1.x and 2.x (3.x Core deletes no points: no capability). The cutoff is
 * applied by the harness, never by the server's own expiry schedule:
 * - 1.x: a retention policy with the duration (min 1h) is created on the table's database but
 *   not made default (points older than an RP's duration are rejected on write, so data is
 *   loaded into autogen); the cutoff is applied with InfluxQL `DELETE FROM <m> WHERE time < <cutoff>`.
 * - 2.x: POST /api/v2/delete of the measurement in [1970, cutoff); no bucket retention period.
 * Rows removed are counted by the retention phase (COUNT before - after), the same for every engine.
 */
import type { Pool } from 'undici';
import type { RetentionCapability } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import { sendExpect } from './http.js';
import { ident, rpDuration, timeMs } from './influxql.js';
import { deleteRequest, type Connection } from './requests.js';

/** Retention policy the retention capability creates (never the default: data stays in autogen). */
export const RETENTION_RP = 'tsdb_bench_retention';

export interface InfluxRetentionDeps {
  conn: Connection;
  pool: Pool;
  /** The database (2.x: bucket) of a table created in this run; throws for any other. */
  databaseOf(table: TableName): string;
  influxql(q: string, database?: string): Promise<unknown>;
  signal: AbortSignal;
}

export function influxRetention(deps: InfluxRetentionDeps): RetentionCapability {
  const v1 = deps.conn.major === 1;
  return {
    method: v1
      ? "InfluxDB 1.x: a retention policy with the duration (min 1h) is created on the table's database but not made default " +
        "(points older than an RP's duration are rejected on write, so data is loaded into autogen); the cutoff is applied with " +
        'InfluxQL `DELETE FROM <measurement> WHERE time < <cutoff>`; rows removed = COUNT(time < cutoff) before - after'
      : 'InfluxDB 2.x: POST /api/v2/delete of the measurement in [1970, cutoff) (a bucket retention period would expire data on ' +
        "the server's own schedule, so none is set); rows removed = COUNT(time < cutoff) before - after",
    configure: async (table, dropAfterMs) => {
      if (!v1) return;
      const database = deps.databaseOf(table);
      const duration = rpDuration(dropAfterMs);
      try {
        await deps.influxql(`CREATE RETENTION POLICY ${ident(RETENTION_RP)} ON ${ident(database)} DURATION ${duration} REPLICATION 1`);
      } catch (err) {
        if (!/already exists/i.test(String(err))) throw err;
        await deps.influxql(`ALTER RETENTION POLICY ${ident(RETENTION_RP)} ON ${ident(database)} DURATION ${duration}`);
      }
    },
    // Only the delete itself runs here: the retention phase times this call and counts rows
    // before and after outside it, the same for every engine.
    run: async (table, cutoffMs) => {
      const measurement = TABLES[table].measurement;
      const database = deps.databaseOf(table);
      const started = performance.now();
      let statement: string;
      if (v1) {
        statement = `DELETE FROM ${ident(measurement)} WHERE time < ${timeMs(cutoffMs)}`;
        await deps.influxql(statement, database);
      } else {
        const req = deleteRequest(deps.conn, database, measurement, 0, cutoffMs);
        statement = `${req.method} ${req.path} ${String(req.body)}`;
        await sendExpect(deps.pool, req, [204], 'InfluxDB 2.x delete', deps.signal);
      }
      const deleteMs = performance.now() - started;
      return { rowsRemoved: null, details: { statement, deleteMs } };
    },
  };
}
