/**
 * The Engine contract: what is benchmarked. An engine owns its schema, ingest encoding,
 * query dialect, policies and storage accounting. It never knows which runtime provided its
 * endpoint. One folder per engine under bench/engines/<name>/ whose index.ts exports `engine`.
 */
import type { Endpoint } from './sql.js';
import type { EngineName, EngineOptions, Scenario } from './scenario.js';
import type { Row, TableName } from './tables.js';
import type { Logger } from './log.js';
import type { QueryAnswer, QueryParams } from '../queries/catalog.js';
import type { EngineTraits } from './results.js';

/** The kind of server a runtime must provide for an engine. */
export type ServerFamily = 'postgresql' | 'influxdb';

/** What an engine needs from the server beyond the family (data, not code). */
export interface ServerRequirements {
  /** Extensions that must be available (e.g. ['timescaledb']). */
  extensions?: string[];
  /** shared_preload_libraries entries (e.g. ['timescaledb']). */
  preloadLibraries?: string[];
  /** Settings the engine always needs (e.g. timescaledb.telemetry_level=off). */
  settings?: Record<string, string>;
}

export interface EngineContext {
  scenario: Scenario;
  runId: string;
  options: EngineOptions;
  log: Logger;
  signal: AbortSignal;
}

export interface Engine {
  name: EngineName;
  /** Display name, e.g. 'TimescaleDB'. */
  title: string;
  server: ServerFamily;
  requirements: ServerRequirements;
  /** Design facts used by projections; default { timePartitioned: false }. */
  traits?: EngineTraits;
  /** Connects to a started server and returns a session bound to this run's namespace. */
  open(endpoint: Endpoint, ctx: EngineContext): Promise<EngineSession>;
}

export interface EngineInfo {
  /** e.g. 'PostgreSQL 15.14', 'TimescaleDB 2.23.0 on PostgreSQL 17.5', 'InfluxDB 1.6.7'. */
  version: string;
  /** Component versions, e.g. { postgresql: '15.14', timescaledb: '2.23.0' }. */
  versions: Record<string, string>;
  /** Settings that differ from the server's defaults (name -> value). */
  settings: Record<string, string>;
  /** Namespace the harness created (schema or database) and drops at close. */
  namespace: string;
}

/** An encoded batch, ready to send. Produced outside timed sections. */
export interface EncodedBatch {
  rows: number;
  bytes: number;
  payload: unknown;
}

export interface TableWriter {
  /** Pure CPU: rows -> the engine's wire format (COPY text, INSERT statement, line protocol). */
  encode(rows: readonly Row[]): EncodedBatch;
  /** Sends one batch and resolves when the engine acknowledged it. This is what is timed. */
  write(batch: EncodedBatch): Promise<void>;
  close(): Promise<void>;
}

/** Storage of one table, measured after flush(). */
export interface TableStorage {
  table: TableName;
  rows: number;
  /**
   * Paths (relative to the server's data directory) holding this table's data, for the
   * common allocated-bytes accounting done by the runtime. Empty when not knowable.
   */
  dataPaths: string[];
  /** The engine's own figures, e.g. { pg_total_relation_size: 123, hypertable_size: 456 }. */
  engineBytes: Record<string, number>;
  /** Which engineBytes entry is the engine's headline figure for this table. */
  primary: string;
}

/** Compression (TimescaleDB compress_chunk; engines without it omit the capability). */
export interface CompressCapability {
  /** Enables compression settings (segmentby/orderby) and the policy; no data change. */
  configure(tables: TableName[], olderThanMs: number): Promise<void>;
  /** Compresses every eligible chunk (runs the policy job). Timed by the phase. */
  run(tables: TableName[], cutoffMs: number): Promise<{ unitsCompressed: number; details: Record<string, unknown> }>;
}

/** Retention (drop_chunks / retention policy / DELETE / InfluxDB RP). */
export interface RetentionCapability {
  /** What it does in the engine's words, for the report (e.g. "add_retention_policy + run_job"). */
  method: string;
  configure(table: TableName, dropAfterMs: number): Promise<void>;
  /** Applies it: removes data older than cutoffMs (absolute epoch ms). Timed by the phase. */
  run(table: TableName, cutoffMs: number): Promise<{ rowsRemoved: number | null; details: Record<string, unknown> }>;
}

/** Downsampling (continuous aggregates, materialized views, continuous queries + backfill). */
export interface DownsampleCapability {
  method: string;
  /** Creates the aggregates for the loaded tables. */
  setup(tables: TableName[], params: QueryParams): Promise<string[]>;
  /** Refreshes / backfills all aggregates. Timed by the phase. */
  refresh(params: QueryParams): Promise<void>;
  /** Bytes used by the aggregates (engine's own figure). */
  storageBytes(): Promise<number>;
  /** Raw query ids that have an aggregate counterpart. */
  aggregateQueries(): string[];
  /** Answers raw query `queryId` from the aggregate instead of raw data. */
  runAggregateQuery(queryId: string, params: QueryParams): Promise<QueryAnswer>;
}

export interface EngineSession {
  readonly info: EngineInfo;
  /** Drops (if present) and creates the tables in the run's namespace. */
  createTables(tables: readonly TableName[]): Promise<void>;
  truncate(table: TableName): Promise<void>;
  /** A writer with its own connection where the endpoint allows several. */
  writer(table: TableName, method: 'copy' | 'insert'): Promise<TableWriter>;
  count(table: TableName): Promise<number>;
  /** Query ids from bench/queries/catalog.ts this engine implements. */
  supportedQueries(): string[];
  runQuery(queryId: string, params: QueryParams): Promise<QueryAnswer>;
  /** Makes storage figures final: CHECKPOINT, wait for cache flush... */
  flush(): Promise<void>;
  storage(tables: readonly TableName[]): Promise<TableStorage[]>;
  /** Optional engine-side full compaction (InfluxDB). */
  compact?(): Promise<void>;
  compress?: CompressCapability;
  retention?: RetentionCapability;
  downsample?: DownsampleCapability;
  /** Drops the run's namespace and closes connections. Idempotent. */
  close(): Promise<void>;
}

export type { Row, TableName };
