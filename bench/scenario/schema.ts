/**
 * The scenario JSON Schema, assembled: the common part (scenario.common.schema.json: top-level
 * keys, dataset, claims, capacity, compare and the shared unit definitions) plus one fragment
 * per phase kind, supplied by the phase modules (bench/phases/<kind>/). The assembled schema is
 * also written to scenario.schema.json for editors (yaml-language-server comment;
 * scripts/write-scenario-schema.ts rewrites it, test/unit/scenario-schema.test.ts checks it is current).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { PhaseKindSpec } from './phase-kinds.js';
import type { ScenarioSchema, SchemaNode } from './schema-node.js';

export type { ScenarioSchema, SchemaNode } from './schema-node.js';

export const COMMON_SCHEMA_URL = new URL('./scenario.common.schema.json', import.meta.url);
/** The assembled schema as committed for editors. */
export const SCHEMA_URL = new URL('./scenario.schema.json', import.meta.url);

/** "a, b or c" */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The common schema with every phase kind's fragment put in place (kinds in name order). */
export function assembleScenarioSchema(kinds: readonly PhaseKindSpec[]): ScenarioSchema {
  const schema = JSON.parse(readFileSync(COMMON_SCHEMA_URL, 'utf8')) as ScenarioSchema;
  delete schema.$comment;
  const sorted = [...kinds].sort((a, b) => a.kind.localeCompare(b.kind));
  const items = schema.properties!.phases!.items!;
  const kindNode = items.properties!.kind;
  kindNode.enum = sorted.map((k) => k.kind);
  kindNode.description = `What the phase does: ${inWords(sorted.map((k) => k.kind))}.`;
  items.oneOf = sorted.map((k) => ({ $ref: `#/definitions/${k.kind}Phase` }));
  for (const k of sorted) {
    const name = `${k.kind}Phase`;
    if (schema.definitions[name]) throw new Error(`phase kind ${k.kind}: definition ${name} is already taken in scenario.common.schema.json`);
    schema.definitions[name] = structuredClone(k.schema);
  }
  return schema;
}

/** The assembled schema, its compiled validator and reference resolution, for one set of kinds. */
export interface CompiledScenarioSchema {
  schema: ScenarioSchema;
  kinds: ReadonlyMap<string, PhaseKindSpec>;
  /** Validates a parsed scenario document; [] when valid. */
  errors(data: unknown): ErrorObject[];
  /** Follows a local `#/definitions/x` reference. */
  resolveRef(node: SchemaNode): SchemaNode;
}

const compiledFor = new WeakMap<readonly PhaseKindSpec[], CompiledScenarioSchema>();

export function compileScenarioSchema(kinds: readonly PhaseKindSpec[]): CompiledScenarioSchema {
  const cached = compiledFor.get(kinds);
  if (cached) return cached;
  const schema = assembleScenarioSchema(kinds);
  const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true, strict: true });
  // Annotations for humans: the unit a value takes, and what a pattern means in words.
  ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  const validate: ValidateFunction = ajv.compile(schema);
  const compiled: CompiledScenarioSchema = {
    schema,
    kinds: new Map(kinds.map((k) => [k.kind, k])),
    errors: (data) => (validate(data) ? [] : [...(validate.errors ?? [])]),
    resolveRef(node) {
      let current = node;
      while (current.$ref) {
        const name = current.$ref.replace(/^#\/definitions\//, '');
        const target = schema.definitions[name];
        if (!target) throw new Error(`scenario schema: unresolved $ref ${current.$ref}`);
        current = target;
      }
      return current;
    },
  };
  compiledFor.set(kinds, compiled);
  return compiled;
}

/** The assembled schema as the text committed in scenario.schema.json. */
export function scenarioSchemaText(kinds: readonly PhaseKindSpec[]): string {
  return `${JSON.stringify(assembleScenarioSchema(kinds), null, 2)}\n`;
}
