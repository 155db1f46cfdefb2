/**
 * Machine load around phases, so noise can be explained from a report: the load average and,
 * from /proc/stat, the share of CPU time busy and stolen by a hypervisor since the previous
 * sample. Where /proc/stat is not readable the CPU shares are null.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadSample } from '../core/results.js';

interface CpuTimes {
  total: number;
  idle: number;
  steal: number;
}

/** Parses the aggregate `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal ...). */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  // guest and guest_nice (fields 9, 10) are already counted in user and nice.
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, idle: f[3] + (f[4] ?? 0), steal: f[7] ?? 0 };
}

function readCpuTimes(): CpuTimes | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/** Busy and steal % between two /proc/stat readings; nulls when either is missing or no time passed. */
export function cpuShares(before: CpuTimes | null, after: CpuTimes | null): { busyPercent: number | null; stealPercent: number | null } {
  if (!before || !after) return { busyPercent: null, stealPercent: null };
  const dt = after.total - before.total;
  if (!(dt > 0)) return { busyPercent: null, stealPercent: null };
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    busyPercent: round1((100 * (dt - (after.idle - before.idle))) / dt),
    stealPercent: round1((100 * (after.steal - before.steal)) / dt),
  };
}

/** Samples load; each call's CPU shares cover the time since the previous call of this sampler. */
export function loadSampler(): () => LoadSample {
  let previous = readCpuTimes();
  return () => {
    const now = readCpuTimes();
    const shares = cpuShares(previous, now);
    previous = now;
    const [a, b, c] = os.loadavg();
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return { loadavg: [r2(a), r2(b), r2(c)], ...shares, at: new Date().toISOString() };
  };
}
