/**
 * SqlDialect: what differs between PostgreSQL-family engines that share one session
 * implementation (bench/engines/postgres/sql-session.ts).
 *
 * HOW TO BUILD AN ENGINE ON IT (e.g. bench/engines/timescaledb/):
 *
 *   import { createSqlSession } from '../postgres/sql-session.js';
 *   export const engine: Engine = {
 *     name: 'timescaledb', title: 'TimescaleDB', server: 'postgresql',
 *     requirements: { extensions: ['timescaledb'], preloadLibraries: ['timescaledb'], settings: {...} },
 *     async open(endpoint, ctx) {
 *       if (endpoint.protocol !== 'sql') throw new TargetError('timescaledb needs an SQL endpoint');
 *       return createSqlSession(endpoint, ctx, timescaleDialect);
 *     },
 *   };
 *
 * (bench/engines/postgres/index.ts is the smallest complete example.)
 *
 * The shared session already does, for every dialect: the run's schema (created at open,
 * dropped CASCADE at close), CREATE TABLE with the seed's columns/types/PK, writers (COPY and
 * multi-row INSERT, one connection per writer when the endpoint allows), exact count(*), the
 * portable named queries (queries.ts, one text for every dialect), ANALYZE after loads, CHECKPOINT, per-table storage
 * (pg_total_relation_size & co + data file paths) and the info block. A dialect only supplies
 * the hooks below; every optional hook has a plain-PostgreSQL default (stated per hook).
 *
 * Hooks receive a `SqlSessionContext` (the session's own connection, its schema, a name
 * qualifier and the engine context). They run on the session's connection, never in a writer's.
 */
import type { CompressCapability, DownsampleCapability, EngineContext, RetentionCapability } from '../../core/engine.js';
import type { SqlClient } from '../../core/sql.js';
import type { TableName, TableSpec } from '../../core/tables.js';
import type { NamedQuerySql } from './queries.js';

/** What a dialect hook can use. */
export interface SqlSessionContext {
  /** The session's own connection (shared with capabilities; writers have their own). */
  readonly client: SqlClient;
  /** The run's schema, unquoted (e.g. `tsdb_bench_20250101_abc`). */
  readonly schema: string;
  /** `"schema"."name"` for a table or any other object (view, aggregate) of the run. */
  qualify(name: string): string;
  /** The engine context given to open() (scenario, runId, options, log, signal). */
  readonly ctx: EngineContext;
  /** Tables created by createTables() in this session so far. */
  readonly createdTables: ReadonlySet<TableName>;
}

/** Capabilities a dialect offers; a missing one is recorded by its phase as unsupported. */
export interface SqlCapabilities {
  compress?: CompressCapability;
  retention?: RetentionCapability;
  downsample?: DownsampleCapability;
}

export interface SqlDialect {
  /** Engine name as in scenarios ('postgres', 'timescaledb'). */
  readonly engine: string;
  /** Display name ('PostgreSQL', 'TimescaleDB'). */
  readonly title: string;

  /**
   * Idiomatic queries (bench/queries/catalog.ts IDIOMATIC_QUERIES): the dialect's own SQL for
   * the same question as a portable query (e.g. TimescaleDB last()/first()), with the same
   * answer. Portable queries always use the one shared text of ./queries.ts (never a hook), so
   * engines are compared on the same SQL. Default: no idiomatic queries.
   */
  readonly idiomaticQueryIds?: readonly string[];
  idiomaticQuery?(queryId: string, qualify: (table: TableName) => string): NamedQuerySql | undefined;

  /**
   * Runs once at open, after the schema was created (e.g. `CREATE EXTENSION IF NOT EXISTS
   * timescaledb`, `LOAD 'timescaledb'`). Default: nothing.
   */
  prepareSession?(s: SqlSessionContext): Promise<void>;

  /**
   * Runs after each CREATE TABLE (e.g. `SELECT create_hypertable(...)`). `qualified` is the
   * quoted schema-qualified name. Default: nothing.
   */
  afterCreateTable?(s: SqlSessionContext, table: TableSpec, qualified: string): Promise<void>;

  /**
   * Component versions beyond PostgreSQL's (e.g. { timescaledb: '2.23.0' }); the session always
   * adds { postgresql: <server_version> }. Default: none.
   */
  extraVersions?(s: SqlSessionContext): Promise<Record<string, string>>;

  /**
   * The info.version headline from all versions. Default: `PostgreSQL <postgresql>`.
   * TimescaleDB: `TimescaleDB ${v.timescaledb} on PostgreSQL ${v.postgresql}`.
   */
  versionString?(versions: Record<string, string>): string;

  /**
   * Relations holding the table's data besides the table itself (e.g. its chunks and their
   * compressed chunks), as regclass-castable names or oids. The session adds their sizes to the
   * pg_* figures and their files to dataPaths. Default: none.
   */
  dataRelations?(s: SqlSessionContext, table: TableName, qualified: string): Promise<string[]>;

  /** Engine figures added to TableStorage.engineBytes (e.g. { hypertable_size: n }). Default: none. */
  storageExtras?(s: SqlSessionContext, table: TableName, qualified: string): Promise<Record<string, number>>;

  /** Which engineBytes entry is the headline (e.g. 'hypertable_size'). Default: 'pg_total_relation_size'. */
  readonly primaryStorageFigure?: string;

  /**
   * Compress / retention / downsample capabilities, built once at open. Default: none.
   * Plain PostgreSQL uses deleteRetention() (retention-delete.ts) and
   * materializedViewDownsample() (materialized-views.ts); both are reusable.
   */
  capabilities?(s: SqlSessionContext): SqlCapabilities;

  /** Runs at close before the schema is dropped (e.g. remove jobs outside the schema). Default: nothing. */
  beforeClose?(s: SqlSessionContext): Promise<void>;
}
