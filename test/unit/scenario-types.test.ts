/**
 * The hand-written phase spec types (bench/phases/<kind>/spec.ts) cannot drift from the schema
 * fragments the loader validates against: each fragment is turned into the NORMALIZED shape the
 * normalizer produces (unit values become numbers, duration keys gain `Ms`, keys with a default
 * and the assigned id/trials become required), compiled to TypeScript with
 * json-schema-to-typescript, and type-checked against the hand-written type: same keys,
 * assignable both ways (tsc --noEmit on a small file in a temp dir).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { builtInScenarioSchema, PHASE_KINDS } from '../../bench/run/scenario.js';
import type { SchemaNode } from '../../bench/scenario/schema.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const compiled = builtInScenarioSchema();

/** Schema node -> the schema of its normalized value (what the normalizer writes). */
function normalized(node: SchemaNode, defaults: object | undefined): JSONSchema {
  const schema = compiled.resolveRef(node);
  if (schema['x-unit']) return { type: 'number' };
  if (schema.const !== undefined) return { const: schema.const, tsType: JSON.stringify(schema.const) } as JSONSchema;
  if (schema.enum) return { enum: schema.enum } as JSONSchema;
  if (schema.type === 'array') return { type: 'array', items: normalized(schema.items ?? {}, undefined) };
  if (schema.properties) {
    const properties: Record<string, JSONSchema> = {};
    const required = new Set(schema.required ?? []);
    const given = (defaults ?? {}) as Record<string, unknown>;
    for (const [key, child] of Object.entries(schema.properties)) {
      const isDuration = compiled.resolveRef(child)['x-unit'] === 'duration';
      const name = isDuration ? `${key}Ms` : key;
      properties[name] = normalized(child, isDuration ? undefined : (given[name] as object | undefined));
      if (required.has(key) || name in given) required.add(name);
      if (isDuration) required.delete(key);
    }
    return { type: 'object', additionalProperties: false, properties, required: [...required].filter((k) => k in properties) };
  }
  return { type: schema.type } as JSONSchema;
}

function pascal(kind: string): string {
  return kind[0].toUpperCase() + kind.slice(1);
}

test('every phase kind: the normalized schema fragment and the hand-written spec type agree', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-spec-types-'));
  try {
    const checks: string[] = [];
    const generated: string[] = [];
    for (const kind of PHASE_KINDS) {
      const fragment = normalized(compiled.schema.definitions[`${kind.kind}Phase`], { ...kind.defaults, id: '', trials: 1 }) as JSONSchema & { required: string[] };
      const name = `Generated${pascal(kind.kind)}`;
      generated.push(await compile(fragment, name, { bannerComment: '', additionalProperties: false, strictIndexSignatures: true, format: false }));
      const hand = `${pascal(kind.kind)}Phase`;
      checks.push(
        `import type { ${hand} } from '${join(REPO, 'bench/phases', kind.kind, 'spec.js')}';`,
        `type ${name}Keys = Same<keyof ${name}, keyof ${hand}>;`,
        `const ${kind.kind}Keys: ${name}Keys = true;`,
        `const ${kind.kind}FromSchema = (x: ${name}): ${hand} => x;`,
        `const ${kind.kind}ToSchema = (x: ${hand}): ${name} => x;`,
        `void [${kind.kind}Keys, ${kind.kind}FromSchema, ${kind.kind}ToSchema];`,
      );
    }
    writeFileSync(join(dir, 'generated.ts'), generated.join('\n'));
    writeFileSync(
      join(dir, 'check.ts'),
      [
        `import type { ${PHASE_KINDS.map((k) => `Generated${pascal(k.kind)}`).join(', ')} } from './generated.js';`,
        'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
        ...checks,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules/@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `spec types and schema fragments disagree:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
