/**
 * Allocated bytes of an in-memory PGlite data directory, read from the instance's Emscripten
 * file system (MEMFS). MEMFS keeps each file as one byte array and has no blocks and no sparse
 * files, so a file's size IS the memory its contents take (growth slack of the backing array is
 * not counted). PostgreSQL files are whole 8 KiB pages, so these figures compare with the
 * allocated bytes the native runtime reports for the same relations.
 */
import type { EmscriptenFs } from './builds.js';

/** Sums the sizes of every file under `dir` (recursively). */
function sumTree(fs: EmscriptenFs, dir: string, seen: Set<string>): number {
  let total = 0;
  for (const name of fs.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const path = `${dir}/${name}`;
    const st = fs.stat(path);
    if (fs.isDir(st.mode)) total += sumTree(fs, path, seen);
    else if (!seen.has(path)) {
      seen.add(path);
      total += st.size;
    }
  }
  return total;
}

/** True when `name` is `base`, a segment `base.N`, a fork `base_fsm` or a fork segment `base_vm.N`. */
function isRelationFileOf(base: string, name: string): boolean {
  if (name === base) return true;
  return name.startsWith(base) && /^(_[a-z]+)?(\.\d+)?$/.test(name.slice(base.length));
}

function exists(fs: EmscriptenFs, path: string): { size: number; mode: number } | null {
  try {
    return fs.stat(path);
  } catch {
    return null;
  }
}

/**
 * Bytes of the given paths, relative to `dataDir` (the whole data dir when `paths` is absent).
 * A path naming a relation file (e.g. 'base/5/16384') also counts that relation's other
 * segments ('16384.1', ...) and forks ('16384_fsm', '16384_vm', '16384_vm.1'): PostgreSQL's
 * file naming (same rule as the native runtime's prefixMatch), so the engine can list the
 * pg_relation_filepath() of each relation only. Each file is counted once.
 * Missing paths count 0 (a relation with no file yet, e.g. a dropped chunk).
 */
export function memfsAllocatedBytes(fs: EmscriptenFs, dataDir: string, paths?: readonly string[]): number {
  const seen = new Set<string>();
  if (!paths) return sumTree(fs, dataDir, seen);
  let total = 0;
  for (const rel of paths) {
    const path = `${dataDir}/${rel.replace(/^\/+/, '')}`;
    const st = exists(fs, path);
    if (!st) continue;
    if (fs.isDir(st.mode)) {
      total += sumTree(fs, path, seen);
      continue;
    }
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash);
    const base = path.slice(slash + 1);
    for (const name of fs.readdir(dir)) {
      if (!isRelationFileOf(base, name)) continue;
      const file = `${dir}/${name}`;
      if (seen.has(file)) continue;
      seen.add(file);
      total += fs.stat(file).size;
    }
  }
  return total;
}
