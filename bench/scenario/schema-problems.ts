/**
 * Turns ajv errors into one readable problem each: the path in the form `phases[2].rate`,
 * what was expected (in words, with unit examples) and what was found, with "did you mean"
 * suggestions for misspelled keys and values.
 */
import type { ErrorObject } from 'ajv';
import { pointerToPath, type PathSegment } from './paths.js';
import { describeValue, type Problem } from './problems.js';
import type { SchemaNode } from './schema-node.js';
import { didYouMean } from './suggest.js';
import { UNIT_PARSERS, type UnitKind } from './units.js';
import { UnitError } from '../core/errors.js';

function parentSchemaOf(error: ErrorObject): SchemaNode {
  return (error.parentSchema ?? {}) as SchemaNode;
}

function unitMessage(kind: string, value: unknown): string | undefined {
  const parse = UNIT_PARSERS[kind as UnitKind];
  if (!parse) return undefined;
  try {
    parse(value);
  } catch (error) {
    if (error instanceof UnitError) return error.message;
    throw error;
  }
  return undefined;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    integer: 'a whole number',
    number: 'a number',
    string: 'text',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (key: value lines)',
    null: 'nothing',
  };
  const list = Array.isArray(type) ? type : String(type).split(',');
  return list.map((t) => words[t] ?? t).join(' or ');
}

function messageFor(error: ErrorObject): { path: 'self' | 'child'; message: string } | null {
  const schema = parentSchemaOf(error);
  const data = error.data;
  const found = describeValue(data);
  const params = error.params as Record<string, unknown>;

  // Values with units: the unit parser's own words ("expected a duration like 30s, 5m, 7d; found '7 dayz'").
  if (schema['x-unit'] && ['type', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum'].includes(error.keyword)) {
    const message = unitMessage(schema['x-unit'], data);
    if (message) return { path: 'self', message };
  }
  if (schema['x-expected'] && ['type', 'pattern', 'oneOf', 'anyOf'].includes(error.keyword)) {
    return { path: 'self', message: `expected ${schema['x-expected']}; found ${found}` };
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const hint = didYouMean(key, allowed);
      const list = hint || allowed.length === 0 ? '' : `; allowed keys: ${allowed.join(', ')}`;
      return { path: 'child', message: `unknown key '${key}'${hint}${list}` };
    }
    case 'required':
      return { path: 'self', message: `missing required key '${String(params.missingProperty)}'` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
      return { path: 'self', message: `expected one of ${quoteList(allowed)}; found ${found}${hint}` };
    }
    case 'const':
      return { path: 'self', message: `expected ${JSON.stringify(params.allowedValue)}; found ${found}` };
    case 'type':
      return { path: 'self', message: `expected ${typeWords(params.type)}; found ${found}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: 'self', message: `expected a number ${String(params.comparison)} ${String(params.limit)}; found ${found}` };
    case 'minItems':
      return { path: 'self', message: `expected at least ${String(params.limit)} item(s); found ${found}` };
    case 'uniqueItems':
      return { path: 'self', message: `expected no duplicates; items ${String(params.j)} and ${String(params.i)} are the same` };
    case 'minLength':
      return { path: 'self', message: `expected non-empty text; found ${found}` };
    case 'pattern':
      return { path: 'self', message: `expected text matching ${String(params.pattern)}; found ${found}` };
    case 'dependencies':
    case 'dependentRequired':
      return {
        path: 'self',
        message: `key '${String(params.property)}' also needs key '${String(params.missingProperty)}'`,
      };
    case 'discriminator':
      return { path: 'self', message: `expected a phase with a known kind; found ${found}` };
    default:
      return { path: 'self', message: `${error.message ?? error.keyword}; found ${found}` };
  }
}

const isAlternative = (e: ErrorObject): boolean => e.keyword === 'oneOf' || e.keyword === 'anyOf';

/**
 * One problem per ajv error, without the noise of oneOf branches and duplicate discriminator
 * errors. A failed oneOf is reported by its own words ("expected true, false or a list of ...")
 * unless a branch found something wrong deeper inside the value (`aggregates[1]`), which is
 * more precise.
 */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): Problem[] {
  const alternatives = errors.filter(isAlternative);
  const deeperThan = (e: ErrorObject): boolean => errors.some((other) => !isAlternative(other) && other.instancePath.startsWith(`${e.instancePath}/`));
  const kept = errors.filter((error) => {
    if (isAlternative(error)) return !deeperThan(error);
    const owner = alternatives.find((alt) => error.schemaPath.startsWith(`${alt.schemaPath}/`));
    if (owner && error.instancePath === owner.instancePath) return false;
    // `kind: ingets` gives an enum error (with a suggestion) and a discriminator error: keep the first.
    if (error.keyword === 'discriminator') {
      const tag = String((error.params as Record<string, unknown>).tag);
      return !errors.some((e) => e.instancePath === `${error.instancePath}/${tag}`);
    }
    return true;
  });
  const problems: Problem[] = [];
  for (const error of kept) {
    const described = messageFor(error);
    if (!described) continue;
    const path: PathSegment[] = pointerToPath(error.instancePath, data);
    if (described.path === 'child') path.push(String((error.params as Record<string, unknown>).additionalProperty));
    problems.push({ path, message: described.message });
  }
  return problems;
}
