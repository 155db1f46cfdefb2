/**
 * Retention: the seed's `add_retention_policy(table, <dropAfter>)`, run in the foreground
 * (`CALL run_job`) with drop_after pinned to the absolute cutoff (see ./jobs.ts). The policy
 * drops WHOLE chunks whose range ends at or before the cutoff: rows older than the cutoff in the
 * chunk that straddles it stay (reported as rowsOlderThanCutoffKept).
 */
import type { RetentionCapability } from '../../core/engine.js';
import type { TableName } from '../../core/tables.js';
import type { SqlSessionContext } from '../postgres/sql-dialect.js';
import { chunkCounts } from './hypertables.js';
import { addUnscheduledPolicy, findJob, pinOffsetToCutoff, runJob } from './jobs.js';
import { intervalSql } from './options.js';

const PROC = 'policy_retention';

export function timescaleRetention(s: SqlSessionContext): RetentionCapability {
  const jobs = new Map<TableName, number>();

  const count = async (qualified: string, cutoffMs?: number): Promise<number> => {
    const r =
      cutoffMs === undefined
        ? await s.client.query(`SELECT count(*)::bigint AS n FROM ${qualified}`)
        : await s.client.query(`SELECT count(*)::bigint AS n FROM ${qualified} WHERE "timestamp" < $1::timestamptz`, [new Date(cutoffMs).toISOString()]);
    return Number(r.rows[0]?.n ?? 0);
  };

  return {
    method: 'add_retention_policy + CALL run_job (drops whole chunks ending at or before the cutoff)',

    async configure(table, dropAfterMs) {
      const existing = await findJob(s.client, PROC, s.schema, table);
      if (existing) {
        jobs.set(table, existing.jobId);
        return;
      }
      jobs.set(table, await addUnscheduledPolicy(s.client, `add_retention_policy($1::regclass, ${intervalSql(dropAfterMs)})`, [s.qualify(table)]));
    },

    async run(table, cutoffMs) {
      const qualified = s.qualify(table);
      const jobId = jobs.get(table) ?? (await findJob(s.client, PROC, s.schema, table))?.jobId;
      if (jobId === undefined) throw new Error(`retention of ${table} was not configured (call configure() first)`);
      const rowsBefore = await count(qualified);
      const chunksBefore = await chunkCounts(s.client, s.schema, table, cutoffMs);
      const dropAfter = await pinOffsetToCutoff(s.client, jobId, 'drop_after', cutoffMs);
      const runJobMs = await runJob(s.client, jobId);
      const rowsAfter = await count(qualified);
      const chunksAfter = await chunkCounts(s.client, s.schema, table, cutoffMs);
      return {
        rowsRemoved: rowsBefore - rowsAfter,
        details: {
          jobId,
          cutoff: new Date(cutoffMs).toISOString(),
          dropAfter,
          runJobMs,
          granularity: 'whole chunks (drop_chunks): a chunk is dropped only when its whole range ends at or before the cutoff',
          rowsBefore,
          rowsAfter,
          rowsOlderThanCutoffKept: await count(qualified, cutoffMs),
          chunksBefore: chunksBefore.total,
          chunksAfter: chunksAfter.total,
          chunksDropped: chunksBefore.total - chunksAfter.total,
          chunksExpectedToDrop: chunksBefore.endingBeforeCutoff,
        },
      };
    },
  };
}
