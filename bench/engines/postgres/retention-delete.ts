/**
 * Retention for plain PostgreSQL, which has no retention policy: what an operator would
 * schedule instead — `DELETE FROM t WHERE "timestamp" < cutoff`, then `VACUUM t` so the space
 * becomes reusable (VACUUM does not shrink the files; the storage phase shows that honestly).
 * Reusable by any PostgreSQL-family dialect.
 */
import type { RetentionCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import type { SqlSessionContext } from './sql-dialect.js';

export function deleteRetention(s: SqlSessionContext): RetentionCapability {
  const configured = new Map<TableName, number>();
  return {
    method: 'DELETE WHERE timestamp < cutoff + VACUUM',
    async configure(table, dropAfterMs) {
      // Nothing to create on the server: the "policy" is the statement run() executes.
      configured.set(table, dropAfterMs);
    },
    async run(table, cutoffMs) {
      const qualified = s.qualify(table);
      const cutoff = new Date(cutoffMs).toISOString();
      const t0 = performance.now();
      const del = await s.client.query(`DELETE FROM ${qualified} WHERE "timestamp" < $1::timestamptz`, [cutoff]);
      const t1 = performance.now();
      await s.client.exec(`VACUUM ${qualified}`);
      const t2 = performance.now();
      return {
        rowsRemoved: del.rowCount,
        details: {
          cutoff,
          dropAfterMs: configured.get(table) ?? null,
          deleteMs: t1 - t0,
          vacuumMs: t2 - t1,
        },
      };
    },
  };
}
