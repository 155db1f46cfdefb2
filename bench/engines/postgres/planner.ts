/**
 * Planner state equal across SQL targets (issue 11): every PostgreSQL-family session runs with
 * the same plan-changing settings, and ANALYZE runs after every load so plans never depend on
 * when autovacuum happened to analyze which chunk.
 *
 * - PLANNER_SETTINGS are SET on the session's connection (the one that runs the queries) at
 *   open. jit=off: native PostgreSQL compiles expensive plans with LLVM, which PGlite cannot, and
 *   a cost estimate crossing jit_above_cost doubled a TimescaleDB query once analyzed.
 * - plannerSettings() reads back what the server reports for the settings that change plans
 *   (jit, costs, memory, parallelism, every enable_* that differs from its built-in default), to
 *   be recorded in EngineInfo.settings.
 */
import type { SqlClient } from '../../core/sql.js';

export const PLANNER_SETTINGS: Readonly<Record<string, string>> = { jit: 'off' };

/** Settings recorded always (when the server has them), besides enable_* that differ from default. */
const RECORDED = [
  'jit',
  'random_page_cost',
  'seq_page_cost',
  'effective_cache_size',
  'work_mem',
  'max_parallel_workers_per_gather',
  'max_parallel_workers',
  'default_statistics_target',
];

/**
 * SETs PLANNER_SETTINGS and puts every planner enable_* switch a server turned away from its
 * built-in default back to it (the embedded TimescaleDB build starts with enable_seqscan=off on
 * its command line; plain PGlite and native servers do not): plans are then made alike on every
 * SQL target. Returns the switches reset, as `name: was (source) -> now`, for the record.
 */
export async function applyPlannerSettings(client: SqlClient): Promise<string[]> {
  for (const [name, value] of Object.entries(PLANNER_SETTINGS)) {
    // set_config(..., false): for the whole session, not only the current transaction.
    await client.query(`SELECT set_config($1, $2, false)`, [name, value]);
  }
  const off = await client.query(
    `SELECT name, setting, boot_val, source FROM pg_settings
      WHERE name LIKE 'enable%' AND vartype = 'bool' AND setting IS DISTINCT FROM boot_val AND context = 'user'
      ORDER BY name`,
  );
  const reset: string[] = [];
  for (const row of off.rows) {
    await client.query(`SELECT set_config($1, $2, false)`, [String(row.name), String(row.boot_val)]);
    reset.push(`${String(row.name)}: ${String(row.setting)} (${String(row.source)}) -> ${String(row.boot_val)}`);
  }
  return reset;
}

/** name -> value as SHOW prints it, for the recorded planner settings the server has. */
export async function plannerSettings(client: SqlClient): Promise<Record<string, string>> {
  const r = await client.query(
    `SELECT name, current_setting(name) AS value FROM pg_settings
      WHERE name = ANY($1::text[])
         OR (name LIKE 'enable%' AND vartype = 'bool' AND setting IS DISTINCT FROM boot_val)
      ORDER BY name`,
    [RECORDED],
  );
  const out: Record<string, string> = {};
  for (const row of r.rows) out[String(row.name)] = String(row.value);
  return out;
}

/** `ANALYZE t1, t2, ...` of the given qualified tables; returns the statement it ran. */
export async function analyzeTables(client: SqlClient, qualifiedTables: readonly string[]): Promise<string> {
  if (qualifiedTables.length === 0) return 'nothing to analyze';
  const statement = `ANALYZE ${qualifiedTables.join(', ')}`;
  await client.exec(statement);
  return statement;
}
