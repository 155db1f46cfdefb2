/**
 * The EngineSession shared by PostgreSQL-family engines (postgres, timescaledb): everything
 * but the dialect hooks (see ./sql-dialect.ts for the hooks and how to build an engine on it).
 *
 * - Namespace: schema `tsdb_bench_<runId>` created at open, dropped CASCADE at close.
 * - Writers: one connection each while the endpoint allows more sessions
 *   (endpoint.maxSessions counts the session's own connection); beyond that, and always on
 *   embedded (maxSessions 1), writers share the session's connection.
 *   encode(): COPY text (method copy) or one multi-row INSERT (method insert), from ./encode.ts;
 *   write(): sends it. Only write() is meant to be timed.
 * - flush(): CHECKPOINT (superuser); when refused, a warning is logged and the figures stay as
 *   they are.
 */
import type { BatchStream, EncodedBatch, EngineContext, EngineInfo, EngineSession, TableStorage, TableWriter } from '../../core/engine.js';
import type { SqlClient, SqlEndpoint } from '../../core/sql.js';
import { TABLES, type TableName } from '../../core/tables.js';
import { queryById, type QueryAnswer, type QueryParams } from '../../queries/catalog.js';
import { normalizeAnswer } from '../../queries/normalize.js';
import { quoteIdent } from '../../sql/pg-wire.js';
import { columnNames, createTableSql } from './ddl.js';
import { pgEncoder, pgEncoderRef, type PgEncoderArgs } from './encode.js';
import { qualifiedName, schemaNameFor } from './namespace.js';
import { NAMED_QUERY_IDS, namedQuerySql } from './queries.js';
import { nonDefaultSettings, serverVersion } from './server-info.js';
import { analyzeTables, applyPlannerSettings, plannerSettings } from './planner.js';
import type { SqlCapabilities, SqlDialect, SqlSessionContext } from './sql-dialect.js';
import { relationStorage } from './storage.js';

