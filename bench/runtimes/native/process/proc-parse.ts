/**
 * Parsers for the Linux /proc files the native runtime samples, and the process-tree walk.
 * Pure: they take the files' text (or a listing) as input, so they are tested without /proc.
 */

/** The fields of /proc/<pid>/stat the sampler and the tree walk use (times in clock ticks). */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User and system CPU of the process itself. */
  utime: number;
  stime: number;
  /** User and system CPU of its children that exited and were waited for (reaped). */
  cutime: number;
  cstime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses ("(postgres: walwriter )"), so fields are counted from the LAST ')'.
 * null when the text is not a stat line.
 */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After "pid (comm) ": [0]=state [1]=ppid ... [11]=utime [12]=stime [13]=cutime [14]=cstime
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const nums = [f[1], f[11], f[12], f[13], f[14]].map(Number);
  if (!Number.isInteger(pid) || nums.some((n) => !Number.isFinite(n))) return null;
  const [ppid, utime, stime, cutime, cstime] = nums;
  return { pid, ppid, utime, stime, cutime, cstime };
}

/** The `Pss:` line of /proc/<pid>/smaps_rollup in bytes (the file counts kB), null when absent. */
export function parsePssBytes(smapsRollup: string): number | null {
  const m = /^Pss:\s+(\d+) kB/m.exec(smapsRollup);
  return m ? Number(m[1]) * 1024 : null;
}

/** The `VmRSS:` line of /proc/<pid>/status in bytes, null when absent (kernel threads, zombies). */
export function parseVmRssBytes(status: string): number | null {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * The process tree under `root`: root first, then every descendant (breadth first), from a
 * listing of (pid, ppid) pairs. Only `root` itself when it is not in the listing's parents.
 * A pid is visited once even if the listing (read while processes come and go) has a cycle.
 */
export function treePids(root: number, listing: Iterable<{ pid: number; ppid: number }>): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of listing) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const seen = new Set<number>([root]);
  const order = [root];
  for (let i = 0; i < order.length; i++) {
    for (const child of children.get(order[i]) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      order.push(child);
    }
  }
  return order;
}
