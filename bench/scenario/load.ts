/**
 * Loads a scenario: finds the file (a bare name means `scenarios/<name>.yaml` in the repo),
 * parses YAML, applies command-line overrides, validates against the scenario schema assembled
 * from the given phase kinds (schema.ts) and normalizes. Every problem is reported at once, as one InputError naming the file, the
 * line/column and the path inside the document (e.g. `phases[2].rate`). Never a stack trace.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';
import { defaultShape } from '../generate/index.js';
import { normalizeScenario } from './normalize.js';
import { applyOverrides, forbiddenKeyProblems, type ScenarioOverrides } from './overrides.js';
import { problemsError, type Problem, type ProblemContext } from './problems.js';
import { schemaProblems } from './schema-problems.js';
import type { PhaseKindSpec } from './phase-kinds.js';
import { compileScenarioSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { parseYaml } from './yaml-source.js';

export type { ScenarioOverrides } from './overrides.js';

/** The repository root (two levels above this module). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');

/** How a file is named in messages: relative to the working directory when inside it. */
function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function scenarioFiles(): string[] {
  if (!existsSync(SCENARIOS_DIR)) return [];
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(SCENARIOS_DIR, f));
}

/** A bare name -> scenarios/<name>.yaml; anything that looks like a path -> that path. */
export function resolveScenarioFile(nameOrPath: string): string {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath);
  if (looksLikePath) {
    const file = resolve(nameOrPath);
    if (!existsSync(file)) throw new InputError(`scenario file ${nameOrPath} not found`);
    if (!statSync(file).isFile()) throw new InputError(`scenario ${nameOrPath} is not a file`);
    return file;
  }
  for (const ext of ['.yaml', '.yml']) {
    const file = join(SCENARIOS_DIR, nameOrPath + ext);
    if (existsSync(file)) return file;
  }
  const names = scenarioFiles().map((f) => basename(f, extname(f)));
  throw new InputError(`no scenario named '${nameOrPath}'${didYouMean(nameOrPath, names)}: expected scenarios/${nameOrPath}.yaml; available: ${names.join(', ') || '(none)'}`);
}

function readText(file: string, display: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read scenario ${display}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * `kinds`: the phase kinds a scenario may use (bench/run/registry.ts phaseKinds(); commands and
 * tests call bench/run/scenario.ts loadScenario, which passes the discovered ones).
 */
export function loadScenarioWith(kinds: readonly PhaseKindSpec[], nameOrPath: string, overrides: ScenarioOverrides = {}): Scenario {
  const file = resolveScenarioFile(nameOrPath);
  const display = displayName(file);
  const text = readText(file, display);

  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const lines = parsed.errors.map((e) =>
      e.position ? `${display}:${e.position.line}:${e.position.col}: YAML syntax error: ${e.message}` : `${display}: YAML syntax error: ${e.message}`,
    );
    throw new InputError(`invalid scenario ${display}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  const ctx: ProblemContext = { display, positionOf: parsed.positionOf };
  const data = parsed.data;
  if (data === null || data === undefined) {
    throw new InputError(`invalid scenario ${display}: the file is empty (expected a mapping with at least targets and phases)`);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw problemsError([{ path: [], message: `expected a mapping (key: value lines) at the top; found ${Array.isArray(data) ? 'a list' : `'${String(data)}'`}` }], ctx);
  }
  const document = data as Record<string, unknown>;

  const applied = applyOverrides(document, overrides);
  ctx.overrides = applied.origins;
  const problems: Problem[] = [...applied.problems, ...forbiddenKeyProblems(document)];
  if (problems.length > 0) throw problemsError(problems, ctx);

  const schema = compileScenarioSchema(kinds);
  const errors = schema.errors(document);
  if (errors.length > 0) throw problemsError(schemaProblems(errors, document), ctx);

  const { scenario, problems: semantic } = normalizeScenario({
    data: document,
    schema,
    file,
    defaultName: basename(file, extname(file)),
    defaultShape,
    nowMs: Date.now(),
    overrides: applied.applied,
  });
  if (semantic.length > 0) throw problemsError(semantic, ctx);
  return scenario;
}

/** The shipped scenarios (scenarios/*.yaml): name and description as written, without loading fully. */
export function listScenarios(): { name: string; description: string; file: string }[] {
  return scenarioFiles().map((file) => {
    const fallback = basename(file, extname(file));
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    const data = parsed.ok && parsed.data !== null && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
    return {
      name: typeof data.name === 'string' ? data.name : fallback,
      description: typeof data.description === 'string' ? data.description.trim() : parsed.ok ? '' : '(YAML syntax error)',
      file,
    };
  });
}
