/**
 * Finding a PostgreSQL installation on this machine, and whether it has what an engine needs.
 *
 * Binaries: $PG_BIN, else `pg_config --bindir`, else the directory of `postgres`/`initdb` on
 * PATH, else /usr/lib/postgresql/<highest>/bin (Debian). The first directory holding initdb,
 * pg_ctl and postgres wins; an invalid PG_BIN is reported, never silently replaced.
 * Extensions an engine requires are looked up as `<sharedir>/extension/<name>.control` of that
 * installation (what pg_available_extensions lists), preload libraries as `<pkglibdir>/<lib>.so`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { ServerRequirements } from '../../../core/engine.js';

const REQUIRED_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;

export interface PgInstallation {
  bin: string;
  /** How `bin` was found: 'PG_BIN', 'pg_config', 'PATH', 'debian'. */
  source: string;
  /** e.g. '15.14'. */
  version: string;
  /** e.g. '/usr/share/postgresql/15' (null when unknown). */
  sharedir: string | null;
  /** e.g. '/usr/lib/postgresql/15/lib' (null when unknown). */
  pkglibdir: string | null;
}

function hasBinaries(dir: string): boolean {
  return REQUIRED_BINARIES.every((b) => existsSync(join(dir, b)));
}

function run(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    }
  }
  return null;
}

function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
}

/** The binaries directory to use, or why none was found. */
export function findPgBinDir(): { bin: string; source: string } | { error: string } {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (hasBinaries(fromEnv)) return { bin: fromEnv, source: 'PG_BIN' };
    const missing = REQUIRED_BINARIES.filter((b) => !existsSync(join(fromEnv, b)));
    return { error: `PG_BIN=${fromEnv} lacks ${missing.join(', ')}` };
  }
  const candidates: { bin: string; source: string }[] = [];
  const fromPgConfig = run('pg_config', ['--bindir']);
  if (fromPgConfig) candidates.push({ bin: fromPgConfig, source: 'pg_config' });
  for (const name of ['postgres', 'initdb']) {
    const p = onPath(name);
    if (p) candidates.push({ bin: dirname(p), source: 'PATH' });
  }
  for (const d of debianBinDirs()) candidates.push({ bin: d, source: 'debian' });
  const found = candidates.find((c) => hasBinaries(c.bin));
  if (found) return found;
  return {
    error:
      'no PostgreSQL server binaries (initdb, pg_ctl, postgres) found via pg_config, PATH or /usr/lib/postgresql/*/bin; ' +
      'install them (Debian: apt-get install postgresql) or set PG_BIN to their directory',
  };
}

function pgConfigValue(bin: string, flag: string): string | null {
  const pgConfig = join(bin, 'pg_config');
  return existsSync(pgConfig) ? run(pgConfig, [flag]) : null;
}

/** Resolves the installation (binaries, version, share and lib dirs), or why not. */
export function findPgInstallation(): PgInstallation | { error: string } {
  const found = findPgBinDir();
  if ('error' in found) return found;
  const out = run(join(found.bin, 'postgres'), ['--version']);
  const version = out ? (/\(PostgreSQL\)\s+(\S+)/.exec(out)?.[1] ?? out) : null;
  if (!version) return { error: `${join(found.bin, 'postgres')} --version failed; set PG_BIN to a working PostgreSQL bin directory` };
  const major = version.split('.')[0];
  const firstExisting = (...dirs: (string | null)[]): string | null => dirs.find((d) => d && existsSync(d)) ?? null;
  return {
    bin: found.bin,
    source: found.source,
    version,
    sharedir: firstExisting(pgConfigValue(found.bin, '--sharedir'), `/usr/share/postgresql/${major}`, join(found.bin, '..', 'share')),
    pkglibdir: firstExisting(pgConfigValue(found.bin, '--pkglibdir'), `/usr/lib/postgresql/${major}/lib`, join(found.bin, '..', 'lib')),
  };
}

/** What of the engine's requirements (extensions, preload libraries) this installation lacks. */
export function missingRequirements(inst: PgInstallation, requirements: ServerRequirements): string[] {
  const problems: string[] = [];
  for (const ext of requirements.extensions ?? []) {
    const control = inst.sharedir ? join(inst.sharedir, 'extension', `${ext}.control`) : null;
    if (!control || !existsSync(control)) {
      problems.push(
        `${ext} not in pg_available_extensions of PostgreSQL ${inst.version} at ${inst.bin} ` +
          `(no ${control ?? `<sharedir>/extension/${ext}.control`}); install ${ext} for PostgreSQL ${inst.version.split('.')[0]} ` +
          'or set PG_BIN to the bin directory of a PostgreSQL that has it',
      );
    }
  }
  for (const lib of requirements.preloadLibraries ?? []) {
    const so = inst.pkglibdir ? join(inst.pkglibdir, `${lib}.so`) : null;
    if (!so || !existsSync(so)) {
      problems.push(`preload library ${lib} not found (no ${so ?? `<pkglibdir>/${lib}.so`}) for PostgreSQL ${inst.version} at ${inst.bin}`);
    }
  }
  return problems;
}
