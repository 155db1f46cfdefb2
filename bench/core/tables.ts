/**
 * The seed document's four time-series tables: one description shared by generators,
 * encoders and engines. Column order here is the order of values in a generated row.
 */

export type TableName = 'market_price_ticks' | 'source_reliability_metrics' | 'sentiment_scores' | 'alert_events';

export const TABLE_NAMES: readonly TableName[] = ['market_price_ticks', 'source_reliability_metrics', 'sentiment_scores', 'alert_events'];

/**
 * How a column's value is held in a generated row:
 * - `time`: epoch microseconds (integer number; strictly unique within a table's dataset);
 * - `text`: string;
 * - `float`: number (double);
 * - `decimal`: string with a fixed number of decimals (exact, e.g. "41234.12345678");
 * - `int`: integer number;
 * - `json`: string holding a JSON object.
 * Any value except the time column and primary-key columns may be null.
 */
export type ValueKind = 'time' | 'text' | 'float' | 'decimal' | 'int' | 'json';

/** The role of a column for a tag/field store (InfluxDB). */
export type ColumnRole = 'time' | 'tag' | 'field';

export interface ColumnSpec {
  readonly name: string;
  /** The seed's SQL type, verbatim. */
  readonly sqlType: string;
  readonly kind: ValueKind;
  readonly role: ColumnRole;
  readonly notNull: boolean;
}

export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /** The seed's primary key, in order. */
  readonly primaryKey: readonly string[];
  /** The seed's (or, where the seed is silent, our) compress_segmentby column. */
  readonly segmentBy: string;
  /** InfluxDB measurement name (same as the table). */
  readonly measurement: string;
}

/** A generated row: values in `TableSpec.columns` order. Index 0 is always the time column. */
export type Row = (string | number | null)[];

const col = (name: string, sqlType: string, kind: ValueKind, role: ColumnRole, notNull = false): ColumnSpec => ({ name, sqlType, kind, role, notNull });

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  source_reliability_metrics: {
    name: 'source_reliability_metrics',
    columns: [
      col('timestamp', 'TIMESTAMPTZ', 'time', 'time', true),
      col('source_ref', 'TEXT', 'text', 'tag', true),
      col('trust_score', 'FLOAT', 'float', 'field'),
      col('response_time_ms', 'INT', 'int', 'field'),
      col('error_rate', 'FLOAT', 'float', 'field'),
    ],
    primaryKey: ['timestamp', 'source_ref'],
    segmentBy: 'source_ref',
    measurement: 'source_reliability_metrics',
  },
  market_price_ticks: {
    name: 'market_price_ticks',
    columns: [
      col('timestamp', 'TIMESTAMPTZ', 'time', 'time', true),
      col('symbol', 'TEXT', 'text', 'tag', true),
      col('price', 'DECIMAL(18, 8)', 'decimal', 'field'),
      col('volume', 'DECIMAL(18, 8)', 'decimal', 'field'),
      // Part of the seed's primary key, so NOT NULL in PostgreSQL.
      col('exchange', 'TEXT', 'text', 'tag', true),
    ],
    primaryKey: ['timestamp', 'symbol', 'exchange'],
    segmentBy: 'symbol',
    measurement: 'market_price_ticks',
  },
  sentiment_scores: {
    name: 'sentiment_scores',
    columns: [
      col('timestamp', 'TIMESTAMPTZ', 'time', 'time', true),
      col('narrative_id', 'TEXT', 'text', 'tag', true),
      col('sentiment_score', 'FLOAT', 'float', 'field'),
      col('volume', 'INT', 'int', 'field'),
    ],
    primaryKey: ['timestamp', 'narrative_id'],
    segmentBy: 'narrative_id',
    measurement: 'sentiment_scores',
  },
  alert_events: {
    name: 'alert_events',
    columns: [
      col('timestamp', 'TIMESTAMPTZ', 'time', 'time', true),
      col('alert_type', 'TEXT', 'text', 'tag', true),
      col('severity', 'TEXT', 'text', 'tag'),
      col('source_ref', 'TEXT', 'text', 'tag'),
      col('metadata', 'JSONB', 'json', 'field'),
    ],
    primaryKey: ['timestamp', 'alert_type'],
    segmentBy: 'alert_type',
    measurement: 'alert_events',
  },
};

export function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}
