/**
 * Problems found in a scenario, and how they are shown: one line per problem naming the file,
 * the line/column when known, the path inside the document and what was expected/found.
 * All of them end up in one InputError (exit 2, no stack trace).
 */
import { InputError } from '../core/errors.js';
import { formatPath, startsWith, type PathSegment } from './paths.js';

export interface Problem {
  path: PathSegment[];
  message: string;
  /** Set when the problem is in a command-line override rather than in the file. */
  origin?: string;
}

/** Where a value came from when it was not written in the file (e.g. `--set phases[1].rate=5k/s`). */
export interface OverrideOrigin {
  /** The path the override wrote. */
  path: PathSegment[];
  /** The first path the override created (did not exist before), if any. */
  created?: PathSegment[];
  /** How the user wrote it, e.g. "--set phases[1].rate=5k/s", "--seed 7". */
  label: string;
}

export interface Position {
  line: number;
  col: number;
}

export interface ProblemContext {
  /** File name as shown to the user. */
  display: string;
  positionOf?: (path: readonly PathSegment[]) => Position | null;
  overrides?: readonly OverrideOrigin[];
}

function originOf(path: readonly PathSegment[], overrides: readonly OverrideOrigin[]): OverrideOrigin | undefined {
  return overrides.find((o) => startsWith(path, o.path) || (o.created !== undefined && startsWith(path, o.created)));
}

export function formatProblem(problem: Problem, ctx: ProblemContext): string {
  const origin = problem.origin ?? originOf(problem.path, ctx.overrides ?? [])?.label;
  const where = origin ? null : (ctx.positionOf?.(problem.path) ?? null);
  const file = where ? `${ctx.display}:${where.line}:${where.col}` : ctx.display;
  const from = origin ? ` (from ${origin})` : '';
  const path = problem.path.length === 0 && origin ? '' : `${formatPath(problem.path)}: `;
  return `${file}: ${path}${problem.message}${from}`;
}

/** One InputError listing every problem (deduplicated, in order). */
export function problemsError(problems: readonly Problem[], ctx: ProblemContext): InputError {
  const lines = [...new Set(problems.map((p) => formatProblem(p, ctx)))];
  const head = lines.length === 1 ? `invalid scenario ${ctx.display}:` : `invalid scenario ${ctx.display} (${lines.length} problems):`;
  return new InputError(`${head}\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

/** How a found value is quoted in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (empty value)';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
