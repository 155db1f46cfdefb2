/**
 * Compression (TimescaleDB columnstore): configure() sets each hypertable's compression
 * settings (segmentby = the table's TableSpec.segmentBy, orderby "timestamp" DESC) and adds the
 * seed's policy `add_compression_policy(table, <olderThan>)`; run(cutoff) pins the policy's
 * compress_after to the absolute cutoff (see ./jobs.ts) and runs the policy job in the
 * foreground (`CALL run_job`). unitsCompressed = chunks that became compressed; chunks and rows
 * left uncompressed are counted after the run (count(*) of each uncompressed chunk), so a report
 * says whether the compressed figure covers all the data.
 */
import type { CompressCapability } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import type { SqlSessionContext } from '../postgres/sql-dialect.js';
import { chunkCounts, hypertableFigures, uncompressedChunkRows } from './hypertables.js';
import { addUnscheduledPolicy, findJob, pinOffsetToCutoff, runJob } from './jobs.js';
import { intervalSql } from './options.js';
import { addColumnstorePolicyUnscheduled, decideApi, enableStatement, policyStatement, type ApiDecision, type CompressionApiChoice } from './compression-api.js';

const PROC = 'policy_compression';

/**
 * `api`: which statements configure it (./compression-api.ts): the columnstore names on
 * TimescaleDB >= 2.18 by default, or the seed's own; the choice and the statements go into the
 * compress phase's details (results.json).
 */
export function timescaleCompression(s: SqlSessionContext, api: CompressionApiChoice = 'auto'): CompressCapability {
  const jobs = new Map<TableName, number>();
  let decision: ApiDecision | null = null;
  const statements: string[] = [];
  const decided = async (): Promise<ApiDecision> => {
    if (!decision) {
      const r = await s.client.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
      decision = decideApi(api, r.rows[0] ? String(r.rows[0].extversion) : null);
    }
    return decision;
  };

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
        const { api: chosen } = await decided();
        const enable = enableStatement(chosen, qualified, segmentBy, '"timestamp" DESC');
        await s.client.exec(enable);
        statements.push(enable, policyStatement(chosen, qualified, intervalSql(olderThanMs)));
        jobs.set(
          table,
          chosen === 'columnstore'
            ? await addColumnstorePolicyUnscheduled(s.client, qualified, s.schema, table, intervalSql(olderThanMs))
            : await addUnscheduledPolicy(s.client, `add_compression_policy($1::regclass, ${intervalSql(olderThanMs)})`, [qualified]),
        );
      }
    },

    async run(tables, cutoffMs) {
      let unitsCompressed = 0;
      let unitsUncompressed = 0;
      let rowsUncompressed = 0;
      const perTable: Record<string, unknown> = {};
      for (const table of tables) {
        const qualified = s.qualify(table);
        const jobId = await jobFor(table);
        const before = await chunkCounts(s.client, s.schema, table, cutoffMs);
        const compressAfter = await pinOffsetToCutoff(s.client, jobId, 'compress_after', cutoffMs);
        const runJobMs = await runJob(s.client, jobId);
        const after = await chunkCounts(s.client, s.schema, table, cutoffMs);
        const compressed = after.compressed - before.compressed;
        const leftRows = await uncompressedChunkRows(s.client, s.schema, table);
        unitsCompressed += compressed;
        unitsUncompressed += after.total - after.compressed;
        rowsUncompressed += leftRows;
        const figures = await hypertableFigures(s.client, qualified);
        perTable[table] = {
          jobId,
          compressAfter,
          runJobMs,
          chunks: after.total,
          eligible: before.uncompressedEndingBeforeCutoff,
          compressed,
          compressedTotal: after.compressed,
          uncompressedChunks: after.total - after.compressed,
          uncompressedRows: leftRows,
          beforeBytes: figures.compressed_before_total_bytes ?? null,
          afterBytes: figures.compressed_after_total_bytes ?? null,
          ...(compressed !== before.uncompressedEndingBeforeCutoff
            ? { mismatch: `expected ${before.uncompressedEndingBeforeCutoff} chunks ending at or before the cutoff, compressed ${compressed}` }
            : {}),
        };
      }
      const used = await decided();
      return {
        unitsCompressed,
        unitsUncompressed,
        rowsUncompressed,
        unit: 'chunk',
        details: {
          method: `${used.api === 'columnstore' ? 'columnstore API: ALTER TABLE ... SET (timescaledb.enable_columnstore, segmentby, orderby) + CALL add_columnstore_policy' : 'seed API: ALTER TABLE ... SET (timescaledb.compress, compress_segmentby, compress_orderby) + add_compression_policy'} + CALL run_job (compress_after pinned to the cutoff)`,
          api: used.api,
          apiReason: used.reason,
          statements: [...statements],
          unit: 'chunk',
          cutoff: new Date(cutoffMs).toISOString(),
          tables: perTable,
        },
      };
    },
  };
}
