/** Process exit codes, and turning any error into a one-line message with the right code. */
import { InputError, TargetError } from '../core/runtime.js';
import { redact } from '../core/redact.js';

export const EXIT = { ok: 0, gate: 1, input: 2, target: 3, interrupted: 130 } as const;

/** Prints `err` as one line (no stack trace unless TSDB_BENCH_DEBUG=1) and returns its exit code. */
export function reportError(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof InputError ? EXIT.input : err instanceof TargetError ? EXIT.target : EXIT.target;
  process.stderr.write(`tsdb-bench: ${redact(message)}\n`);
  if (err instanceof TargetError && err.hint) process.stderr.write(`  hint: ${redact(err.hint)}\n`);
  if (process.env.TSDB_BENCH_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(redact(err.stack) + '\n');
  return code;
}

/** Parses repeated `key=value` flags (e.g. --image postgres=postgres:16) into a map. */
export function parsePairs(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0) throw new InputError(`--${flag} expects <name>=<value>, found '${v}'`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}
