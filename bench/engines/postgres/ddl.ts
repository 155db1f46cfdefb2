/**
 * CREATE TABLE statements with the seed's columns, types and primary keys, verbatim from
 * bench/core/tables.ts (every column name quoted: "timestamp" is a keyword).
 */
import type { TableSpec } from '../../core/tables.js';
import { quoteIdent } from '../../sql/pg-wire.js';

export function createTableSql(spec: TableSpec, qualified: string): string {
  const columns = spec.columns.map((c) => `  ${quoteIdent(c.name)} ${c.sqlType}${c.notNull ? ' NOT NULL' : ''}`);
  const pk = `  PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`;
  return `CREATE TABLE ${qualified} (\n${[...columns, pk].join(',\n')}\n)`;
}

/** Column names in row order (what COPY and INSERT list). */
export function columnNames(spec: TableSpec): string[] {
  return spec.columns.map((c) => c.name);
}
