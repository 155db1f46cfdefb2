/**
 * The pure parts of the native runtime's process module (bench/runtimes/native/process/): the
 * /proc parsers, the process-tree walk, the tree totals and CPU rate, the port check; and the
 * free-port helper and CLK_TCK reading on this machine.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parsePssBytes, parseStat, parseVmRssBytes, treePids, type ProcStat } from '../../bench/runtimes/native/process/proc-parse.js';
import { cpuPercentBetween, treeTotals } from '../../bench/runtimes/native/process/tree-sampler.js';
import { assertDistinctPorts, distinctFreePorts } from '../../bench/runtimes/native/process/ports.js';
import { clockTicks } from '../../bench/runtimes/native/process/clock-ticks.js';
import { describeExit } from '../../bench/runtimes/native/process/server-process.js';

/** A stat line as the kernel writes it: pid (comm) state ppid ... utime stime cutime cstime ... */
function statLine(pid: number, comm: string, ppid: number, [utime, stime, cutime, cstime]: number[]): string {
  const rest = ['S', ppid, pid, pid, 0, -1, 4194560, 100, 0, 0, 0, utime, stime, cutime, cstime, 20, 0, 1, 0, 68528, 3133440, 409];
  return `${pid} (${comm}) ${rest.join(' ')}\n`;
}

const SMAPS_ROLLUP = [
  '56281a439000-7fff7783e000 ---p 00000000 00:00 0                          [rollup]',
  'Rss:               18760 kB',
  'Pss_Dirty:           112 kB',
  'Pss:                 267 kB',
  'Pss_Anon:            112 kB',
  'Pss_File:            155 kB',
  'Shared_Clean:       1608 kB',
].join('\n');

describe('/proc parsers', () => {
  test('stat: fields counted from the last parenthesis (a command name may hold spaces and parentheses)', () => {
    assert.deepEqual(parseStat(statLine(4242, 'postgres: walwriter (x) ', 4000, [7, 3, 11, 5])), { pid: 4242, ppid: 4000, utime: 7, stime: 3, cutime: 11, cstime: 5 });
    assert.deepEqual(parseStat(statLine(1, 'init', 0, [0, 0, 0, 0])), { pid: 1, ppid: 0, utime: 0, stime: 0, cutime: 0, cstime: 0 });
  });

  test('stat: not a stat line -> null', () => {
    assert.equal(parseStat(''), null);
    assert.equal(parseStat('4242 no parentheses S 1'), null);
    assert.equal(parseStat('4242 (short) S'), null);
  });

  test('smaps_rollup: the Pss line in bytes, not Pss_Dirty/Pss_Anon; absent -> null', () => {
    assert.equal(parsePssBytes(SMAPS_ROLLUP), 267 * 1024);
    assert.equal(parsePssBytes('Rss:  10 kB\nPss_Anon: 5 kB\n'), null);
  });

  test('status: VmRSS in bytes; a kernel thread or zombie has none', () => {
    assert.equal(parseVmRssBytes('Name:\tinfluxd\nVmPeak:\t  900000 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 40000 kB\n'), 51200 * 1024);
    assert.equal(parseVmRssBytes('Name:\tkworker/0:1\nState:\tI (idle)\n'), null);
  });
});

