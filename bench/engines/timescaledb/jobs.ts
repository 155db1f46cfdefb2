/**
 * TimescaleDB background jobs (policies), run by the harness itself: `CALL run_job(id)`.
 * The embedded build has no background workers, and running the job in the foreground makes
 * every runtime do the same work at the same moment.
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

/** Runs the job in the foreground; returns its duration in ms. */
export async function runJob(client: SqlClient, jobId: number): Promise<number> {
  const t0 = performance.now();
  await client.exec(`CALL run_job(${Math.trunc(jobId)})`);
  return performance.now() - t0;
}
