/**
 * An open InfluxDB session bound to one run: one database (1.x) or bucket + DBRP (2.x) per
 * table. Reads go through InfluxQL `/query` on both flavours; measured writes are line protocol
 * POSTed by each writer on its own connection.
 */
import { gzipSync } from 'node:zlib';
import type { Pool } from 'undici';
import type {
  DownsampleCapability,
  EncodedBatch,
  EngineContext,
  EngineInfo,
  EngineSession,
  RetentionCapability,
  TableStorage,
  TableWriter,
} from '../../core/engine.js';
import { TABLES, type Row, type TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { encodeLineProtocol } from './line-protocol.js';
import { newWriterClient, sendExpect } from './http.js';
import { ident, qualified, rpDuration, timeMs } from './influxql.js';
import { countStatement, INFLUX_QUERIES } from './queries.js';
import { deleteRequest, metricsRequest, queryRequest, writeRequest, type Connection, type WriteTarget } from './requests.js';
import { firstSeries, scalar, seriesRows, statementResults } from './results.js';
import { parseShowStats, prometheusByLabel, sumShards, type ShardStats } from './stats.js';
import { databaseName, namespaceLabel } from './namespace.js';
import {
  aggregateFor,
  aggregateMeasurement,
  createCqStatement,
  createDownsampledRpStatement,
  DOWNSAMPLED_RP,
  intoStatement,
  type AggregateSpec,
} from './aggregates.js';
import type { V2Admin } from './v2-admin.js';

/** Retention policy the retention capability creates (never the default: data stays in autogen). */
export const RETENTION_RP = 'tsdb_bench_retention';
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

export interface InfluxPayload {
  body: Buffer;
  gzip: boolean;
}

export class InfluxSession implements EngineSession {
  readonly info: EngineInfo;
  readonly retention: RetentionCapability;
  readonly downsample?: DownsampleCapability;
  lastFlush: FlushRecord | null = null;
  private readonly tables = new Map<TableName, TableNamespace>();
  private readonly writers = new Set<TableWriter>();
  private readonly aggregates = new Map<TableName, AggregateSpec>();
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    private readonly conn: Connection,
    private readonly pool: Pool,
    version: string,
    private readonly ctx: EngineContext,
    private readonly v2: V2State | null,
  ) {
    this.info = {
      version: `InfluxDB ${version}`,
      versions: { influxdb: version },
      settings: { ...ctx.options.settings },
      namespace: namespaceLabel(ctx.runId),
    };
    this.retention = this.retentionCapability();
    if (conn.major === 1) this.downsample = this.downsampleCapability();
  }

  // ---- plumbing ----

  private ns(table: TableName): TableNamespace {
    const ns = this.tables.get(table);
    if (!ns) throw new Error(`InfluxDB: table ${table} was not created in this run`);
    return ns;
  }

  /** Runs InfluxQL and returns the parsed JSON (errors thrown with the server's message). */
  async influxql(q: string, database?: string, signal: AbortSignal | undefined = this.ctx.signal): Promise<unknown> {
    const reply = await sendExpect(this.pool, queryRequest(this.conn, q, database), [200], `InfluxQL ${q.slice(0, 120)}`, signal);
    const json = JSON.parse(reply.text) as unknown;
    statementResults(json, q);
    return json;
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
      if (bucketID) await this.v2.admin.deleteBucket(bucketID);
      const created = await this.v2.admin.createBucketWithDbrp(this.v2.orgID, database);
      this.tables.set(table, { database, bucketID: created.bucketID });
    } else {
      // Dropping the database also drops its continuous queries and retention policies.
      await this.influxql(`DROP DATABASE ${ident(database)}`);
      await this.influxql(`CREATE DATABASE ${ident(database)}`);
      this.aggregates.delete(table);
    }
  }

  async writer(table: TableName): Promise<TableWriter> {
    const spec = TABLES[table];
    const target = this.writeTarget(table);
    const gzip = this.ctx.options.options.gzip === true;
    const client = newWriterClient(this.baseUrl);
    const conn = this.conn;
    const signal = this.ctx.signal;
    const writers = this.writers;
    const writer: TableWriter = {
      encode(rows: readonly Row[]): EncodedBatch {
        const text = encodeLineProtocol(spec, rows);
        const body = gzip ? gzipSync(text) : text;
        const payload: InfluxPayload = { body, gzip };
        return { rows: rows.length, bytes: body.length, payload };
      },
      async write(batch: EncodedBatch): Promise<void> {
        const { body, gzip: zipped } = batch.payload as InfluxPayload;
        await sendExpect(client, writeRequest(conn, target, body, zipped), [204], `InfluxDB write of ${batch.rows} points to ${target.database}`, signal);
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
    const q = countStatement(table, TABLES[table].measurement);
    return scalar(await this.influxql(q, this.ns(table).database), 'n', q);
  }

  // ---- queries ----

  supportedQueries(): string[] {
    return Object.keys(INFLUX_QUERIES);
  }

  async runQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
    const def = queryById(queryId);
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
    const reply = await sendExpect(this.pool, metricsRequest(this.conn), [200], 'InfluxDB /metrics', this.ctx.signal);
    return prometheusByLabel(reply.text, name, 'bucket');
  }

  /** Bytes still in the TSM cache of this run's databases/buckets. */
  async cacheBytes(filter: (s: ShardStats) => boolean = () => true): Promise<number> {
    if (this.v2) {
      const byBucket = await this.metrics('storage_cache_inuse_bytes');
      let total = 0;
      for (const ns of this.tables.values()) total += ns.bucketID ? byBucket.get(ns.bucketID) ?? 0 : 0;
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

  /**
   * Per table: dataPaths relative to the influxd root directory (the directory holding `data/`
   * and `wal/`; for 2.x the engine directory holding `data/` and `wal/`): the database's series
   * file and its retention policies' shard dirs (1.x), the bucket's dirs (2.x). The downsampled
   * retention policy is excluded (reported by downsample.storageBytes()).
   */
  async storage(tables: readonly TableName[]): Promise<TableStorage[]> {
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
          engineBytes: { diskBytes: bucketID ? diskByBucket.get(bucketID) ?? 0 : 0 },
          primary: 'diskBytes',
        });
        continue;
      }
      const own = (s: ShardStats): boolean => s.database === database && s.retentionPolicy !== DOWNSAMPLED_RP;
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

  // ---- retention ----

  private retentionCapability(): RetentionCapability {
    const v1 = this.conn.major === 1;
    return {
      method: v1
        ? 'InfluxDB 1.x: a retention policy with the duration (min 1h) is created on the table\'s database but not made default ' +
          '(points older than an RP\'s duration are rejected on write, so data is loaded into autogen); the cutoff is applied with ' +
          'InfluxQL `DELETE FROM <measurement> WHERE time < <cutoff>`; rows removed = COUNT(time < cutoff) before - after'
        : 'InfluxDB 2.x: POST /api/v2/delete of the measurement in [1970, cutoff) (a bucket retention period would expire data on ' +
          'the server\'s own schedule, so none is set); rows removed = COUNT(time < cutoff) before - after',
      configure: async (table, dropAfterMs) => {
        if (!v1) return;
        const { database } = this.ns(table);
        const duration = rpDuration(dropAfterMs);
        try {
          await this.influxql(`CREATE RETENTION POLICY ${ident(RETENTION_RP)} ON ${ident(database)} DURATION ${duration} REPLICATION 1`);
        } catch (err) {
          if (!/already exists/i.test(String(err))) throw err;
          await this.influxql(`ALTER RETENTION POLICY ${ident(RETENTION_RP)} ON ${ident(database)} DURATION ${duration}`);
        }
      },
      // Only the delete itself runs here: the retention phase times this call and counts rows
      // before and after outside it, the same for every engine.
      run: async (table, cutoffMs) => {
        const measurement = TABLES[table].measurement;
        const { database } = this.ns(table);
        const started = performance.now();
        let statement: string;
        if (v1) {
          statement = `DELETE FROM ${ident(measurement)} WHERE time < ${timeMs(cutoffMs)}`;
          await this.influxql(statement, database);
        } else {
          const req = deleteRequest(this.conn, database, measurement, 0, cutoffMs);
          statement = `${req.method} ${req.path} ${String(req.body)}`;
          await sendExpect(this.pool, req, [204], 'InfluxDB 2.x delete', this.ctx.signal);
        }
        const deleteMs = performance.now() - started;
        return { rowsRemoved: null, details: { statement, deleteMs } };
      },
    };
  }

  // ---- downsampling (1.x) ----

  private downsampleCapability(): DownsampleCapability {
    const target = (table: TableName): string => qualified(this.ns(table).database, DOWNSAMPLED_RP, aggregateMeasurement(TABLES[table].measurement));
    return {
      method:
        'InfluxDB 1.x: continuous queries (GROUP BY time(1h), group tags) into measurement <table>_1h of retention policy ' +
        `${DOWNSAMPLED_RP} (own shards), backfilled with SELECT ... INTO over the query window (CQs only process new data); ` +
        'the aggregate stores sums and counts, averages are sum/count',
      setup: async (tables) => {
        const created: string[] = [];
        for (const table of tables) {
          const spec = aggregateFor(table);
          if (!spec || !this.tables.has(table)) continue;
          const { database } = this.ns(table);
          const measurement = TABLES[table].measurement;
          try {
            await this.influxql(createDownsampledRpStatement(database));
          } catch (err) {
            if (!/already exists/i.test(String(err))) throw err;
          }
          await this.influxql(createCqStatement(spec, database, measurement));
          this.aggregates.set(table, spec);
          created.push(target(table));
        }
        return created;
      },
      refresh: async (params) => {
        for (const [table, spec] of this.aggregates) {
          const { database } = this.ns(table);
          await this.influxql(intoStatement(spec, database, TABLES[table].measurement, { fromMs: params.fromMs, toMs: params.toMs }), database);
        }
      },
      storageBytes: async () => {
        const inRp = (s: ShardStats): boolean => s.retentionPolicy === DOWNSAMPLED_RP;
        const started = Date.now();
        while ((await this.cacheBytes(inRp)) > 0 && Date.now() - started < DEFAULT_FLUSH_TIMEOUT_MS && !this.ctx.signal.aborted) {
          await new Promise((r) => setTimeout(r, 250));
        }
        const dbs = new Set([...this.aggregates.keys()].map((t) => this.ns(t).database));
        return sumShards(await this.shardStats(), (s) => dbs.has(s.database) && inRp(s)).diskBytes;
      },
      aggregateQueries: () => [...this.aggregates.values()].flatMap((a) => Object.keys(a.answers)),
      runAggregateQuery: async (queryId, params) => {
        const def = queryById(queryId);
        const entry = [...this.aggregates.entries()].find(([, a]) => a.answers[queryId]);
        if (!def || !entry) throw new Error(`InfluxDB: no aggregate answers '${queryId}'`);
        const [table, spec] = entry;
        const answer = spec.answers[queryId];
        const q = answer.build(target(table), params);
        const json = await this.influxql(q, this.ns(table).database);
        const rows = seriesRows(firstSeries(json, q), { timeAs: answer.timeAs }).map(answer.toRow);
        return normalizeAnswer(def, rows);
      },
    };
  }

  // ---- end ----

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.writers]) await w.close().catch(() => {});
    try {
      for (const { database, bucketID } of this.tables.values()) {
        if (this.v2) {
          if (bucketID) await this.v2.admin.deleteBucket(bucketID);
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