describe('process tree', () => {
  const listing = [
    { pid: 1, ppid: 0 },
    { pid: 100, ppid: 1 }, // the server
    { pid: 101, ppid: 100 }, // its children
    { pid: 102, ppid: 100 },
    { pid: 103, ppid: 101 }, // a grandchild
    { pid: 200, ppid: 1 }, // unrelated
    { pid: 201, ppid: 200 },
  ];

  test('root first, then every descendant breadth first; nothing outside the tree', () => {
    assert.deepEqual(treePids(100, listing), [100, 101, 102, 103]);
    assert.deepEqual(treePids(201, listing), [201]);
    assert.deepEqual(treePids(999, listing), [999], 'a root without children is its own tree');
  });

  test('a cycle in a listing read while processes come and go visits each pid once', () => {
    assert.deepEqual(
      treePids(5, [
        { pid: 6, ppid: 5 },
        { pid: 5, ppid: 6 },
      ]),
      [5, 6],
    );
  });

  const stat = (pid: number, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0): ProcStat => ({ pid, ppid, utime, stime, cutime, cstime });

  test('totals: CPU of every member plus what its reaped children used; memory of the members still there', () => {
    const tree = [stat(100, 1, 50, 20, 30, 10), stat(101, 100, 5, 5), stat(102, 100, 1, 0)];
    const memory = new Map([
      [100, 8_000_000],
      [101, 2_000_000],
    ]);
    const t = treeTotals(tree, (pid) => memory.get(pid) ?? null);
    assert.equal(t.cpuTicks, 50 + 20 + 30 + 10 + 5 + 5 + 1);
    assert.equal(t.memoryBytes, 10_000_000, 'pid 102 exited before its memory was read: not counted');
    assert.equal(t.processes, 3);
    assert.ok(t.memoryBytes! > memory.get(100)!, 'the tree holds more than the server process alone');
    assert.equal(treeTotals(tree, () => null).memoryBytes, null, 'no memory readable: null, never 0');
  });

  test("a child that exits keeps its CPU in the tree (moved to its parent's cutime)", () => {
    const before = treeTotals([stat(100, 1, 50, 20), stat(101, 100, 40, 10)], () => 1);
    const after = treeTotals([stat(100, 1, 50, 20, 40, 10)], () => 1);
    assert.equal(after.cpuTicks, before.cpuTicks);
  });
});

describe('CPU rate', () => {
  test('ticks / CLK_TCK / wall seconds, in percent of one core', () => {
    assert.equal(cpuPercentBetween({ cpuTicks: 1000, wallMs: 0 }, { cpuTicks: 1150, wallMs: 1000 }, 100), 150);
    assert.equal(cpuPercentBetween({ cpuTicks: 0, wallMs: 0 }, { cpuTicks: 250, wallMs: 2000 }, 250), 50, 'the real tick rate, not a constant');
  });

  test('no previous reading or no elapsed time -> null; a shrinking tree never gives a negative rate', () => {
    assert.equal(cpuPercentBetween(null, { cpuTicks: 10, wallMs: 5 }, 100), null);
    assert.equal(cpuPercentBetween({ cpuTicks: 10, wallMs: 5 }, { cpuTicks: 20, wallMs: 5 }, 100), null);
    assert.equal(cpuPercentBetween({ cpuTicks: 500, wallMs: 0 }, { cpuTicks: 400, wallMs: 1000 }, 100), 0);
  });
});

describe('exit descriptions', () => {
  test('exit code, signal, failed start, still running', () => {
    assert.equal(describeExit({ code: 1, signal: null }), 'exit code 1');
    assert.equal(describeExit({ code: null, signal: 'SIGKILL' }), 'killed by SIGKILL');
    assert.equal(describeExit({ code: null, signal: null, spawnError: new Error('spawn /x ENOENT') }), 'could not start: spawn /x ENOENT');
    assert.equal(describeExit(null), 'running');
  });
});

describe('ports and clock ticks on this machine', () => {
  test('distinct ports: equal or invalid ports are refused', () => {
    assert.doesNotThrow(() => assertDistinctPorts([8086, 8088]));
    assert.throws(() => assertDistinctPorts([8086, 8086]), /not distinct: 8086, 8086/);
    assert.throws(() => assertDistinctPorts([0]), /not a TCP port/);
    assert.throws(() => assertDistinctPorts([70_000]), /not a TCP port/);
  });

  test('distinctFreePorts gives that many distinct loopback ports', async () => {
    const ports = await distinctFreePorts(4);
    assert.equal(ports.length, 4);
    assert.equal(new Set(ports).size, 4);
    for (const p of ports) assert.ok(p > 0 && p < 65_536);
  });

  test('CLK_TCK is read from getconf, not assumed', () => {
    const getconf = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const ticks = clockTicks();
    if (getconf.status === 0) {
      assert.equal(ticks.perSecond, Number(getconf.stdout.trim()));
      assert.equal(ticks.source, 'getconf CLK_TCK');
    } else {
      assert.equal(ticks.perSecond, 100);
      assert.match(ticks.source, /assumed 100/);
    }
    assert.equal(clockTicks(), ticks, 'read once');
  });
});
