/**
 * Compression (TimescaleDB columnstore): configure() sets each hypertable's compression
 * settings (segmentby = the table's TableSpec.segmentBy, orderby "timestamp" DESC) and adds the
 * seed's policy `add_compression_policy(table, <olderThan>)`; run(cutoff) pins the policy's
 * compress_after to the absolute cutoff (see ./jobs.ts) and runs the policy job in the
 * foreground (`CALL run_job`). unitsCompressed = chunks that became compressed.
 */
import type { CompressCapability } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import type { SqlSessionContext } from '../postgres/sql-dialect.js';
import { chunkCounts, hypertableFigures } from './hypertables.js';
import { addUnscheduledPolicy, findJob, pinOffsetToCutoff, runJob } from './jobs.js';
import { intervalSql } from './options.js';

const PROC = 'policy_compression';

export function timescaleCompression(s: SqlSessionContext): CompressCapability {
  const jobs = new Map<TableName, number>();

  const jobFor = async (table: TableName): Promise<number> => {
    const known = jobs.get(table) ?? (await findJob(s.client, PROC, s.schema, table))?.jobId;
    if (known === undefined) throw new Error(`compression of ${table} was not configured (call configure() first)`);
    jobs.set(table, known);
    return known;
  };

  return {
    async configure(tables, olderThanMs) {
      for (const table of tables) {
        const qualified = s.qualify(table);
        const existing = await findJob(s.client, PROC, s.schema, table);
        if (existing) {
          jobs.set(table, existing.jobId);
          continue;
        }
        const segmentBy = TABLES[table].segmentBy;
        await s.client.exec(
          `ALTER TABLE ${qualified} SET (timescaledb.compress, ` +
            `timescaledb.compress_segmentby = '${segmentBy.replace(/'/g, "''")}', ` +
            `timescaledb.compress_orderby = '"timestamp" DESC')`,
        );
        jobs.set(table, await addUnscheduledPolicy(s.client, `add_compression_policy($1::regclass, ${intervalSql(olderThanMs)})`, [qualified]));
      }
    },

    async run(tables, cutoffMs) {
      let unitsCompressed = 0;
      const perTable: Record<string, unknown> = {};
      for (const table of tables) {
        const qualified = s.qualify(table);
        const jobId = await jobFor(table);
        const before = await chunkCounts(s.client, s.schema, table, cutoffMs);
        const compressAfter = await pinOffsetToCutoff(s.client, jobId, 'compress_after', cutoffMs);
        const runJobMs = await runJob(s.client, jobId);
        const after = await chunkCounts(s.client, s.schema, table, cutoffMs);
        const compressed = after.compressed - before.compressed;
        unitsCompressed += compressed;
        const figures = await hypertableFigures(s.client, qualified);
        perTable[table] = {
          jobId,
          compressAfter,
          runJobMs,
          chunks: after.total,
          eligible: before.uncompressedEndingBeforeCutoff,
          compressed,
          compressedTotal: after.compressed,
          beforeBytes: figures.compressed_before_total_bytes ?? null,
          afterBytes: figures.compressed_after_total_bytes ?? null,
          ...(compressed !== before.uncompressedEndingBeforeCutoff
            ? { mismatch: `expected ${before.uncompressedEndingBeforeCutoff} chunks ending at or before the cutoff, compressed ${compressed}` }
            : {}),
        };
      }
      return {
        unitsCompressed,
        details: {
          method: 'add_compression_policy + CALL run_job (compress_after pinned to the cutoff)',
          unit: 'chunk',
          cutoff: new Date(cutoffMs).toISOString(),
          tables: perTable,
        },
      };
    },
  };
}
