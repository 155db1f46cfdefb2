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
 * - copyStream(table, columns): one COPY FROM STDIN kept open for many payloads (write()
 *   resolves on socket backpressure, end() on CommandComplete), as psql \copy sends a file.
 * - A connection broken by the server (shutdown, crash) rejects the pending and later calls;
 *   it never crashes the process with an unhandled 'error' event.
 * - Deadlines (bench/core/deadlines.ts): the session's statement_timeout is the long-statement
 *   bound (the server cancels a runaway statement itself); every call is also raced on the
 *   client side, because a stopped (SIGSTOP) or unreachable server never answers and its own
 *   timeout never fires. On expiry the socket (and a COPY stream) is destroyed and the call,
 *   and every later one, rejects with EngineStoppedResponding ("engine stopped responding (no
 *   answer to a COPY batch within 120 s)").
 */
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { CopyStream, SqlClient, SqlEndpoint, SqlResult } from '../core/sql.js';
import { deadlineSettings, EngineStoppedResponding, statementDeadlineMs, withDeadline } from '../core/deadlines.js';

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

/** Connection configs of endpoints (credentials included), kept out of the endpoint object so no serialization sees them. */
const configs = new WeakMap<SqlEndpoint, pg.ClientConfig>();

export function pgWireEndpoint(config: PgWireConfig): SqlEndpoint {
  const { display, maxSessions, ...clientConfig } = config;
  const endpoint: SqlEndpoint = {
    protocol: 'sql',
    display,
    maxSessions: maxSessions ?? 16,
    connect: () => connectPgWire(clientConfig),
  };
  configs.set(endpoint, clientConfig);
  return endpoint;
}

/** The connection config (with credentials) behind a pg-wire endpoint, e.g. to open a variant of it. */
export function pgWireConfigOf(endpoint: SqlEndpoint): pg.ClientConfig | undefined {
  const c = configs.get(endpoint);
  return c ? { ...c } : undefined;
}

/** How long close() waits for the server to acknowledge the end of the session. */
const CLOSE_TIMEOUT_MS = 5_000;

/** One line naming a statement in a timeout message: its first words. */
function statementLabel(sql: string): string {
  const words = sql.replace(/\s+/g, ' ').trim();
  return `a statement (${words.length > 60 ? `${words.slice(0, 57)}...` : words})`;
}

/** Opens one connection and wraps it as a SqlClient. */
export async function connectPgWire(config: pg.ClientConfig): Promise<SqlClient> {
  const bounds = deadlineSettings();
  const client = new pg.Client({
    application_name: APPLICATION_NAME,
    statement_timeout: bounds.longOpTimeoutMs,
    connectionTimeoutMillis: bounds.opTimeoutMs,
    ...config,
  });
  let lastError: Error | null = null;
  /** Set once a deadline expired: the socket is gone and every later call fails with it. */
  let stoppedResponding: EngineStoppedResponding | null = null;
  // Without a listener, an error on an idle connection (server stopped) would crash the process.
  client.on('error', (err) => {
    lastError = err;
  });
  const destroySocket = (): void => {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  };
  /** Races one call against its deadline; on expiry the connection is destroyed. */
  const bounded = <T>(work: Promise<T>, ms: number, operation: string, onExpiry?: () => void): Promise<T> =>
    withDeadline(work, ms, operation, () => {
      onExpiry?.();
      destroySocket();
    }).catch((err: unknown) => {
      if (err instanceof EngineStoppedResponding) stoppedResponding ??= err;
      throw err;
    });

  try {
    await bounded(
      client.connect().then(() => client.query(`SET TimeZone = 'UTC'`)),
      bounds.opTimeoutMs,
      'a connection request',
    );
  } catch (err) {
    destroySocket();
    await withDeadline(client.end(), CLOSE_TIMEOUT_MS, 'the end of a session').catch(() => {});
    throw err;
  }
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new Error('PostgreSQL client is closed');
    if (stoppedResponding) throw stoppedResponding;
    if (lastError) throw new Error(`PostgreSQL connection lost: ${lastError.message}`);
  };

  return {
    async query(sql: string, params?: unknown[]): Promise<SqlResult> {
      ensureOpen();
      const r = await bounded(client.query({ text: sql, values: params ?? [] }), statementDeadlineMs(sql, bounds), statementLabel(sql));
      return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? null };
    },

    async exec(sql: string): Promise<void> {
      ensureOpen();
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await bounded(client.query(sql), statementDeadlineMs(sql, bounds), statementLabel(sql));
    },

    async copyFrom(table: string, columns: readonly string[], payload: Buffer): Promise<void> {
      ensureOpen();
      if (payload.length === 0) return;
      const cols = columns.map(quoteIdent).join(', ');
      const stream = client.query(copyFromStdin(`COPY ${table} (${cols}) FROM STDIN`));
      const copied = new Promise<void>((resolve, reject) => {
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
      // A COPY to a stopped server waits forever for the acknowledgement (or for socket buffer
      // space): the stream is destroyed with the socket when the deadline expires.
      await bounded(copied, bounds.opTimeoutMs, 'a COPY batch', () => stream.destroy());
    },

    copyStream(table: string, columns: readonly string[]): CopyStream {
      ensureOpen();
      const cols = columns.map(quoteIdent).join(', ');
      const stream = client.query(copyFromStdin(`COPY ${table} (${cols}) FROM STDIN`));
      let failure: Error | null = null;
      // pg-copy-streams emits 'finish' only after the server's CommandComplete.
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('finish', () => resolve());
        stream.on('error', (err: Error) => {
          failure ??= err;
          reject(err);
        });
      });
      finished.catch(() => {}); // observed through write()/end()
      return {
        async write(payload: Buffer): Promise<void> {
          ensureOpen();
          if (failure) throw failure;
          if (payload.length === 0 || stream.write(payload)) return;
          const drained = new Promise<void>((resolve, reject) => {
            stream.once('drain', () => resolve());
            finished.catch(reject);
          });
          await bounded(drained, bounds.opTimeoutMs, 'a COPY batch', () => stream.destroy());
        },
        async end(): Promise<void> {
          if (failure) throw failure;
          stream.end();
          await bounded(finished, bounds.opTimeoutMs, 'the end of a COPY', () => stream.destroy());
        },
      };
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (stoppedResponding) {
        destroySocket();
        return;
      }
      // end() waits for the server to close its side, which a stopped server never does.
      await withDeadline(client.end(), CLOSE_TIMEOUT_MS, 'the end of a session', destroySocket).catch(() => {});
    },
  };
}
