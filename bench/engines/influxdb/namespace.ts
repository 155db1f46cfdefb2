/**
 * The run's namespace: one database (1.x) or bucket + DBRP mapping (2.x) per table, named
 * `tsdb_bench_<runId>_<table>`, so storage is measured per table and everything is dropped at close.
 */
import type { TableName } from '../../core/tables.js';

export const NAMESPACE_PREFIX = 'tsdb_bench_';

export function safeRunId(runId: string): string {
  const s = runId.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  return s.length > 0 ? s : 'run';
}

export function databaseName(runId: string, table: TableName): string {
  return `${NAMESPACE_PREFIX}${safeRunId(runId)}_${table}`;
}

/** The namespace as shown in EngineInfo (a pattern: one database per table). */
export function namespaceLabel(runId: string): string {
  return `${NAMESPACE_PREFIX}${safeRunId(runId)}_<table>`;
}
