/**
 * The Engine contract: what is benchmarked. An engine owns its schema, ingest encoding,
 * query dialect, policies and storage accounting. It never knows which runtime provided its
 * endpoint. One folder per engine under bench/engines/<name>/ whose index.ts exports `engine`.
 */
import type { Endpoint } from './sql.js';
import type { EngineName, EngineOptions, Scenario } from './scenario.js';
import type { Row, TableName } from './tables.js';
import type { Logger } from './log.js';
import type { QueryAnswer, QueryParams } from './queries.js';
import type { EngineTraits } from './results.js';

/** The kind of server a runtime must provide for an engine. */
export type ServerFamily = 'postgresql' | 'influxdb' | 'redis';

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
  /** Leave the namespace in place at close (a shard other than 0 of a sharded run shares it). */
  keepNamespace?: boolean;
}

export interface Engine {
  name: EngineName;
  /** Display name, e.g. 'TimescaleDB'. */
  title: string;
  server: ServerFamily;
  requirements: ServerRequirements;
  /**
   * How a user makes this engine available when no runtime can serve it, one way per entry
   * (e.g. 'apt-get install influxdb', '--url influxdb=http://host:8086'): shown for skipped targets.
   */
  obtain?: string[];
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
  /**
   * Optional: how to build encode() in another thread, so the write loops can generate and
   * encode off the main thread (bench/phases/write/feed.ts). Must give the same bytes.
   */
  encoder?: EncoderRef;
  /**
   * Optional: a stream of batches over one statement (COPY kept open). write() resolves when
   * the batch was accepted, end() when the engine acknowledged all of them. Closed loops use
   * it when every writer has it.
   */
  openStream?(): BatchStream;
}

export interface BatchStream {
  write(batch: EncodedBatch): Promise<void>;
  end(): Promise<void>;
}

/**
 * A module (file URL) whose export `factory(args)` returns a function equal to
 * TableWriter.encode; `args` must survive structured cloning.
 */
export interface EncoderRef {
  module: string;
  factory: string;
  args: unknown;
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
  /** How these figures were obtained, when the engine's way differs from the common one (InfluxDB 3.x). */
  method?: string;
}

/** Compression (TimescaleDB compress_chunk; engines without it omit the capability). */
export interface CompressCapability {
  /** Enables compression settings (segmentby/orderby) and the policy; no data change. */
  configure(tables: TableName[], olderThanMs: number): Promise<void>;
  /** Compresses every eligible chunk (runs the policy job). Timed by the phase. */
  run(tables: TableName[], cutoffMs: number): Promise<CompressOutcome>;
}

export interface CompressOutcome {
  /** Units (chunks) that became compressed in this run. */
  unitsCompressed: number;
  /** Units left uncompressed after the run (all tables), when the engine can tell. */
  unitsUncompressed?: number;
  /** Rows left in uncompressed units after the run (all tables), when the engine can tell. */
  rowsUncompressed?: number;
  /** The unit's name ('chunk'). */
  unit?: string;
  details: Record<string, unknown>;
}

/** Retention (drop_chunks / retention policy / DELETE / InfluxDB RP). */
export interface RetentionCapability {
  /** What it does in the engine's words, for the report (e.g. "add_retention_policy + run_job"). */
  method: string;
  configure(table: TableName, dropAfterMs: number): Promise<void>;
  /** Applies it: removes data older than cutoffMs (absolute epoch ms). Timed by the phase. */
  run(table: TableName, cutoffMs: number): Promise<{ rowsRemoved: number | null; details: Record<string, unknown> }>;
}

/**
 * Downsampling (continuous aggregates, materialized views, continuous queries + backfill) of
 * the aggregate set in bench/queries/aggregates.ts: every engine creates the same aggregates,
 * addressed by their ids.
 */
export interface DownsampleCapability {
  method: string;
  /** Creates the catalogue's aggregates of the loaded tables; returns the ids created, catalogue order. */
  setup(tables: TableName[], params: QueryParams): Promise<string[]>;
  /** Refreshes / backfills one aggregate over all data. Timed by the phase. */
  refresh(aggregateId: string, params: QueryParams): Promise<void>;
  /** Bytes used by one aggregate (engine's own figure). */
  storageBytes(aggregateId: string): Promise<number>;
  /** Optional: rows (bucket x group-key cells) the aggregate holds after refresh (capacity projections). */
  rowCount?(aggregateId: string): Promise<number>;
  /** The engine object holding the aggregate (view, measurement), for the report. */
  objectName(aggregateId: string): string;
  /** Answers the aggregate's raw query (AggregateDefinition.answers.queryId) from the aggregate. */
  runAggregateQuery(aggregateId: string, params: QueryParams): Promise<QueryAnswer>;
}

/** What prepareForQueries() did: the method in words and its wall time. */
export interface QueryPreparation {
  method: string;
  ms: number;
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
  /**
   * Optional: brings planner state to a known point after a load (SQL engines: ANALYZE of the
   * loaded tables), so plans do not depend on when autovacuum ran. Called after every load;
   * the caller records method and ms in the phase's method text. Engines without a planner omit it.
   */
  prepareForQueries?(tables: readonly TableName[]): Promise<QueryPreparation>;
  /**
   * Optional: brings planner state to a defined point after a load (ANALYZE of the loaded
   * tables on SQL engines), so plans never depend on when autovacuum happened to run. The
   * preload phase calls it after its last trial and reports `method` and the time taken.
   */
  prepareForQueries?(tables: readonly TableName[]): Promise<{ method: string; ms: number }>;
  /**
   * Makes storage figures final: CHECKPOINT, wait for cache flush... Resolves with a caveat
   * for the storage figures when the flush could not be done as intended (e.g. CHECKPOINT
   * refused to a role without superuser), which the storage phase records.
   */
  flush(): Promise<string | void>;
  /** The server's wall clock now (epoch ms), read in one round trip: shards' clock offsets (bench/shard/clock.ts). */
  serverClockMs?(): Promise<number>;
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
