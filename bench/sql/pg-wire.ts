/**
 * A SqlEndpoint over the PostgreSQL wire protocol (`pg`), used by every runtime that reaches a
 * real server: native, docker, external. Each connect() opens one new connection.
 *
 * - Session: TimeZone UTC, application_name 'tsdb-bench'.
 * - Types: pg's defaults (numeric and int8 arrive as strings; bench/queries/normalize.ts turns
 *   numeric strings into numbers; timestamptz arrives as Date).
 * - copyFrom(table, columns, payload): `COPY <table> (<columns>) FROM STDIN` through
 *   pg-copy-streams. `table` is used as given (the engine passes a qualified, quoted name);
 *   column names are quoted unless already quoted. Resolves once the server acknowledged the
 *   COPY, rejects on any error.
 * - A connection broken by the server (shutdown, crash) rejects the pending and later calls;
 *   it never crashes the process with an unhandled 'error' event.
 */
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { SqlClient, SqlEndpoint, SqlResult } from '../core/sql.js';

export type PgWireConfig = pg.ClientConfig & {
  /** How the endpoint is shown in logs and reports (no password). */
  display: string;
  /** Largest number of concurrent sessions that make sense (default 16). */
  maxSessions?: number;
};

export const APPLICATION_NAME = 'tsdb-bench';

/** Quotes an SQL identifier unless it is already quoted. */
export function quoteIdent(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function pgWireEndpoint(config: PgWireConfig): SqlEndpoint {
  const { display, maxSessions, ...clientConfig } = config;
  return {
    protocol: 'sql',
    display,
    maxSessions: maxSessions ?? 16,
    connect: () => connectPgWire(clientConfig),
  };
}

/** Opens one connection and wraps it as a SqlClient. */
export async function connectPgWire(config: pg.ClientConfig): Promise<SqlClient> {
  const client = new pg.Client({ application_name: APPLICATION_NAME, ...config });
  let lastError: Error | null = null;
  // Without a listener, an error on an idle connection (server stopped) would crash the process.
  client.on('error', (err) => {
    lastError = err;
  });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new Error('PostgreSQL client is closed');
    if (lastError) throw new Error(`PostgreSQL connection lost: ${lastError.message}`);
  };

  return {
    async query(sql: string, params?: unknown[]): Promise<SqlResult> {
      ensureOpen();
      const r = await client.query({ text: sql, values: params ?? [] });
      return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? null };
    },

    async exec(sql: string): Promise<void> {
      ensureOpen();
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },

    async copyFrom(table: string, columns: readonly string[], payload: Buffer): Promise<void> {
      ensureOpen();
      if (payload.length === 0) return;
      const cols = columns.map(quoteIdent).join(', ');
      const stream = client.query(copyFromStdin(`COPY ${table} (${cols}) FROM STDIN`));
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const done = (err?: Error): void => {
          if (settled) return;
          settled = true;
          if (err) reject(err);
          else resolve();
        };
        // pg-copy-streams emits 'finish' only after the server's CommandComplete.
        stream.on('finish', () => done());
        stream.on('error', (err: Error) => done(err));
        stream.end(payload);
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end().catch(() => {});
    },
  };
}
