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
 * Keys that would reach an object's prototype instead of a key of the document: never a
 * scenario key, and a path through them (`--set __proto__.polluted=1`) would pollute every
 * object of the process.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every own key named like a prototype anywhere in the document (the YAML parser keeps
 * `__proto__:` as a plain key; no scenario key has such a name, and a later merge with
 * Object.assign would turn it into a prototype).
 */
export function forbiddenKeyProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: [...path, key], message: `'${key}' is not allowed as a key (it names an object's prototype, not a scenario value)` });
      else stack.push({ node: (node as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}

function hasOwn(node: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, key);
}

/**
 * Writes `value` at `path` in `root` (a mapping). Missing mapping keys on the way are created;
 * returns the first created path, or an error message.
 */
function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): { created?: PathSegment[] } | { error: string; at: PathSegment[] } {
  let node: unknown = root;
  let created: PathSegment[] | undefined;
  const forbidden = path.findIndex((segment) => typeof segment === 'string' && FORBIDDEN_KEYS.has(segment));
  if (forbidden >= 0) {
    return { error: `'${String(path[forbidden])}' is not allowed as a key (it names an object's prototype, not a scenario value)`, at: path.slice(0, forbidden + 1) };
  }
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
        if (!hasOwn(node, segment) && !created) created = path.slice(0, i + 1);
        node[segment] = value;
      } else {
        if (!hasOwn(node, segment) || node[segment] === undefined || node[segment] === null) {
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
  if (overrides.seed !== undefined && Number.isFinite(overrides.seed)) put(['seed'], overrides.seed, `--seed ${overrides.seed}`, `seed=${overrides.seed}`);
  if (overrides.trials !== undefined && !Number.isFinite(overrides.trials)) {
    // yargs reads `--trials abc` as NaN: say what was expected, not "found NaN".
    result.problems.push({ path: [], message: 'expected a whole number of trials, at least 1; found something that is not a number', origin: '--trials' });
  } else if (overrides.trials !== undefined) put(['trials'], overrides.trials, `--trials ${overrides.trials}`, `trials=${overrides.trials}`);
  if (overrides.seed !== undefined && !Number.isFinite(overrides.seed)) {
    result.problems.push({ path: [], message: 'expected a whole number as the seed; found something that is not a number', origin: '--seed' });
  }
  if (overrides.targets !== undefined) {
    put(['targets'], [...overrides.targets], `--targets ${overrides.targets.join(',')}`, `targets=${overrides.targets.join(',')}`);
  }
  if (overrides.runtime !== undefined) put(['runtime'], overrides.runtime, `--runtime ${overrides.runtime}`, `runtime=${overrides.runtime}`);
  return result;
}
