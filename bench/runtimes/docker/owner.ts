/**
 * Which process owns a container: every container carries the host name, PID and process start
 * time of the harness process that started it, so `tsdb-bench clean` can tell leftovers of a
 * killed run (owner gone) from the containers of a run still in progress (owner alive), and
 * only remove the former. The start time guards against a recycled PID.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const OWNER_HOST_LABEL = 'tsdb-bench.owner-host';
export const OWNER_PID_LABEL = 'tsdb-bench.owner-pid';
export const OWNER_START_LABEL = 'tsdb-bench.owner-start';

/** Field 22 (start time in clock ticks since boot) of a /proc/<pid>/stat line, or null. */
export function parseStartTicks(stat: string): string | null {
  // The command name (field 2) is in parentheses and may contain spaces: split after its last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const rest = stat.slice(close + 2).split(' ');
  const ticks = rest[19]; // rest[0] is field 3, so field 22 is rest[19]
  return ticks && /^\d+$/.test(ticks) ? ticks : null;
}

/** The start time of a process (see parseStartTicks), or null off Linux or when it is gone. */
export function processStartTicks(pid: number): string | null {
  try {
    return parseStartTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Labels naming this process as the owner. */
export function ownerLabels(pid: number = process.pid): Record<string, string> {
  const labels: Record<string, string> = { [OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: String(pid) };
  const start = processStartTicks(pid);
  if (start) labels[OWNER_START_LABEL] = start;
  return labels;
}

export type OwnerState = { state: 'gone' } | { state: 'alive'; pid: number } | { state: 'unknown'; why: string };

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that started a container still runs. Containers without owner labels
 * (made by an older harness) count as gone: they can only be leftovers of a finished process
 * or of one that cannot be identified anyway.
 */
export function ownerState(labels: Readonly<Record<string, string>>, host: string = hostname()): OwnerState {
  const pidText = labels[OWNER_PID_LABEL];
  const owner = labels[OWNER_HOST_LABEL];
  if (pidText === undefined || owner === undefined) return { state: 'gone' };
  if (owner !== host) return { state: 'unknown', why: `started by PID ${pidText} on host ${owner}` };
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return { state: 'gone' };
  if (!pidExists(pid)) return { state: 'gone' };
  const recorded = labels[OWNER_START_LABEL];
  if (recorded !== undefined) {
    const now = processStartTicks(pid);
    if (now !== null && now !== recorded) return { state: 'gone' }; // the PID was recycled
  }
  return { state: 'alive', pid };
}
