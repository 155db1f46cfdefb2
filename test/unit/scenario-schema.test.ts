import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHASE_DEFAULTS } from '../../bench/scenario/normalize.js';
import { resolveRef, scenarioSchema, schemaErrors, type SchemaNode } from '../../bench/scenario/schema.js';
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

test('phase kinds in the schema are exactly the kinds with defaults', () => {
  const kinds = (scenarioSchema().properties!.phases!.items!.properties!.kind.enum ?? []) as string[];
  assert.deepEqual([...kinds].sort(), Object.keys(PHASE_DEFAULTS).sort());
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
