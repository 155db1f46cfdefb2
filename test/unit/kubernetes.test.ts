/**
 * deploy/kubernetes/ validated offline: every manifest parses (yaml) and passes the JSON Schema
 * of its kind (deploy/kubernetes/schemas/, the fields used, from the Kubernetes API reference;
 * unknown fields are errors), plus the cross-references a schema cannot see: the Indexed Job
 * runs all shards at once (completions = parallelism = SHARDS), every $(VAR) in its args is
 * defined, the Secret and ConfigMap it names exist, the volume claim exists, START_AT is an
 * instant the harness accepts. And the harness image's Dockerfile is what the guide says.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { parseShard, parseStartAt } from '../../bench/shard/options.js';

const DIR = 'deploy/kubernetes';
const SCHEMA_OF: Record<string, string> = { Job: 'job', ConfigMap: 'configmap', Secret: 'secret', PersistentVolumeClaim: 'persistentvolumeclaim' };

type Manifest = { kind: string; metadata: { name: string }; [k: string]: unknown };

function manifests(): { file: string; doc: Manifest }[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, doc: parse(readFileSync(join(DIR, file), 'utf8')) as Manifest }));
}

function validator(kind: string) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(JSON.parse(readFileSync(join(DIR, 'schemas', `${SCHEMA_OF[kind]}.schema.json`), 'utf8')) as object);
}

function byKind(kind: string, name?: string): Manifest {
  const m = manifests().find((x) => x.doc.kind === kind && (name === undefined || x.doc.metadata.name === name));
  assert.ok(m, `a ${kind}${name ? ` named ${name}` : ''} in ${DIR}`);
  return m.doc;
}

interface Container {
  name: string;
  image: string;
  args: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  volumeMounts?: { name: string }[];
}
interface JobDoc extends Manifest {
  spec: {
    completionMode?: string;
    completions: number;
    parallelism: number;
    template: { spec: { containers: Container[]; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[] } };
  };
}

describe('Kubernetes manifests (offline)', () => {
  test('every manifest is one of the validated kinds and passes its schema', () => {
    const all = manifests();
    assert.deepEqual(
      all.map((m) => m.file),
      ['configmap.yaml', 'merge-job.yaml', 'results-pvc.yaml', 'secret.yaml', 'shards-job.yaml'],
    );
    for (const { file, doc } of all) {
      assert.ok(SCHEMA_OF[doc.kind], `${file}: kind ${doc.kind} has a schema`);
      const validate = validator(doc.kind);
      assert.ok(validate(doc), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  test('the schemas reject what the API server would (typo, wrong enum, Indexed without completions, Always restart)', () => {
    const job = structuredClone(byKind('Job', 'tsdb-bench-shards')) as JobDoc;
    const validate = validator('Job');
    const broken: [string, (j: JobDoc) => void][] = [
      ['typo in a field', (j) => ((j.spec as unknown as Record<string, unknown>).paralellism = 4)],
      ['unknown completion mode', (j) => (j.spec.completionMode = 'Ordered')],
      ['Indexed without completions', (j) => delete (j.spec as Partial<JobDoc['spec']>).completions],
      ['restartPolicy Always', (j) => ((j.spec.template.spec as unknown as Record<string, unknown>).restartPolicy = 'Always')],
      ['container without image', (j) => delete (j.spec.template.spec.containers[0] as Partial<Container>).image],
      ['a name that is not DNS-1123', (j) => (j.metadata.name = 'TSDB_Bench')],
    ];
    for (const [what, breakIt] of broken) {
      const j = structuredClone(job);
      breakIt(j);
      assert.equal(validate(j), false, `${what} must be rejected`);
    }
    const secret = validator('Secret');
    assert.equal(secret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, type: 'Opaque', data: { url: 'not base64!' } }), false);
    const cm = validator('ConfigMap');
    assert.equal(cm({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { SHARDS: 4 } }), false, 'ConfigMap values are strings');
  });

  test('the shards Job: Indexed, all shards at once, every reference resolved', () => {
    const job = byKind('Job', 'tsdb-bench-shards') as JobDoc;
    const cm = byKind('ConfigMap') as Manifest & { data: Record<string, string> };
    const secret = byKind('Secret') as Manifest & { stringData: Record<string, string> };
    const pvc = byKind('PersistentVolumeClaim');
    assert.equal(job.spec.completionMode, 'Indexed');
    const shards = Number(cm.data.SHARDS);
    assert.equal(job.spec.completions, shards, 'completions = SHARDS');
    assert.equal(job.spec.parallelism, shards, 'parallelism = SHARDS: every shard runs at once');
    assert.equal(parseStartAt(cm.data.START_AT), Date.parse(cm.data.START_AT));
    const c = job.spec.template.spec.containers[0];
    const defined = new Set([...Object.keys(cm.data), ...(c.env ?? []).map((e) => e.name), 'JOB_COMPLETION_INDEX']);
    for (const arg of c.args) for (const [, v] of arg.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) assert.ok(defined.has(v), `$(${v}) in args is defined`);
    assert.deepEqual(
      c.envFrom?.map((e) => e.configMapRef?.name),
      [cm.metadata.name],
    );
    for (const e of c.env ?? [])
      if (e.valueFrom?.secretKeyRef) {
        assert.equal(e.valueFrom.secretKeyRef.name, secret.metadata.name);
        assert.ok(e.valueFrom.secretKeyRef.key in secret.stringData, `secret key ${e.valueFrom.secretKeyRef.key}`);
      }
    // The password reaches the harness only through the environment.
    const url = c.args[c.args.indexOf('--url') + 1];
    assert.match(url, /^\$\(ENGINE\)=env:TARGET_URL$/);
    for (const v of job.spec.template.spec.volumes ?? []) assert.equal(v.persistentVolumeClaim?.claimName, pvc.metadata.name);
    // The harness resolves the shard flag as Kubernetes would give it.
    const shardFlag = c.args[c.args.indexOf('--shard') + 1].replace('$(SHARDS)', cm.data.SHARDS);
    assert.deepEqual(parseShard(shardFlag, { JOB_COMPLETION_INDEX: String(shards - 1) }), { index: shards - 1, count: shards });
  });

  test('the merge Job reads every shard directory the shards Job writes', () => {
    const cm = byKind('ConfigMap') as Manifest & { data: Record<string, string> };
    const merge = byKind('Job', 'tsdb-bench-merge') as JobDoc;
    const args = merge.spec.template.spec.containers[0].args;
    assert.equal(args[0], 'merge');
    const dirs = args.slice(1, args.indexOf('--out'));
    assert.deepEqual(
      dirs,
      Array.from({ length: Number(cm.data.SHARDS) }, (_, i) => `/results/shard-${i}`),
    );
  });

  test('the harness image: node:20-bookworm-slim, npm ci of the lockfile, entrypoint tsdb-bench', () => {
    const text = readFileSync('deploy/Dockerfile', 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    assert.equal(
      lines.find((l) => l.startsWith('FROM')),
      'FROM node:20-bookworm-slim',
    );
    assert.ok(lines.some((l) => /^RUN npm ci\b/.test(l)));
    assert.ok(lines.some((l) => l.startsWith('COPY package.json package-lock.json')));
    const entry = lines.find((l) => l.startsWith('ENTRYPOINT'))!;
    assert.deepEqual(JSON.parse(entry.slice('ENTRYPOINT'.length)), ['node', '/opt/tsdb-bench/bin/tsdb-bench.mjs']);
    // Everything the entrypoint imports is copied in.
    for (const dir of ['bin', 'bench', 'scenarios', 'tsconfig.json'])
      assert.ok(
        lines.some((l) => l.startsWith(`COPY ${dir}`)),
        `COPY ${dir}`,
      );
  });
});
