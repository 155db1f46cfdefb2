/**
 * The scenario JSON Schema (scenario.schema.json, also used by editors through the
 * yaml-language-server comment) and a compiled ajv validator for it.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** Subset of JSON Schema the loader reads when normalizing. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  description?: string;
  'x-unit'?: string;
  'x-expected'?: string;
  [keyword: string]: unknown;
}

export interface ScenarioSchema extends SchemaNode {
  definitions: Record<string, SchemaNode>;
}

export const SCHEMA_URL = new URL('./scenario.schema.json', import.meta.url);

let cached: { schema: ScenarioSchema; validate: ValidateFunction } | undefined;

function compiled(): { schema: ScenarioSchema; validate: ValidateFunction } {
  if (!cached) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as ScenarioSchema;
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      discriminator: true,
      allowUnionTypes: true,
      strict: true,
    });
    // Annotations for humans: the unit a value takes, and what a pattern means in words.
    ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    cached = { schema, validate: ajv.compile(schema) };
  }
  return cached;
}

export function scenarioSchema(): ScenarioSchema {
  return compiled().schema;
}

/** Validates a parsed scenario document; [] when valid. */
export function schemaErrors(data: unknown): ErrorObject[] {
  const { validate } = compiled();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Follows a local `#/definitions/x` reference. */
export function resolveRef(node: SchemaNode): SchemaNode {
  let current = node;
  while (current.$ref) {
    const name = current.$ref.replace(/^#\/definitions\//, '');
    const target = scenarioSchema().definitions[name];
    if (!target) throw new Error(`scenario.schema.json: unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}
