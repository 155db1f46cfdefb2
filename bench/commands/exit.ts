/** Process exit codes, and turning any error into a one-line message with the right code. */
import { mkdirSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, TargetError } from '../core/errors.js';
import { redact } from '../core/redact.js';

export const EXIT = { ok: 0, gate: 1, input: 2, target: 3, internal: 4, interrupted: 130 } as const;

export interface ReportErrorOptions {
  /** Where the stack trace of an internal error is written (the command's output directory). */
  logDir?: string;
  /**
   * false for commands that are pure functions of files (report, plan, compare, history,
   * list): anything but bad input is a bug (exit 4). true (the default: run, clean) when the
   * command talks to engines: an error that is neither bad input nor a programming error is an
   * engine/runtime failure (exit 3).
   */
  engines?: boolean;
}

/** JavaScript's own error classes raised by harness code: a bug, not an engine failure. */
function isProgrammingError(err: unknown): boolean {
  // undici's fetch reports network failures as TypeError('fetch failed', { cause }).
  if (err instanceof TypeError && (err as Error & { cause?: unknown }).cause !== undefined) return false;
  return (
    err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError || err instanceof EvalError || err instanceof URIError
  );
}

/** A failed system call (EACCES, ENOSPC, EROFS...): the machine said no, the harness has no bug. */
function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string' && typeof (err as NodeJS.ErrnoException).code === 'string';
}

export function isInternalError(err: unknown, options: ReportErrorOptions = {}): boolean {
  if (err instanceof InputError || err instanceof TargetError || isSystemError(err)) return false;
  return options.engines === false ? true : isProgrammingError(err) || !(err instanceof Error);
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
}

/**
 * Writes the stack of an internal error to `tsdb-bench-error-<time>.log` in `logDir`, or in
 * the working directory, or the temp directory when those are not writable. Returns the
 * path, or null when nothing could be written.
 */
export function writeErrorLog(err: unknown, logDir?: string): string | null {
  const text = redact(
    [
      `tsdb-bench internal error at ${new Date().toISOString()}`,
      `command: tsdb-bench ${process.argv.slice(2).join(' ')}`,
      `node ${process.version} on ${process.platform}/${process.arch}`,
      '',
      err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err),
      '',
    ].join('\n'),
  );
  const name = `tsdb-bench-error-${stamp()}-${process.pid}.log`;
  for (const dir of [logDir, process.cwd(), tmpdir()]) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true });
      const file = resolve(join(dir, name));
      writeFileSync(file, text, { flag: 'wx' });
      return file;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Prints `err` as one line (no stack trace unless TSDB_BENCH_DEBUG=1) and returns its exit code. */
export function reportError(err: unknown, options: ReportErrorOptions = {}): number {
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = message.split('\n')[0];
  if (isInternalError(err, options)) {
    const log = writeErrorLog(err, options.logDir);
    const where = log ? `the stack trace is in ${log}` : 'the stack trace could not be written';
    process.stderr.write(`tsdb-bench: internal error (a bug in tsdb-bench, please report it): ${redact(firstLine)}; ${where}\n`);
    if (process.env.TSDB_BENCH_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(redact(err.stack) + '\n');
    return EXIT.internal;
  }
  const code = err instanceof InputError ? EXIT.input : EXIT.target;
  process.stderr.write(`tsdb-bench: ${redact(message)}\n`);
  if (err instanceof TargetError && err.hint) process.stderr.write(`  hint: ${redact(err.hint)}\n`);
  if (process.env.TSDB_BENCH_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(redact(err.stack) + '\n');
  return code;
}

/**
 * An output directory given by the user: must not be an existing file (mkdir would fail with
 * EEXIST deep inside a command). Returns it unchanged.
 */
export function checkOutDir(dir: string | undefined, flag = '--out'): string | undefined {
  if (dir === undefined) return undefined;
  if (dir.trim() === '') throw new InputError(`${flag}: expected a directory; found an empty value`);
  let info: Stats | undefined;
  try {
    info = statSync(dir, { throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  if (info && !info.isDirectory()) throw new InputError(`${flag} ${dir}: exists and is not a directory (name a directory, new or existing)`);
  return dir;
}
