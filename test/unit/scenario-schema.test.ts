import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtInScenarioSchema, PHASE_KINDS } from '../../bench/run/scenario.js';
import { SCHEMA_URL, scenarioSchemaText, type SchemaNode } from '../../bench/scenario/schema.js';

const compiled = builtInScenarioSchema();
const scenarioSchema = () => compiled.schema;
const resolveRef = (node: SchemaNode) => compiled.resolveRef(node);
const schemaErrors = (data: unknown) => compiled.errors(data);
import { COUNT_PATTERN, DURATION_PATTERN, FRACTION_PATTERN, NUMBER_PATTERN, RATE_PATTERN } from '../../bench/scenario/units.js';
import { TABLE_NAMES } from '../../bench/core/tables.js';

test('unit patterns in the schema are the ones the unit parsers accept', () => {
  const d = scenarioSchema().definitions;
  assert.equal(d.count.pattern, COUNT_PATTERN);
  assert.equal(d.number.pattern, NUMBER_PATTERN);
  assert.equal(d.rate.pattern, RATE_PATTERN);
  assert.equal(d.duration.pattern, DURATION_PATTERN);
  assert.equal(d.fraction.pattern, FRACTION_PATTERN);
});

/** Every schema node with `properties`, with the path to it. */
function objectNodes(node: unknown, path: string, out: [string, SchemaNode][] = []): [string, SchemaNode][] {
  if (Array.isArray(node)) node.forEach((n, i) => objectNodes(n, `${path}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    const schema = node as SchemaNode;
    if (schema.properties) out.push([path, schema]);
    for (const [key, child] of Object.entries(schema)) objectNodes(child, `${path}/${key}`, out);
  }
  return out;
}

test('every closed shape rejects unknown keys and every key has a description for editors', () => {
  const nodes = objectNodes(scenarioSchema(), '#');
  assert.ok(nodes.length > 15);
  for (const [path, node] of nodes) {
    // `phases.items` only declares `kind` for the discriminator; its oneOf branches are closed.
    if (!path.endsWith('/phases/items')) assert.equal(node.additionalProperties, false, `${path} is not closed`);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const description = child.description ?? resolveRef(child).description;
      assert.ok(description && description.length > 5, `${path}.${key} has no description`);
    }
  }
});

test('phase kinds in the schema are exactly the discovered phase modules, each with defaults', () => {
  const kinds = (scenarioSchema().properties!.phases!.items!.properties!.kind.enum ?? []) as string[];
  assert.deepEqual([...kinds].sort(), PHASE_KINDS.map((k) => k.kind).sort());
  assert.deepEqual([...kinds].sort(), ['compress', 'downsample', 'growth', 'ingest', 'mixed', 'preload', 'query', 'retention', 'saturate', 'storage']);
  for (const k of PHASE_KINDS) assert.equal(typeof k.defaults, 'object', `${k.kind} has no defaults`);
  for (const kind of kinds) assert.ok(scenarioSchema().definitions[`${kind}Phase`], `no definition for ${kind}`);
});

test('table names in the schema are the seed tables', () => {
  assert.deepEqual(scenarioSchema().definitions.tableName.enum, [...TABLE_NAMES]);
});

test('a minimal document validates; misspelled keys do not', () => {
  assert.deepEqual(schemaErrors({ targets: ['postgres'], phases: [{ kind: 'storage' }] }), []);
  const errors = schemaErrors({ targets: ['postgres'], phases: [{ kind: 'storage', compakt: true }] });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].keyword, 'additionalProperties');
});

test('the committed scenario.schema.json (for editors) is the assembled schema', () => {
  const committed = readFileSync(SCHEMA_URL, 'utf8');
  assert.ok(committed === scenarioSchemaText(PHASE_KINDS), 'bench/scenario/scenario.schema.json is stale: run node --import tsx scripts/write-scenario-schema.ts');
});
