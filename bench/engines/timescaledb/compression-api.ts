/**
 * Which TimescaleDB API configures compression. TimescaleDB 2.18 renamed compression the
 * columnstore: `ALTER TABLE ... SET (timescaledb.enable_columnstore, timescaledb.segmentby,
 * timescaledb.orderby)` and `CALL add_columnstore_policy(...)`; the seed's own statements
 * (`timescaledb.compress`, `add_compression_policy`) still work, deprecated. Scenario option
 * `engines.timescaledb.options.compressionApi`: `columnstore`, `seed`, or `auto` (default:
 * columnstore when the extension is >= 2.18, else seed). Both create the same
 * `policy_compression` job, which the harness runs itself (CALL run_job).
 * Docs: https://docs.timescale.com/api/latest/hypercore/alter_table/ and
 * https://docs.timescale.com/api/latest/hypercore/add_columnstore_policy/
 */
import type { SqlClient } from '../../core/sql.js';

export type CompressionApi = 'columnstore' | 'seed';
export type CompressionApiChoice = CompressionApi | 'auto';

export const COLUMNSTORE_SINCE = '2.18';

/** "2.23.0-dev" -> true (>= 2.18); unparsable -> false. */
export function supportsColumnstore(version: string | null): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 2 || (major === 2 && minor >= 18);
}

export interface ApiDecision {
  api: CompressionApi;
  /** Why, for results.json: "auto: TimescaleDB 2.23.0-dev >= 2.18". */
  reason: string;
}

export function decideApi(choice: CompressionApiChoice, version: string | null): ApiDecision {
  if (choice === 'seed') return { api: 'seed', reason: "scenario option compressionApi: seed (the seed's own statements)" };
  const ok = supportsColumnstore(version);
  if (choice === 'columnstore') {
    if (!ok) throw new Error(`compressionApi: columnstore needs TimescaleDB >= ${COLUMNSTORE_SINCE}, the server has ${version ?? 'an unknown version'}`);
    return { api: 'columnstore', reason: 'scenario option compressionApi: columnstore' };
  }
  return ok
    ? { api: 'columnstore', reason: `auto: TimescaleDB ${version} >= ${COLUMNSTORE_SINCE}` }
    : { api: 'seed', reason: `auto: TimescaleDB ${version ?? '(unknown version)'} < ${COLUMNSTORE_SINCE}` };
}

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The ALTER TABLE that enables compression with the table's segmentby and orderby. */
export function enableStatement(api: CompressionApi, qualified: string, segmentBy: string, orderBy: string): string {
  return api === 'columnstore'
    ? `ALTER TABLE ${qualified} SET (timescaledb.enable_columnstore = true, timescaledb.segmentby = ${lit(segmentBy)}, timescaledb.orderby = ${lit(orderBy)})`
    : `ALTER TABLE ${qualified} SET (timescaledb.compress, timescaledb.compress_segmentby = ${lit(segmentBy)}, timescaledb.compress_orderby = ${lit(orderBy)})`;
}

/** The policy call, as the statement a user would write (for results.json). */
export function policyStatement(api: CompressionApi, qualified: string, afterSql: string): string {
  return api === 'columnstore'
    ? `CALL add_columnstore_policy('${qualified.replace(/'/g, "''")}', after => ${afterSql})`
    : `SELECT add_compression_policy('${qualified.replace(/'/g, "''")}', ${afterSql})`;
}

/**
 * add_columnstore_policy is a procedure (no job id returned): call it and unschedule its job in
 * one transaction, so a background worker (native, docker) never sees it scheduled.
 */
export async function addColumnstorePolicyUnscheduled(client: SqlClient, qualified: string, schema: string, table: string, afterSql: string): Promise<number> {
  await client.exec('BEGIN');
  try {
    await client.query(`CALL add_columnstore_policy($1::regclass, after => ${afterSql})`, [qualified]);
    const r = await client.query(
      `SELECT (alter_job(job_id, scheduled => false)).job_id AS job_id FROM timescaledb_information.jobs
        WHERE proc_name = 'policy_compression' AND hypertable_schema = $1 AND hypertable_name = $2 ORDER BY job_id LIMIT 1`,
      [schema, table],
    );
    await client.exec('COMMIT');
    const id = Number(r.rows[0]?.job_id);
    if (!Number.isInteger(id)) throw new Error(`add_columnstore_policy on ${qualified} created no policy_compression job`);
    return id;
  } catch (err) {
    await client.exec('ROLLBACK').catch(() => {});
    throw err;
  }
}
