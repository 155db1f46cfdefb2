/**
 * How long the harness waits for an engine before calling it dead. Defined once here and used
 * by every wire client (pg-wire, the InfluxDB HTTP client) and runtime start-up.
 *
 * - Operation deadline (default 120 s): one statement, one COPY or write batch, one HTTP
 *   request. Server-side timeouts (statement_timeout) cannot fire on a server that is stopped
 *   (SIGSTOP) or unreachable, so each operation is also raced on the client side; on expiry the
 *   connection is destroyed and the operation fails with EngineStoppedResponding.
 * - Long-operation deadline (default 10 x the operation deadline): statements that legitimately
 *   run for minutes on big tables (compression, continuous-aggregate refresh, VACUUM,
 *   CHECKPOINT, index builds, retention DELETEs, backfills: INSERT ... SELECT, SELECT ... INTO).
 *
 * Override: TSDB_BENCH_OP_TIMEOUT (a duration: `30s`, `5m`, or a plain number of seconds), or
 * configureDeadlines() (e.g. from a scenario's `deadlines:` section). Read at call time, so a
 * test or the runner can change it before opening sessions.
 */
import { InputError, TargetError } from '../core/errors.js';

export const DEFAULT_OP_TIMEOUT_MS = 120_000;
export const LONG_OP_FACTOR = 10;
export const OP_TIMEOUT_ENV = 'TSDB_BENCH_OP_TIMEOUT';

export interface DeadlineSettings {
  /** Deadline of one ordinary operation, ms. */
  opTimeoutMs: number;
  /** Deadline of one long statement (compress, refresh, vacuum...), ms. */
  longOpTimeoutMs: number;
}

let configured: Partial<DeadlineSettings> = {};

/** Parses TSDB_BENCH_OP_TIMEOUT: `30s`, `1500ms`, `2m`, or a plain number of seconds. InputError (exit 2) on garbage. */
export function parseOpTimeout(text: string): number {
  const t = text.trim();
  const plain = /^\d+(\.\d+)?$/.exec(t);
  const m = plain ? [t, t, 's'] : /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(t);
  if (!m) throw new InputError(`${OP_TIMEOUT_ENV}=${text}: not a duration (e.g. 30s, 5m, 1500ms, or seconds)`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const ms = Number(m[1]) * unit[m[2]];
  if (!(ms >= 100) || !Number.isFinite(ms)) throw new InputError(`${OP_TIMEOUT_ENV}=${text}: must be at least 100ms`);
  return Math.round(ms);
}

/** Overrides the bounds for this process (undefined fields fall back to env / defaults). */
export function configureDeadlines(settings: Partial<DeadlineSettings>): void {
  configured = { ...settings };
}

/** The bounds in force now: configureDeadlines() > TSDB_BENCH_OP_TIMEOUT > defaults. */
export function deadlineSettings(env: NodeJS.ProcessEnv = process.env): DeadlineSettings {
  const fromEnv = env[OP_TIMEOUT_ENV] ? parseOpTimeout(env[OP_TIMEOUT_ENV]!) : undefined;
  const opTimeoutMs = configured.opTimeoutMs ?? fromEnv ?? DEFAULT_OP_TIMEOUT_MS;
  return { opTimeoutMs, longOpTimeoutMs: configured.longOpTimeoutMs ?? opTimeoutMs * LONG_OP_FACTOR };
}

/**
 * Statements that may run for minutes on a healthy server get the long deadline: compression,
 * continuous-aggregate refresh and policy jobs, VACUUM/ANALYZE/CHECKPOINT/CLUSTER/REINDEX, index
 * and materialized-view builds, and backfills (InfluxQL SELECT ... INTO). Pure.
 */
export function isLongStatement(sql: string): boolean {
  const s = sql.replace(/--[^\n]*/g, ' ').trim();
  if (/^(vacuum|analyze|checkpoint|cluster|reindex|call|refresh)\b/i.test(s)) return true;
  if (/^create\s+(unique\s+)?index\b/i.test(s)) return true;
  if (/^create\s+materialized\s+view\b/i.test(s)) return true;
  // Bulk rewrites: retention DELETEs, INSERT ... SELECT / CREATE TABLE ... AS backfills.
  if (/^delete\b/i.test(s) || /^insert\b[\s\S]*\bselect\b/i.test(s) || /^create\s+table\b[\s\S]*\bas\s+select\b/i.test(s)) return true;
  if (/\b(compress_chunk|decompress_chunk|refresh_continuous_aggregate|run_job|recompress_chunk|drop_chunks)\s*\(/i.test(s)) return true;
  if (/^select\b[\s\S]*\binto\s+"?[\w.]/i.test(s) && !/^select\b[\s\S]*\binto\s+(temp|temporary|unlogged)\b/i.test(s)) return true;
  return false;
}

/** Deadline for one SQL statement (or InfluxQL query) under the current settings. */
export function statementDeadlineMs(sql: string, settings: DeadlineSettings = deadlineSettings()): number {
  return isLongStatement(sql) ? settings.longOpTimeoutMs : settings.opTimeoutMs;
}

/** "60 s", "1.5 s", "20 min", "250 ms". */
export function formatBound(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * The one-line failure of a target whose engine does not answer: "engine stopped responding
 * (no answer to a COPY batch within 60 s)". The runner prefixes the target id.
 */
export class EngineStoppedResponding extends TargetError {
  constructor(
    readonly operation: string,
    readonly boundMs: number,
  ) {
    super(
      `engine stopped responding (no answer to ${operation} within ${formatBound(boundMs)})`,
      `the bound is ${OP_TIMEOUT_ENV} (default ${DEFAULT_OP_TIMEOUT_MS / 1000} s per operation, x${LONG_OP_FACTOR} for long statements)`,
    );
    this.name = 'EngineStoppedResponding';
  }
}

/**
 * Races `work` against a deadline. On expiry `onExpiry` runs (destroy the socket/stream so
 * nothing keeps waiting on the dead server) and the promise rejects with
 * EngineStoppedResponding(operation, ms). The timer is cleared as soon as `work` settles.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, operation: string, onExpiry?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        onExpiry?.();
      } finally {
        reject(new EngineStoppedResponding(operation, ms));
      }
    }, ms);
  });
  // A rejection of `work` after expiry must not become an unhandled rejection.
  work.catch(() => {});
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
