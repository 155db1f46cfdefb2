/**
 * An open InfluxDB session bound to one run: one database (1.x, 3.x) or bucket + DBRP (2.x) per
 * table. The named queries go through InfluxQL `/query` on every flavour (answers compare across
 * versions); 3.x also answers the catalogue's idiomatic variants in SQL (/api/v3/query_sql).
 * Measured writes are line protocol POSTed by each writer on its own connection, to the
 * endpoint each version prefers (/write, /api/v2/write, /api/v3/write_lp).
 */
import type { Pool } from 'undici';
import type { DownsampleCapability, EncodedBatch, EngineContext, EngineInfo, EngineSession, RetentionCapability, TableStorage, TableWriter } from '../../core/engine.js';
import { TABLES, type TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { lineEncoder, lineEncoderRef, type InfluxPayload, type LineEncoderArgs } from './line-protocol.js';
import { newWriterClient } from './http.js';
import { describeFailure, expectOk, queryFileLimit } from './errors.js';
import { createDatabaseRequest, deleteDatabaseRequest, parquetFilesStatement, sqlQueryRequest } from './v3-requests.js';
import { sqlRows, V3_SQL_QUERIES } from './v3-sql.js';
import { countRows, parquetSpanStatement } from './v3-count.js';
import { v2TaskDownsample, type V2TaskDownsample } from './v2-tasks.js';
import { ident } from './influxql.js';
import { countStatement, INFLUX_QUERIES } from './queries.js';
import { metricsRequest, queryRequest, writeRequest, type Connection, type WriteTarget } from './requests.js';
import { firstSeries, scalar, seriesRows, statementResults } from './results.js';
import { parseShowStats, prometheusByLabel, sumShards, type ShardStats } from './stats.js';
import { databaseName, namespaceLabel } from './namespace.js';
import { isAggregateRp, INFLUX_AGGREGATES } from './aggregates.js';
import { influxRetention } from './retention.js';
import { v1ContinuousQueryDownsample, type V1ContinuousQueryDownsample } from './downsampling.js';
import type { V2Admin } from './v2-admin.js';

const DEFAULT_FLUSH_TIMEOUT_MS = 180_000;

interface TableNamespace {
  database: string;
  /** 2.x only. */
  bucketID?: string;
}

interface V2State {
  admin: V2Admin;
  orgID: string;
}

/** How the last flush() went (also logged). */
export interface FlushRecord {
  waitedMs: number;
  flushed: boolean;
  /** Bytes still in the cache when the wait ended (0 when flushed). */
  cacheBytes: number;
}

export type { InfluxPayload } from './line-protocol.js';

/** How the 3.x storage figure was obtained (storage details and results.json). */
export const V3_STORAGE_METHOD =
  'InfluxDB 3.x: Parquet bytes of the table from the system table system.parquet_files (SUM(size_bytes), the object-store ' +
  'size of each persisted file; with --object-store file the files under the data directory), after flush() waited until ' +
  'the persisted row count equals COUNT(*) (rows still only in the WAL/in-memory buffer are not in Parquet yet)';

export class InfluxSession implements EngineSession {
  readonly info: EngineInfo;
  /** 1.x and 2.x; 3.x Core deletes no points (no retention capability). */
  readonly retention?: RetentionCapability;
  readonly downsample?: DownsampleCapability;
  private readonly v2Tasks: V2TaskDownsample | null = null;
  private readonly v1Downsample: V1ContinuousQueryDownsample | null = null;
  lastFlush: FlushRecord | null = null;
  private readonly tables = new Map<TableName, TableNamespace>();
  private readonly writers = new Set<TableWriter>();
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    private readonly conn: Connection,
    private readonly pool: Pool,
    version: string,
    private readonly ctx: EngineContext,
    private readonly v2: V2State | null,
    /** X-Influxdb-Build of /ping (3.x: "Core" / "Enterprise"). */
    build?: string,
  ) {
    this.info = {
      version: `InfluxDB ${version}${build ? ` ${build}` : ''}`,
      versions: build ? { influxdb: version, influxdbBuild: build } : { influxdb: version },
      settings: { ...ctx.options.settings },
      namespace: namespaceLabel(ctx.runId),
    };
    // Retention (./retention.ts) and downsampling (./downsampling.ts, ./v2-tasks.ts) live in
    // their own modules; the session hands them its namespaces and its InfluxQL channel.
    if (conn.major !== 3) {
      this.retention = influxRetention({ conn, pool, databaseOf: (table) => this.ns(table).database, influxql: (q, database) => this.influxql(q, database), signal: ctx.signal });
    }
    if (conn.major === 1) {
      this.v1Downsample = v1ContinuousQueryDownsample({
        databaseOf: (table) => this.tables.get(table)?.database,
        influxql: (q, database) => this.influxql(q, database),
        shardStats: () => this.shardStats(),
        cacheBytes: (filter) => this.cacheBytes(filter),
        flushTimeoutMs: DEFAULT_FLUSH_TIMEOUT_MS,
        signal: ctx.signal,
      });
      this.downsample = this.v1Downsample;
    }
    if (conn.major === 2 && v2) {
      this.v2Tasks = v2TaskDownsample(
        {
          admin: v2.admin,
          orgID: v2.orgID,
          databaseOf: (table) => this.tables.get(table)?.database,
          influxql: (q, database) => this.influxql(q, database),
          metricByBucket: (name) => this.metrics(name),
          signal: ctx.signal,
        },
        INFLUX_AGGREGATES,
      );
      this.downsample = this.v2Tasks;
    }
  }

  private get v3(): boolean {
    return this.conn.major === 3;
  }

  // ---- plumbing ----

  private ns(table: TableName): TableNamespace {
    const ns = this.tables.get(table);
    if (!ns) throw new Error(`InfluxDB: table ${table} was not created in this run`);
    return ns;
  }

  /** Runs InfluxQL and returns the parsed JSON (errors thrown with the server's message). */
  async influxql(q: string, database?: string, signal: AbortSignal | undefined = this.ctx.signal): Promise<unknown> {
    const what = `InfluxQL ${q.slice(0, 120)}`;
    const reply = await expectOk(this.pool, queryRequest(this.conn, q, database), [200], what, signal);
    const json = JSON.parse(reply.text) as unknown;
    try {
      statementResults(json, q);
    } catch (err) {
      // 3.x reports its Parquet file limit inside the statement result: say what it means.
      const message = err instanceof Error ? err.message : String(err);
      if (queryFileLimit(message) !== null) throw new Error(describeFailure(what, { status: 200, headers: {}, text: message }));
      throw err;
    }
    return json;
  }

  /** 3.x SQL (/api/v3/query_sql): rows as objects, zone-less timestamps marked UTC. */
  async sql(q: string, database: string, timeColumns: readonly string[] = []): Promise<Record<string, unknown>[]> {
    const what = `SQL ${q.slice(0, 120)}`;
    const reply = await expectOk(this.pool, sqlQueryRequest(this.conn, database, q), [200], what, this.ctx.signal);
    return sqlRows(reply.text, timeColumns, what);
  }

  /** 3.x: drops (a leftover, 404 when none) and creates the database. */
  private async recreateV3Database(database: string): Promise<void> {
    await expectOk(this.pool, deleteDatabaseRequest(this.conn, database), [200, 204, 404], `InfluxDB 3 deletion of database ${database}`, this.ctx.signal);
    await expectOk(this.pool, createDatabaseRequest(this.conn, database), [200, 201, 204], `InfluxDB 3 creation of database ${database}`, this.ctx.signal);
  }

  private writeTarget(table: TableName): WriteTarget {
    const database = this.ns(table).database;
    return { database, bucket: database };
  }

  // ---- tables ----

  async createTables(tables: readonly TableName[]): Promise<void> {
    for (const table of tables) {
      const database = databaseName(this.ctx.runId, table);
      if (this.v2) {
        const { bucketID } = await this.v2.admin.createBucketWithDbrp(this.v2.orgID, database);
        this.tables.set(table, { database, bucketID });
      } else if (this.v3) {
        await this.recreateV3Database(database);
        this.tables.set(table, { database });
      } else {
        await this.influxql(`DROP DATABASE ${ident(database)}`);
        await this.influxql(`CREATE DATABASE ${ident(database)}`);
        this.tables.set(table, { database });
      }
    }
  }

  async truncate(table: TableName): Promise<void> {
    const { database, bucketID } = this.ns(table);
    if (this.v2) {
      await this.v2Tasks?.dropTable(table);
      if (bucketID) await this.v2.admin.deleteBucket(bucketID);
      const created = await this.v2.admin.createBucketWithDbrp(this.v2.orgID, database);
      this.tables.set(table, { database, bucketID: created.bucketID });
    } else if (this.v3) {
      await this.recreateV3Database(database);
    } else {
      // Dropping the database also drops its continuous queries and retention policies.
      await this.influxql(`DROP DATABASE ${ident(database)}`);
      await this.influxql(`CREATE DATABASE ${ident(database)}`);
      this.v1Downsample?.forgetTable(table);
    }
  }

  async writer(table: TableName): Promise<TableWriter> {
    const target = this.writeTarget(table);
    const encoder = lineEncoderRef({ table, gzip: this.ctx.options.options.gzip === true });
    const client = newWriterClient(this.baseUrl);
    const conn = this.conn;
    const signal = this.ctx.signal;
    const writers = this.writers;
    const writer: TableWriter = {
      encode: lineEncoder(encoder.args as LineEncoderArgs),
      encoder,
      async write(batch: EncodedBatch): Promise<void> {
        const { body, gzip: zipped } = batch.payload as InfluxPayload;
        await expectOk(client, writeRequest(conn, target, body, zipped), [204], `InfluxDB write of ${batch.rows} points to ${target.database}`, signal);
      },
      async close(): Promise<void> {
        writers.delete(writer);
        await client.close();
      },
    };
    writers.add(writer);
    return writer;
  }

  async count(table: TableName): Promise<number> {
    if (this.v3) {
      const database = this.ns(table).database;
      return countRows(table, {
        count: async (q) => scalar(await this.influxql(q, database), 'n', q),
        span: async () => {
          const [r] = await this.sql(parquetSpanStatement(table), database);
          return typeof r?.lo === 'number' && typeof r?.hi === 'number' ? { loNs: r.lo, hiNs: r.hi } : null;
        },
      });
    }
    const q = countStatement(table, TABLES[table].measurement);
    return scalar(await this.influxql(q, this.ns(table).database), 'n', q);
  }

  // ---- queries ----

  supportedQueries(): string[] {
    return this.v3 ? [...Object.keys(INFLUX_QUERIES), ...Object.keys(V3_SQL_QUERIES)] : Object.keys(INFLUX_QUERIES);
  }

  async runQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
    const def = queryById(queryId);
    const sq = this.v3 ? V3_SQL_QUERIES[queryId] : undefined;
    if (def && sq) {
      return normalizeAnswer(def, await this.sql(sq.build(TABLES[sq.table].measurement, params), this.ns(sq.table).database, sq.timeColumns));
    }
    const iq = INFLUX_QUERIES[queryId];
    if (!def || !iq) throw new Error(`InfluxDB: unknown query '${queryId}'`);
    const q = iq.build(TABLES[iq.table].measurement, params);
    const json = await this.influxql(q, this.ns(iq.table).database);
    return normalizeAnswer(def, seriesRows(firstSeries(json, q), { timeAs: iq.timeAs }));
  }

  // ---- storage ----

  private async shardStats(): Promise<ShardStats[]> {
    return parseShowStats(await this.influxql('SHOW STATS'));
  }

  private async metrics(name: string): Promise<Map<string, number>> {
    const reply = await expectOk(this.pool, metricsRequest(this.conn), [200], 'InfluxDB /metrics', this.ctx.signal);
    return prometheusByLabel(reply.text, name, 'bucket');
  }

  /** Bytes still in the TSM cache of this run's databases/buckets. */
  async cacheBytes(filter: (s: ShardStats) => boolean = () => true): Promise<number> {
    if (this.v2) {
      const byBucket = await this.metrics('storage_cache_inuse_bytes');
      let total = 0;
      for (const ns of this.tables.values()) total += ns.bucketID ? (byBucket.get(ns.bucketID) ?? 0) : 0;
      return total;
    }
    const dbs = new Set([...this.tables.values()].map((n) => n.database));
    return sumShards(await this.shardStats(), (s) => dbs.has(s.database) && filter(s)).cacheBytes;
  }

  /**
   * Waits (bounded: options.flushTimeoutMs, default 180 s) until the cache of the run's data is
   * snapshotted to TSM files. How fast that happens depends on the server's
   * cache-snapshot-write-cold-duration (the native runtime sets 10s; the default is 10m).
   */
  async flush(): Promise<void> {
    if (this.v3) return this.flushV3();
    const timeout = typeof this.ctx.options.options.flushTimeoutMs === 'number' ? this.ctx.options.options.flushTimeoutMs : DEFAULT_FLUSH_TIMEOUT_MS;
    const started = Date.now();
    let cache = await this.cacheBytes();
    while (cache > 0 && Date.now() - started < timeout && !this.ctx.signal.aborted) {
      await new Promise((r) => setTimeout(r, 250));
      cache = await this.cacheBytes();
    }
    this.lastFlush = { waitedMs: Date.now() - started, flushed: cache === 0, cacheBytes: cache };
    if (cache > 0) this.ctx.log.warn(`InfluxDB cache not flushed after ${timeout} ms (${cache} bytes still cached); storage figures include the WAL`);
    else this.ctx.log.debug(`InfluxDB cache flushed to TSM in ${this.lastFlush.waitedMs} ms`);
  }

  /** 3.x: Parquet files of one table (system.parquet_files). */
  private async parquetFiles(table: TableName): Promise<{ files: number; bytes: number; rows: number }> {
    const rows = await this.sql(parquetFilesStatement(TABLES[table].measurement), this.ns(table).database);
    const r = rows[0] ?? {};
    const n = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0);
    return { files: n(r.files), bytes: n(r.bytes), rows: n(r.rows) };
  }

  /**
   * 3.x keeps new rows in its WAL and in-memory buffer and persists them to Parquet at the next
   * snapshot (wal-snapshot-size x wal-flush-interval, default 600 x 1 s): waits (bounded:
   * options.flushTimeoutMs, default 180 s) until every table's persisted rows equal COUNT(*).
   */
  private async flushV3(): Promise<void> {
    const timeout = typeof this.ctx.options.options.flushTimeoutMs === 'number' ? this.ctx.options.options.flushTimeoutMs : DEFAULT_FLUSH_TIMEOUT_MS;
    const started = Date.now();
    const pending = async (): Promise<number> => {
      let missing = 0;
      for (const table of this.tables.keys()) missing += Math.max(0, (await this.count(table)) - (await this.parquetFiles(table)).rows);
      return missing;
    };
    let missing = await pending();
    while (missing > 0 && Date.now() - started < timeout && !this.ctx.signal.aborted) {
      await new Promise((r) => setTimeout(r, 1000));
      missing = await pending();
    }
    this.lastFlush = { waitedMs: Date.now() - started, flushed: missing === 0, cacheBytes: 0 };
    if (missing > 0) this.ctx.log.warn(`InfluxDB 3: ${missing} rows not yet persisted to Parquet after ${timeout} ms; storage figures leave them out`);
  }

  private async storageV3(tables: readonly TableName[]): Promise<TableStorage[]> {
    const out: TableStorage[] = [];
    for (const table of tables) {
      const rows = await this.count(table);
      const parquet = await this.parquetFiles(table);
      out.push({
        table,
        rows,
        // Parquet files live under <data-dir>/<node-id>/dbs/<db>-<id>/<table>-<id>/: the engine
        // figure is authoritative; no path is claimed for the allocated-bytes walk.
        dataPaths: [],
        engineBytes: { parquetBytes: parquet.bytes, parquetFiles: parquet.files, parquetRows: parquet.rows },
        primary: 'parquetBytes',
        method: V3_STORAGE_METHOD,
      });
    }
    return out;
  }

  /**
   * Per table: dataPaths relative to the influxd root directory (the directory holding `data/`
   * and `wal/`; for 2.x the engine directory holding `data/` and `wal/`): the database's series
   * file and its retention policies' shard dirs (1.x), the bucket's dirs (2.x). The aggregates'
   * retention policies are excluded (reported by downsample.storageBytes()).
   */
  async storage(tables: readonly TableName[]): Promise<TableStorage[]> {
    if (this.v3) return this.storageV3(tables);
    const out: TableStorage[] = [];
    const shards = this.v2 ? [] : await this.shardStats();
    const diskByBucket = this.v2 ? await this.metrics('storage_shard_disk_size') : new Map<string, number>();
    for (const table of tables) {
      const { database, bucketID } = this.ns(table);
      const rows = await this.count(table);
      if (this.v2) {
        out.push({
          table,
          rows,
          dataPaths: bucketID ? [`data/${bucketID}`, `wal/${bucketID}`] : [],
          engineBytes: { diskBytes: bucketID ? (diskByBucket.get(bucketID) ?? 0) : 0 },
          primary: 'diskBytes',
        });
        continue;
      }
      const own = (s: ShardStats): boolean => s.database === database && !isAggregateRp(s.retentionPolicy);
      const figures = sumShards(shards, own);
      const rps = [...new Set(shards.filter(own).map((s) => s.retentionPolicy))].sort();
      out.push({
        table,
        rows,
        dataPaths: [`data/${database}/_series`, ...rps.flatMap((rp) => [`data/${database}/${rp}`, `wal/${database}/${rp}`])],
        engineBytes: { diskBytes: figures.diskBytes, tsmBytes: figures.tsmBytes, walBytes: figures.walBytes, cacheBytes: figures.cacheBytes },
        primary: 'diskBytes',
      });
    }
    return out;
  }

  // ---- end ----

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.writers]) await w.close().catch(() => {});
    try {
      await this.v2Tasks?.drop();
      for (const { database, bucketID } of this.tables.values()) {
        if (this.v2) {
          if (bucketID) await this.v2.admin.deleteBucket(bucketID, undefined);
        } else if (this.v3) {
          await expectOk(this.pool, deleteDatabaseRequest(this.conn, database), [200, 204, 404], `InfluxDB 3 deletion of database ${database}`);
        } else {
          // no abort signal: the namespace is dropped also when the run was interrupted
          await this.influxql(`DROP DATABASE ${ident(database)}`, undefined, undefined);
        }
      }
      this.tables.clear();
    } finally {
      await this.pool.close();
    }
  }
}
