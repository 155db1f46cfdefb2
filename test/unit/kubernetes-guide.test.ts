/**
 * The guide's commands are the ones the tests run: every `tsdb-bench ...` command in the fenced
 * shell blocks of deploy/kubernetes/README.md, and the args of both Job manifests, have the
 * shape (subcommand, flags in order) of a command the sharded integration test runs
 * (test/helpers/shard-commands.ts), and each such command appears in the guide. The files the
 * guide applies exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { commandShape, mergeArgs, shardRunArgs } from '../helpers/shard-commands.js';
import { parseShard } from '../../bench/shard/options.js';

const GUIDE = 'deploy/kubernetes/README.md';

/** Shell words of one command line (quotes removed; good enough for the guide's commands). */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else if (ch === '&' || ch === ';' || ch === '|') {
      break;
    } else cur += ch;
  }
  if (cur || any) out.push(cur);
  return out;
}

/** The `tsdb-bench` commands of the guide's fenced sh blocks, as argument lists. */
function guideCommands(): string[][] {
  const text = readFileSync(GUIDE, 'utf8');
  const cmds: string[][] = [];
  for (const [, body] of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of body.split('\n')) {
      const at = line.search(/\btsdb-bench (run|merge)\b/);
      if (at >= 0) cmds.push(words(line.slice(at)).slice(1));
    }
  }
  return cmds;
}

test('every command of the guide and of the Job manifests has the shape of a command the integration test runs', () => {
  const tested = new Map([
    [commandShape(shardRunArgs({ scenario: 's', engine: 'postgres', shard: '0/4', startAt: 't', url: 'u', out: 'o' })), 'shard run'],
    [commandShape(mergeArgs(['a', 'b', 'c', 'd'], 'o')), 'merge'],
  ]);
  const guide = guideCommands();
  assert.ok(guide.length >= 4, `found ${guide.length} commands in ${GUIDE}`);
  const jobs = ['shards-job.yaml', 'merge-job.yaml'].map(
    (f) => (parse(readFileSync(`deploy/kubernetes/${f}`, 'utf8')) as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec.containers[0].args,
  );
  const seen = new Set<string>();
  for (const args of [...guide, ...jobs]) {
    const shape = commandShape(args);
    assert.ok(tested.has(shape), `not a tested command: tsdb-bench ${args.join(' ')}\n  shape: ${shape}\n  tested: ${[...tested.keys()].join(' | ')}`);
    seen.add(shape);
    if (args[0] === 'run') {
      // Same literal choices as the test: the external runtime, a URL from the environment, a shard flag the harness accepts.
      assert.equal(args[args.indexOf('--runtime') + 1], 'external');
      assert.match(args[args.indexOf('--url') + 1], /=(env:[A-Z_]+|.*\$\{[A-Z_]+\}.*)$/, 'the password comes from the environment');
      const shard = args[args.indexOf('--shard') + 1].replace(/\$\(?SHARDS\)?/, '4').replace('$i', '1');
      assert.deepEqual(parseShard(shard, { JOB_COMPLETION_INDEX: '1' }), { index: 1, count: 4 });
    }
  }
  assert.deepEqual([...seen].sort(), [...tested.keys()].sort(), 'the guide shows every tested command');
});

test('the files the guide applies exist', () => {
  const text = readFileSync(GUIDE, 'utf8');
  const files = [...text.matchAll(/kubectl apply -f (deploy\/\S+)/g)].map((m) => m[1]);
  assert.ok(files.length >= 3);
  for (const f of files) assert.ok(existsSync(f), f);
  for (const [, link] of text.matchAll(/\]\(([^)#]+\.ya?ml)\)/g)) assert.ok(existsSync(`deploy/kubernetes/${link}`), link);
});
