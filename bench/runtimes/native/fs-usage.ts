/**
 * Disk usage of files a server keeps in its data directory, for the one storage accounting
 * method shared by every engine (DESIGN.md §6): **allocated** bytes (st_blocks * 512, what the
 * file system really uses) beside **apparent** bytes (st_size, what `ls -l` shows). Sparse files
 * (InfluxDB's `_series` segments) make apparent sizes lie, so allocated is the headline.
 *
 * Paths are relative to `root`; a path naming a directory counts everything below it. Each
 * inode is counted once (hard links, overlapping paths). Symbolic links are not followed.
 * Missing paths count 0 (a relation file that was never written, a dropped chunk).
 *
 * With `prefixMatch`, a path `<p>` also counts its sibling files named `<p>.N`, `<p>_<fork>`
 * and `<p>_<fork>.N` (`<fork>` = letters, e.g. fsm, vm, init): PostgreSQL stores one relation
 * as `base/<db>/<filenode>` plus 1 GB segments `.1`, `.2`... and fork files `_fsm`, `_vm`,
 * `_init`, while pg_relation_filepath() returns only the base path.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';

export interface UsageOptions {
  /** Count PostgreSQL segment and fork files of each path (see module comment). */
  prefixMatch: boolean;
}

type Measure = (st: Stats) => number;

const allocated: Measure = (st) => st.blocks * 512;
const apparent: Measure = (st) => st.size;

/** Allocated bytes (st_blocks * 512) under `root`, of `relPaths` or of the whole tree. */
export function allocatedBytes(root: string, relPaths?: readonly string[], opts?: UsageOptions): Promise<number> {
  return usage(root, relPaths, opts, allocated);
}

/** Apparent bytes (st_size) under `root`, of `relPaths` or of the whole tree. */
export function apparentBytes(root: string, relPaths?: readonly string[], opts?: UsageOptions): Promise<number> {
  return usage(root, relPaths, opts, apparent);
}

/** True when `name` is `base`, a segment `base.N`, a fork `base_fsm` or a fork segment `base_vm.N`. */
export function isRelationFileOf(base: string, name: string): boolean {
  if (name === base) return true;
  if (!name.startsWith(base)) return false;
  return /^(_[a-z]+)?(\.\d+)?$/.test(name.slice(base.length)) && name.length > base.length;
}

async function usage(root: string, relPaths: readonly string[] | undefined, opts: UsageOptions | undefined, measure: Measure): Promise<number> {
  const seen = new Set<string>();
  if (!relPaths || relPaths.length === 0) return walk(root, measure, seen);
  let total = 0;
  for (const rel of relPaths) {
    const target = resolveInside(root, rel);
    if (opts?.prefixMatch) {
      const dir = dirname(target);
      const base = basename(target);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      for (const name of names) {
        if (isRelationFileOf(base, name)) total += await walk(join(dir, name), measure, seen);
      }
    } else {
      total += await walk(target, measure, seen);
    }
  }
  return total;
}

/** Joins `rel` to `root`, refusing absolute paths and paths that climb out of `root`. */
function resolveInside(root: string, rel: string): string {
  if (isAbsolute(rel)) throw new Error(`path must be relative to the data directory: ${rel}`);
  const joined = normalize(join(root, rel));
  const rootNorm = normalize(root).replace(/[\\/]+$/, '');
  if (joined !== rootNorm && !joined.startsWith(rootNorm + sep)) throw new Error(`path outside the data directory: ${rel}`);
  return joined;
}

async function walk(path: string, measure: Measure, seen: Set<string>): Promise<number> {
  let st: Stats;
  try {
    st = await lstat(path);
  } catch (err) {
    if (isMissing(err)) return 0;
    throw err;
  }
  const id = `${st.dev}:${st.ino}`;
  if (seen.has(id)) return 0;
  seen.add(id);
  let total = measure(st);
  if (st.isDirectory()) {
    let names: string[];
    try {
      names = await readdir(path);
    } catch (err) {
      if (isMissing(err)) return total;
      throw err;
    }
    for (const name of names) total += await walk(join(path, name), measure, seen);
  }
  return total;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
