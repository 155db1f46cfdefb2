/** Runtimes declare their own `run` options (Runtime.cli); the command only assembles them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import yargs from 'yargs';
import type { Runtime } from '../../bench/core/runtime.js';
import { loadRuntimes } from '../../bench/run/registry.js';
import { addRuntimeOptions, runtimeChoices, runtimeFlags } from '../../bench/commands/runtime-options.js';

const fake = (kind: string, autoPreference: number | null, options: string[] = []): Runtime => ({
  kind: kind as Runtime['kind'],
  autoPreference,
  probe: async () => ({ available: false, reason: 'test' }),
  start: async () => {
    throw new Error('not started in this test');
  },
  ...(options.length ? { cli: { options: Object.fromEntries(options.map((o) => [o, { type: 'string' as const, describe: o }])), flags: (v) => ({ [`${kind}Got`]: v }) } } : {}),
});

test('--runtime choices: auto, then the runtimes in auto order, then those auto never picks', async () => {
  const found = [...(await loadRuntimes()).values()];
  assert.deepEqual(runtimeChoices(found), ['auto', 'docker', 'native', 'embedded', 'external']);
  assert.deepEqual(runtimeChoices([fake('b', null), fake('a', 5), fake('c', 1)]), ['auto', 'c', 'a', 'b']);
});

test("each runtime gets back exactly its own options' values as its flags", () => {
  const runtimes = [fake('one', 1, ['alpha']), fake('two', 2, ['beta', 'gamma']), fake('three', 3)];
  const flags = runtimeFlags(runtimes, { alpha: 'a', beta: 'b', other: 'x' });
  assert.deepEqual(flags, { oneGot: { alpha: 'a' }, twoGot: { beta: 'b', gamma: undefined } });
});

test('two runtimes declaring one option is refused', () => {
  assert.throws(() => addRuntimeOptions(yargs([]), [fake('one', 1, ['same']), fake('two', 2, ['same'])]), /runtimes one and two both declare the run option --same/);
});

test('the real runtimes: docker and external flags parsed from a command line', async () => {
  const runtimes = [...(await loadRuntimes()).values()];
  const args = await addRuntimeOptions(
    yargs(['--image', 'postgres=pg:16', '--url', 'influxdb=https://h:8086', '--docker-network', 'host', '--no-docker-pull']),
    runtimes,
  ).parseAsync();
  const flags = runtimeFlags(runtimes, args);
  assert.deepEqual(flags.images, { postgres: 'pg:16' });
  assert.deepEqual(flags.urls, { influxdb: 'https://h:8086' });
  assert.equal(flags.dockerNetwork, 'host');
  assert.equal(flags.dockerPull, false);
});

test('`run --help` lists each runtime option under its runtime', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/cli.ts', 'run', '--help'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Runtime options \(declared by bench\/runtimes\/<kind>\/\):/);
  assert.match(r.stdout, /--url\s+\[external\]/);
  assert.match(r.stdout, /--image\s+\[docker\]/);
});
