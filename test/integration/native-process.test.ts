/**
 * The native runtime's process module on real processes (a /bin/sh server with children): the
 * tree the sampler sees, SIGTERM -> SIGKILL of the whole tree when the server ignores SIGTERM,
 * the exit hook, and the throwaway directory's life. The same module runs PostgreSQL, influxd and
 * redis-server (their tests: postgres-native, influxdb-native, redis-native).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingCleanups } from '../../bench/core/cleanup.js';
import { beginNativeServer } from '../../bench/runtimes/native/process/lifecycle.js';
import { readProcessTree, readPssBytes } from '../../bench/runtimes/native/process/proc-read.js';
import { pollUntilReady, notReadyError } from '../../bench/runtimes/native/process/readiness.js';
import { spawnServer } from '../../bench/runtimes/native/process/server-process.js';
import { processTreeSampler } from '../../bench/runtimes/native/process/tree-sampler.js';

/** Running, i.e. neither gone nor a zombie waiting for its new parent (init) to reap it. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

// The servers are unref'd (the harness never waits for them): keep the loop alive while a test awaits their exit.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

/** A "server" that starts two children, writes a ready file and ignores SIGTERM (so stop() must SIGKILL). */
const STUBBORN = `trap '' TERM; sleep 300 & sleep 300 & echo started; touch "$1"; wait`;

test('a server that ignores SIGTERM: tree sampled, stop() kills the whole tree, the dir goes, died() stays silent', { timeout: 60_000 }, async () => {
  const life = beginNativeServer({ cleanupName: 'process test', dirPrefix: 'tsdb-bench-proc-test-', stopSignal: 'SIGTERM', stopTimeoutMs: 300 });
  const dir = life.dir;
  try {
    const ready = join(dir, 'ready');
    const proc = spawnServer({ name: 'stub', command: '/bin/sh', args: ['-c', STUBBORN, 'stub', ready], cwd: dir, logFile: join(dir, 'stub.log') });
    life.adopt(proc);
    let diedWith: string | null = null;
    void life.died(proc).then((why) => (diedWith = why));
    const outcome = await pollUntilReady(proc, {
      check: async () => existsSync(ready) && readProcessTree(proc.pid!).length >= 3,
      timeoutMs: 30_000,
      pollMs: 20,
      signal: new AbortController().signal,
    });
    assert.equal(outcome, 'ready');

    const tree = readProcessTree(proc.pid!);
    assert.equal(tree[0].pid, proc.pid, 'root first');
    assert.ok(
      tree.slice(1).every((p) => p.ppid === proc.pid),
      'the sleeps are children of the server',
    );
    const sampler = processTreeSampler(proc.pid!);
    assert.equal(sampler.facts.scope, 'process tree (server pid and all descendants)');
    const totals = sampler.totals()!;
    assert.equal(totals.processes, tree.length);
    if (sampler.facts.memory === 'PSS') assert.ok(totals.memoryBytes! > readPssBytes(proc.pid!)!, 'the tree holds more than its root');
    const first = await sampler.sample();
    assert.equal(first.cpuPercent, null, 'no rate without a previous sample');
    assert.ok(first.memoryBytes! > 0);
    const second = await sampler.sample();
    assert.ok(second.cpuPercent !== null && second.cpuPercent >= 0);

    await life.stop();
    for (const p of tree) assert.ok(await eventually(() => !running(p.pid), 10_000), `pid ${p.pid} of the tree is gone`);
    assert.equal(proc.describeExit(), 'killed by SIGKILL');
    assert.equal(existsSync(dir), false, 'the directory is removed');
    await new Promise((r) => setImmediate(r));
    assert.equal(diedWith, null, 'a stop is not a death');
    assert.ok(!pendingCleanups().includes('process test'));
    await life.stop(); // idempotent
  } finally {
    await life.stop();
  }
});

test('died(): an exit of its own names the exit code and the last log line; a kill names the signal', { timeout: 60_000 }, async () => {
  const life = beginNativeServer({ cleanupName: 'process test 2', dirPrefix: 'tsdb-bench-proc-test-', stopSignal: 'SIGTERM', stopTimeoutMs: 5_000 });
  try {
    const own = spawnServer({
      name: 'stub',
      command: '/bin/sh',
      args: ['-c', 'echo starting; echo "FATAL: out of disk" >&2; exit 3'],
      cwd: life.dir,
      logFile: join(life.dir, 'own.log'),
    });
    life.adopt(own);
    assert.equal(await life.died(own), 'stub server process exited (exit code 3): FATAL: out of disk');

    const killed = spawnServer({ name: 'stub', command: '/bin/sh', args: ['-c', 'sleep 300'], cwd: life.dir, logFile: join(life.dir, 'killed.log') });
    life.adopt(killed);
    const died = life.died(killed);
    process.kill(killed.pid!, 'SIGKILL');
    assert.equal(await died, 'stub server process exited (killed by SIGKILL)');
  } finally {
    await life.stop();
  }
});

test('readiness: a server that exits during startup, and one that cannot be spawned', { timeout: 60_000 }, async () => {
  const life = beginNativeServer({ cleanupName: 'process test 3', dirPrefix: 'tsdb-bench-proc-test-', stopSignal: 'SIGTERM', stopTimeoutMs: 5_000 });
  try {
    const bad = spawnServer({ name: 'stub', command: '/bin/sh', args: ['-c', 'echo "bad setting: lots" >&2; exit 1'], cwd: life.dir, logFile: join(life.dir, 'bad.log') });
    life.adopt(bad);
    const outcome = await pollUntilReady(bad, { check: async () => false, timeoutMs: 30_000, pollMs: 20, signal: new AbortController().signal });
    assert.equal(outcome, 'exited');
    assert.match(notReadyError(bad, outcome, 30_000).message, /^stub exited during startup \(exit code 1\); last log lines:\nbad setting: lots$/);

    const missing = spawnServer({ name: 'nothing', command: join(life.dir, 'no-such-binary'), args: [], cwd: life.dir, logFile: join(life.dir, 'missing.log') });
    assert.equal(missing.pid, undefined);
    const status = await missing.exited;
    assert.match(String(status.spawnError?.message), /ENOENT/);
    assert.match(missing.describeExit(), /^could not start: /);
    await missing.stop('SIGTERM', 100); // nothing to stop: returns
  } finally {
    await life.stop();
  }
});
