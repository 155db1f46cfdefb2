/**
 * TimescaleDB background jobs (policies), run by the harness itself: `CALL run_job(id)`.
 * The embedded build has no background workers, and running the job in the foreground makes
 * every runtime do the same work at the same moment.
 *
 * Every policy is created unscheduled (`alter_job(id, scheduled => false)` in the same
 * statement that adds it), so background workers (native, docker) never run it behind the
 * harness's back; `CALL run_job` runs unscheduled jobs all the same. The policy's definition
 * (offsets, schedule_interval) is the seed's; only the moment it runs is the harness's.
 *
 * Policies measure their offsets (compress_after, drop_after) from now(), while the dataset is
 * anchored at a fixed instant. Before a run the harness re-pins the offset so that
 * `now() - offset` is the phase's absolute cutoff: the same chunks qualify whenever the run
 * happens (an anchor given as a past ISO date included).
 */
import type { SqlClient } from '../../core/sql.js';

export interface JobInfo {
  jobId: number;
  procName: string;
  config: Record<string, unknown>;
}

/** The policy job of `procName` (e.g. 'policy_compression') on hypertable or cagg `schema.name`, if any. */
export async function findJob(client: SqlClient, procName: string, schema: string, name: string): Promise<JobInfo | null> {
  const r = await client.query(
    `SELECT job_id, proc_name, config FROM timescaledb_information.jobs
      WHERE proc_name = $1 AND hypertable_schema = $2 AND hypertable_name = $3 ORDER BY job_id LIMIT 1`,
    [procName, schema, name],
  );
  const row = r.rows[0];
  return row ? { jobId: Number(row.job_id), procName: String(row.proc_name), config: (row.config ?? {}) as Record<string, unknown> } : null;
}

/** Sets config[key] = now() - cutoff, so the policy's horizon is the absolute cutoff. Returns the interval set. */
export async function pinOffsetToCutoff(client: SqlClient, jobId: number, key: string, cutoffMs: number): Promise<string> {
  const r = await client.query(
    `SELECT (alter_job(j.job_id, config => jsonb_set(j.config, ARRAY[$2::text], to_jsonb(now() - $3::timestamptz)))).config->>$2 AS v
       FROM timescaledb_information.jobs j WHERE j.job_id = $1`,
    [jobId, key, new Date(cutoffMs).toISOString()],
  );
  if (r.rows.length === 0) throw new Error(`TimescaleDB job ${jobId} not found`);
  return String(r.rows[0].v);
}

/**
 * Adds a policy and unschedules it atomically. `addPolicySql` is an SQL expression returning
 * the new job id (e.g. `add_compression_policy($1::regclass, INTERVAL '7 days')`).
 */
export async function addUnscheduledPolicy(client: SqlClient, addPolicySql: string, params: unknown[]): Promise<number> {
  const r = await client.query(`SELECT (alter_job((${addPolicySql}), scheduled => false)).job_id AS job_id`, params);
  const id = Number(r.rows[0]?.job_id);
  if (!Number.isInteger(id)) throw new Error(`no job id from ${addPolicySql}`);
  return id;
}

/** Runs the job in the foreground; returns its duration in ms. */
export async function runJob(client: SqlClient, jobId: number): Promise<number> {
  const t0 = performance.now();
  await client.exec(`CALL run_job(${Math.trunc(jobId)})`);
  return performance.now() - t0;
}
