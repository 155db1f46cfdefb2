/**
 * Reads the /proc files of live processes (Linux). Every reader returns null for a process that
 * is gone or unreadable: processes come and go between listing /proc and reading their files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parsePssBytes, parseStat, parseVmRssBytes, treePids, type ProcStat } from './proc-parse.js';

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function readStat(pid: number): ProcStat | null {
  const text = readText(`/proc/${pid}/stat`);
  return text === null ? null : parseStat(text);
}

/** PSS of one process (its share of every page it maps), null when smaps_rollup is unreadable. */
export function readPssBytes(pid: number): number | null {
  const text = readText(`/proc/${pid}/smaps_rollup`);
  return text === null ? null : parsePssBytes(text);
}

/** Resident set size of one process (VmRSS), null when unreadable. */
export function readVmRssBytes(pid: number): number | null {
  const text = readText(`/proc/${pid}/status`);
  return text === null ? null : parseVmRssBytes(text);
}

/** The stat of every process on the machine (one scan of /proc). */
export function readAllStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = readStat(Number(e));
    if (stat) out.push(stat);
  }
  return out;
}

/** Stats of `root` and all its live descendants, root first; empty when root is gone. */
export function readProcessTree(root: number): ProcStat[] {
  const all = readAllStats();
  const byPid = new Map(all.map((s) => [s.pid, s]));
  if (!byPid.has(root)) return [];
  return treePids(root, all).flatMap((pid) => byPid.get(pid) ?? []);
}
