/** Default generator shape per table (scenario values override field by field). */
import type { TableShape } from '../core/scenario.js';
import type { TableName } from '../core/tables.js';
import { tableModule } from './tables/index.js';

export function defaultShape(table: TableName): TableShape {
  return tableModule(table).defaultShape();
}

/** `partial` over the table's defaults. */
export function resolveShape(table: TableName, partial: Partial<TableShape> = {}): TableShape {
  const shape = { ...defaultShape(table) };
  for (const [k, v] of Object.entries(partial) as [keyof TableShape, number | undefined][]) {
    if (v !== undefined) shape[k] = v;
  }
  return shape;
}
