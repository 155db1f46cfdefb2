/**
 * The SQL connection every PostgreSQL-family engine talks through. A runtime provides it:
 * pg over the wire (native, docker, external) or PGlite in-process (embedded). Engines never
 * know which one they have.
 */

export interface SqlResult {
  rows: Record<string, unknown>[];
  /** Rows affected, when the server reports it. */
  rowCount: number | null;
}

export interface SqlClient {
  /** Runs one statement (with $1.. parameters) and returns its rows. */
  query(sql: string, params?: unknown[]): Promise<SqlResult>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Loads rows given in PostgreSQL COPY text format (tab-separated, \N for null, one row per
   * line, trailing newline) into `table` (`columns` in that order).
   */
  copyFrom(table: string, columns: readonly string[], payload: Buffer): Promise<void>;
  /**
   * Optional: one COPY FROM STDIN kept open for many payloads (as `psql \copy` sends a file):
   * no statement, round trip and commit per batch. Wire clients only (PGlite cannot).
   */
  copyStream?(table: string, columns: readonly string[]): CopyStream;
  close(): Promise<void>;
}

/** An open COPY FROM STDIN. */
export interface CopyStream {
  /** Resolves once the connection accepted the bytes (backpressure), not when the server stored them. */
  write(payload: Buffer): Promise<void>;
  /** Ends the COPY; resolves on the server's acknowledgement of every row sent. */
  end(): Promise<void>;
}

export interface SqlEndpoint {
  protocol: 'sql';
  /** Opens a new session. Wire runtimes give one connection per call; embedded shares one. */
  connect(): Promise<SqlClient>;
  /** Largest number of sessions that make sense at once (embedded: 1). */
  maxSessions: number;
  /** How to show this endpoint in logs and reports, secrets redacted. */
  display: string;
}

export interface HttpEndpoint {
  protocol: 'http';
  /** e.g. http://127.0.0.1:8086 (no trailing slash). */
  baseUrl: string;
  /** InfluxDB 2.x: token; 1.x: optional user/password. Never printed. */
  token?: string;
  username?: string;
  password?: string;
  /** InfluxDB 2.x: organization and bucket given by the runtime (e.g. docker onboarding). */
  org?: string;
  bucket?: string;
  /** Database (1.x) or DBRP database name to use; default chosen by the engine per run. */
  database?: string;
  display: string;
}

/** A Redis server (RESP over TCP); the password is never printed. */
export interface RedisEndpoint {
  protocol: 'redis';
  host: string;
  port: number;
  /** ACL user (default user when absent) and password (`requirepass`). */
  username?: string;
  password?: string;
  display: string;
}

export type Endpoint = SqlEndpoint | HttpEndpoint | RedisEndpoint;