export async function createSqlSession(endpoint: SqlEndpoint, ctx: EngineContext, dialect: SqlDialect): Promise<EngineSession> {
  const client = await endpoint.connect();
  const schema = schemaNameFor(ctx.runId);
  const createdTables = new Set<TableName>();
  const s: SqlSessionContext = {
    client,
    schema,
    qualify: (name) => qualifiedName(schema, name),
    ctx,
    createdTables,
  };

  let info: EngineInfo;
  let capabilities: SqlCapabilities;
  try {
    await client.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await dialect.prepareSession?.(s);
    const plannerReset = await applyPlannerSettings(client);
    const versions: Record<string, string> = { postgresql: await serverVersion(client) };
    Object.assign(versions, (await dialect.extraVersions?.(s)) ?? {});
    info = {
      version: dialect.versionString ? dialect.versionString(versions) : `PostgreSQL ${versions.postgresql}`,
      versions,
      // Server settings that differ from defaults, plus the plan-changing ones as this session plans.
      settings: {
        ...(await nonDefaultSettings(client)),
        ...(await plannerSettings(client)),
        ...(plannerReset.length ? { 'tsdb_bench.planner_reset': plannerReset.join('; ') } : {}),
      },
      namespace: schema,
    };
    capabilities = dialect.capabilities?.(s) ?? {};
  } catch (err) {
    if (!ctx.keepNamespace) await client.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => {});
    await client.close();
    throw err;
  }

  /** Connections opened for writers (the session's own is not in it). */
  const writerClients = new Set<SqlClient>();
  let closed: Promise<void> | null = null;

  const ensureOpen = (): void => {
    if (closed) throw new Error(`${dialect.title} session is closed`);
  };

  const session: EngineSession = {
    info,

    async createTables(tables) {
      ensureOpen();
      for (const name of tables) {
        const spec = TABLES[name];
        const qualified = s.qualify(name);
        await client.exec(`DROP TABLE IF EXISTS ${qualified} CASCADE`);
        await client.exec(createTableSql(spec, qualified));
        await dialect.afterCreateTable?.(s, spec, qualified);
        createdTables.add(name);
      }
    },

    async truncate(table) {
      ensureOpen();
      await client.exec(`TRUNCATE ${s.qualify(table)}`);
    },

    async writer(table, method): Promise<TableWriter> {
      ensureOpen();
      const spec = TABLES[table];
      const qualified = s.qualify(table);
      const columns = columnNames(spec);
      const own = 1 + writerClients.size < endpoint.maxSessions;
      const conn = own ? await endpoint.connect() : client;
      if (own) writerClients.add(conn);
      let writerClosed = false;

      const encoder = pgEncoderRef({ table, method, qualified });
      const encode = pgEncoder(encoder.args as PgEncoderArgs);
      const write =
        method === 'copy' ? (batch: EncodedBatch) => conn.copyFrom(qualified, columns, batch.payload as Buffer) : (batch: EncodedBatch) => conn.exec(batch.payload as string);

      // Only on a connection of its own: a COPY held open would queue every other user behind it.
      const copyStream = method === 'copy' && own ? conn.copyStream?.bind(conn) : undefined;
      const openStream = copyStream
        ? (): BatchStream => {
            if (writerClosed) throw new Error(`writer of ${table} is closed`);
            const copy = copyStream(qualified, columns);
            return { write: (batch) => copy.write(batch.payload as Buffer), end: () => copy.end() };
          }
        : undefined;

      return {
        encode,
        encoder,
        ...(openStream ? { openStream } : {}),
        async write(batch) {
          if (writerClosed) throw new Error(`writer of ${table} is closed`);
          if (batch.rows === 0) return;
          await write(batch);
        },
        async close() {
          if (writerClosed) return;
          writerClosed = true;
          if (own) {
            writerClients.delete(conn);
            await conn.close();
          }
        },
      };
    },

    async count(table) {
      ensureOpen();
      const r = await client.query(`SELECT count(*)::bigint AS n FROM ${s.qualify(table)}`);
      return Number(r.rows[0]?.n ?? 0);
    },

    supportedQueries() {
      return [...NAMED_QUERY_IDS, ...(dialect.idiomaticQueryIds ?? [])];
    },

    async runQuery(queryId: string, params: QueryParams): Promise<QueryAnswer> {
      ensureOpen();
      const def = queryById(queryId);
      // Portable queries: the one shared text; idiomatic ones only from the dialect.
      const q = def?.variant === 'idiomatic' ? dialect.idiomaticQuery?.(queryId, s.qualify) : namedQuerySql(queryId, s.qualify);
      if (!def || !q) throw new Error(`${dialect.title} does not implement query '${queryId}'`);
      const r = await client.query(q.sql, q.params(params));
      return normalizeAnswer(def, r.rows);
    },

    async prepareForQueries(tables) {
      ensureOpen();
      const t0 = performance.now();
      const statement = await analyzeTables(
        client,
        tables.filter((t) => createdTables.has(t)).map((t) => s.qualify(t)),
      );
      const ms = performance.now() - t0;
      const planner = Object.entries(await plannerSettings(client))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return { method: `${statement.replace(/"[^"]*"\./g, '').replace(/"/g, '')} (planner settings: ${planner})`, ms };
    },

    async flush() {
      ensureOpen();
      try {
        await client.exec('CHECKPOINT');
      } catch (err) {
        const caveat =
          `${dialect.title}: CHECKPOINT failed (${err instanceof Error ? err.message : String(err)}); ` + 'relation sizes are exact without it, allocated bytes on disk may lag';
        ctx.log.warn(caveat);
        return caveat;
      }
    },

    async serverClockMs() {
      ensureOpen();
      const r = await client.query('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms');
      return Number(r.rows[0]?.ms);
    },

    async storage(tables): Promise<TableStorage[]> {
      ensureOpen();
      const out: TableStorage[] = [];
      for (const table of tables) {
        const qualified = s.qualify(table);
        const extra = (await dialect.dataRelations?.(s, table, qualified)) ?? [];
        const rel = await relationStorage(client, [qualified, ...extra]);
        const extras = (await dialect.storageExtras?.(s, table, qualified)) ?? {};
        out.push({
          table,
          rows: await session.count(table),
          dataPaths: rel.dataPaths,
          engineBytes: { ...rel.figures, ...extras },
          primary: dialect.primaryStorageFigure ?? 'pg_total_relation_size',
        });
      }
      return out;
    },

    ...(capabilities.compress ? { compress: capabilities.compress } : {}),
    ...(capabilities.retention ? { retention: capabilities.retention } : {}),
    ...(capabilities.downsample ? { downsample: capabilities.downsample } : {}),

    close() {
      closed ??= (async () => {
        for (const c of writerClients) await c.close().catch(() => {});
        writerClients.clear();
        try {
          await dialect.beforeClose?.(s);
          if (!ctx.keepNamespace) await client.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        } catch (err) {
          ctx.log.warn(`${dialect.title}: could not drop schema ${schema} (${err instanceof Error ? err.message : String(err)})`);
        } finally {
          await client.close();
        }
      })();
      return closed;
    },
  };
  return session;
}
