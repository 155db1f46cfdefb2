/**
 * CPU and memory of a native server, measured the same way for every native server (PostgreSQL,
 * influxd, redis-server), over its whole process tree (the server pid and every descendant:
 * PostgreSQL's backends and background workers, redis-server's fork for a save):
 *
 * - memory = the sum of PSS (/proc/<pid>/smaps_rollup) over the tree. PSS divides each shared
 *   page among the processes that map it, so shared_buffers and the binary's text are counted
 *   once, not once per backend as an RSS sum would. Where smaps_rollup is unreadable (kernel
 *   before 4.14, no ptrace access) the sum is of VmRSS instead, for the whole life of the server
 *   (so one run never mixes the two), and `facts.memory` says so.
 * - CPU = the growth of (utime + stime + cutime + cstime) summed over the tree between two
 *   samples, divided by CLK_TCK and by the wall time between them; cutime/cstime carry the CPU
 *   of descendants that already exited (a backend of a closed connection), so it is not lost.
 *   100% = one core busy. The first sample has no predecessor: its cpuPercent is null.
 *
 * The report's method text (report/sections/methodology.ts) states this for readers.
 */
import { existsSync } from 'node:fs';
import { clockTicks } from './clock-ticks.js';
import type { ProcStat } from './proc-parse.js';
import { readProcessTree, readPssBytes, readVmRssBytes } from './proc-read.js';

/** How the samples of one server are taken (recorded in the server's details). */
export interface ResourceSamplingFacts {
  scope: 'process tree (server pid and all descendants)';
  /** What memoryBytes sums over the tree. */
  memory: 'PSS' | 'VmRSS';
  /** Why VmRSS is summed instead of PSS (absent when PSS). */
  memoryFallback?: string;
  clockTicksPerSec: number;
  clockTicksSource: string;
}

export interface TreeTotals {
  /** CPU ticks of the tree, including reaped descendants (cutime + cstime). */
  cpuTicks: number;
  /** Sum over the processes whose memory could be read; null when none could. */
  memoryBytes: number | null;
  processes: number;
}

/** Totals over one reading of the tree; `memoryOf` gives a process's bytes (null: gone). Pure. */
export function treeTotals(tree: readonly ProcStat[], memoryOf: (pid: number) => number | null): TreeTotals {
  let cpuTicks = 0;
  let memoryBytes: number | null = null;
  for (const p of tree) {
    cpuTicks += p.utime + p.stime + p.cutime + p.cstime;
    // A process that exited between the listing and this read has no memory left to count.
    const bytes = memoryOf(p.pid);
    if (bytes !== null) memoryBytes = (memoryBytes ?? 0) + bytes;
  }
  return { cpuTicks, memoryBytes, processes: tree.length };
}

export interface CpuReading {
  cpuTicks: number;
  wallMs: number;
}

/**
 * CPU use between two readings in percent of one core, null without a previous reading or
 * elapsed time. Never negative: a descendant that left the tree (re-parented elsewhere) takes
 * its ticks along. Pure.
 */
export function cpuPercentBetween(prev: CpuReading | null, next: CpuReading, ticksPerSecond: number): number | null {
  if (!prev || next.wallMs <= prev.wallMs) return null;
  const cpuSeconds = (next.cpuTicks - prev.cpuTicks) / ticksPerSecond;
  return Math.max(0, (cpuSeconds / ((next.wallMs - prev.wallMs) / 1000)) * 100);
}

export interface TreeSampler {
  readonly facts: ResourceSamplingFacts;
  /** Totals of the tree now (no CPU rate); null when the root process is gone. */
  totals(): TreeTotals | null;
  /** One sample for the runner: memory now and CPU since the previous sample. */
  sample(): Promise<{ cpuPercent: number | null; memoryBytes: number | null }>;
}

/** A sampler of the tree under `rootPid`; the memory measure is chosen now, once. */
export function processTreeSampler(rootPid: number): TreeSampler {
  const ticks = clockTicks();
  const pss = readPssBytes(rootPid) !== null;
  const facts: ResourceSamplingFacts = {
    scope: 'process tree (server pid and all descendants)',
    memory: pss ? 'PSS' : 'VmRSS',
    ...(pss ? {} : { memoryFallback: existsSync(`/proc/${rootPid}/smaps_rollup`) ? 'smaps_rollup not readable (no ptrace access)' : 'no smaps_rollup (kernel before 4.14)' }),
    clockTicksPerSec: ticks.perSecond,
    clockTicksSource: ticks.source,
  };
  const memoryOf = pss ? readPssBytes : readVmRssBytes;
  let last: CpuReading | null = null;
  const totals = (): TreeTotals | null => {
    const tree = readProcessTree(rootPid);
    return tree.length === 0 ? null : treeTotals(tree, memoryOf);
  };
  return {
    facts,
    totals,
    async sample() {
      const now = totals();
      if (!now) return { cpuPercent: null, memoryBytes: null };
      const reading = { cpuTicks: now.cpuTicks, wallMs: performance.now() };
      const cpuPercent = cpuPercentBetween(last, reading, ticks.perSecond);
      last = reading;
      return { cpuPercent, memoryBytes: now.memoryBytes };
    },
  };
}
