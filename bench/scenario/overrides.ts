/**
 * Command-line overrides applied to the parsed document before validation:
 * `--set phases[1].rate=5k/s` (value parsed as a YAML scalar) and the named flags
 * (--seed, --trials, --targets, --runtime). Keys a path creates are checked by the schema like
 * any other key; paths that cannot exist (past the end of a list, inside a number) are problems.
 */
import { parse as parseYamlValue } from 'yaml';
import { formatPath, parsePath, type PathSegment } from './paths.js';
import type { OverrideOrigin, Problem } from './problems.js';
import { didYouMean } from './suggest.js';

export interface ScenarioOverrides {
  set?: string[];
  seed?: number;
  trials?: number;
  targets?: string[];
  runtime?: string;
}

export interface AppliedOverrides {
  origins: OverrideOrigin[];
  problems: Problem[];
  /** Normalized text of every override applied, for the record (results.json). */
  applied: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return `a ${typeof value}`;
}

/** Parses a --set value as YAML (so 5 is a number, true a boolean, [a, b] a list, 5k/s text). */
export function parseOverrideValue(text: string): unknown {
  try {
    return parseYamlValue(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Writes `value` at `path` in `root` (a mapping). Missing mapping keys on the way are created;
 * returns the first created path, or an error message.
 */
function setAt(
  root: Record<string, unknown>,
  path: readonly PathSegment[],
  value: unknown,
): { created?: PathSegment[] } | { error: string; at: PathSegment[] } {
  let node: unknown = root;
  let created: PathSegment[] | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    const here = path.slice(0, i);
    if (Array.isArray(node)) {
      if (typeof segment !== 'number') {
        return { error: `is a list: use an index like ${formatPath([...here, 0])}`, at: here };
      }
      if (segment >= node.length) {
        return {
          error: `does not exist (${formatPath(here)} has ${node.length} item${node.length === 1 ? '' : 's'})`,
          at: [...here, segment],
        };
      }
      if (last) node[segment] = value;
      else node = node[segment];
    } else if (isPlainObject(node)) {
      if (typeof segment === 'number') {
        return { error: `is a mapping, not a list: it has no index [${segment}]`, at: here };
      }
      if (last) {
        if (!(segment in node) && !created) created = path.slice(0, i + 1);
        node[segment] = value;
      } else {
        if (node[segment] === undefined || node[segment] === null) {
          if (typeof path[i + 1] === 'number') {
            const hint = didYouMean(segment, Object.keys(node));
            return { error: `does not exist, so it has no index ${formatPath([path[i + 1]])}${hint}`, at: [...here, segment] };
          }
          node[segment] = {};
          if (!created) created = path.slice(0, i + 1);
        }
        node = node[segment];
      }
    } else {
      return { error: `is ${kindOf(node)}, not a mapping or list, so ${formatPath(path)} cannot be set`, at: here };
    }
  }
  return { created };
}

/** Applies the overrides in place on `root` (the parsed document, a mapping). */
export function applyOverrides(root: Record<string, unknown>, overrides: ScenarioOverrides): AppliedOverrides {
  const result: AppliedOverrides = { origins: [], problems: [], applied: [] };
  const put = (path: PathSegment[], value: unknown, label: string, text: string): void => {
    const outcome = setAt(root, path, value);
    if ('error' in outcome) {
      result.problems.push({ path: outcome.at, message: outcome.error, origin: label });
      return;
    }
    result.origins.push({ path, created: outcome.created, label });
    result.applied.push(text);
  };

  for (const expression of overrides.set ?? []) {
    const label = `--set ${expression}`;
    const eq = expression.indexOf('=');
    if (eq <= 0) {
      result.problems.push({ path: [], message: `expected path=value like phases[1].rate=5k/s; found '${expression}'`, origin: `--set ${expression}` });
      continue;
    }
    let path: PathSegment[];
    try {
      path = parsePath(expression.slice(0, eq).trim());
    } catch (error) {
      result.problems.push({ path: [], message: (error as Error).message, origin: label });
      continue;
    }
    put(path, parseOverrideValue(expression.slice(eq + 1).trim()), label, `${formatPath(path)}=${expression.slice(eq + 1).trim()}`);
  }
  if (overrides.seed !== undefined) put(['seed'], overrides.seed, `--seed ${overrides.seed}`, `seed=${overrides.seed}`);
  if (overrides.trials !== undefined) put(['trials'], overrides.trials, `--trials ${overrides.trials}`, `trials=${overrides.trials}`);
  if (overrides.targets !== undefined) {
    put(['targets'], [...overrides.targets], `--targets ${overrides.targets.join(',')}`, `targets=${overrides.targets.join(',')}`);
  }
  if (overrides.runtime !== undefined) put(['runtime'], overrides.runtime, `--runtime ${overrides.runtime}`, `runtime=${overrides.runtime}`);
  return result;
}
