/**
 * Small /proc and child-process helpers shared by the native server providers (influxd,
 * redis-server): has a child exited, wait for its exit with a bound, the tail of its log, and
 * its CPU ticks and resident memory from /proc.
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/** Linux USER_HZ (sysconf(_SC_CLK_TCK)), 100 on every mainstream kernel. */
export const CLOCK_TICKS_PER_SEC = 100;

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child exited, false when `ms` passed first. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(exited(child)), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The last `lines` lines of a log file, for error messages. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** utime + stime of a process in clock ticks (Linux /proc), null when unreadable. */
export function cpuTicks(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Resident set size of one process (VmRSS), null when unreadable. */
export function rssBytes(pid: number | undefined): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
