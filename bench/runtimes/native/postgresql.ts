/**
 * PostgreSQL from binaries installed on this machine, in a throwaway cluster.
 *
 * Binaries: $PG_BIN, else `pg_config --bindir`, else the directory of `postgres`/`initdb` on
 * PATH, else /usr/lib/postgresql/<highest>/bin (Debian). The first directory holding initdb,
 * pg_ctl and postgres wins; an invalid PG_BIN is reported, never silently replaced.
 * Extensions an engine requires are looked up as `<sharedir>/extension/<name>.control` of that
 * installation (what pg_available_extensions lists), preload libraries as `<pkglibdir>/<lib>.so`.
 *
 * start(): the cleanup is registered first, then mkdtemp `tsdb-bench-pg-*` (0700) under
 * os.tmpdir(); `initdb -U postgres -A scram-sha-256 --pwfile=... -E UTF8 --locale=C` into
 * `<dir>/data` with a random per-run password (the pwfile sits in a 0700 directory and is
 * removed right after initdb; the password is registered as a secret, travels only inside the
 * harness's connection config, never on a command line, in details or logs); the postmaster is
 * spawned directly (own process group, so a terminal Ctrl-C reaches the harness, which stops it
 * in order) on a free port; listen_addresses=127.0.0.1, the port and the Unix socket directory
 * (`<dir>`, 0700) are forced after the scenario's settings, so no setting can open the server
 * up. Ready when an authenticated connection succeeds. Durability settings are left at their
 * defaults (fsync on). As root, initdb and postgres run as the OS user `postgres` (override:
 * $PG_OS_USER) and the temp dir is chowned to it; nothing else system-wide is created.
 *
 * stop() (idempotent, also run by runCleanups() on exit/SIGINT): SIGINT (fast shutdown),
 * SIGKILL of the postmaster and its children after a timeout, then the temp dir is removed.
 * Last resorts: a synchronous SIGKILL + rmSync (second Ctrl-C, process 'exit'), and a watchdog
 * shell that does the same within ~1 s when the harness itself is killed (watchdog.ts).
 * `died` resolves with "postgres server process exited (...)" when the postmaster ends without
 * stop().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';
import { registerCleanup } from '../../core/cleanup.js';
import { registerSecret } from '../../core/redact.js';
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/runtime.js';
import { pgWireEndpoint } from '../../sql/pg-wire.js';
import type { FamilyProvider } from '../family.js';
import { allocatedBytes } from './fs-usage.js';
import { freePort } from '../ports.js';
import { setKillList, startWatchdog } from './watchdog.js';

const REQUIRED_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;
const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const SUPERUSER = 'postgres';

// ---------------------------------------------------------------------------------------------
// Finding an installation

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
  const version = out ? /\(PostgreSQL\)\s+(\S+)/.exec(out)?.[1] ?? out : null;
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

// ---------------------------------------------------------------------------------------------
// Who runs the server

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** As root: the unprivileged user to run PostgreSQL as ($PG_OS_USER or `postgres`); otherwise null. */
function serverOsUser(): OsUser | null | { error: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const name = process.env.PG_OS_USER || 'postgres';
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    /* fall through */
  }
  const line = passwd.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) {
    return {
      error:
        `running as root and there is no OS user '${name}' to run PostgreSQL as (it refuses to run as root); ` +
        'install Debian\'s postgresql package (creates it), set PG_OS_USER to an existing unprivileged user, or run as non-root',
    };
  }
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

// ---------------------------------------------------------------------------------------------
// Probe

function missingRequirements(inst: PgInstallation, request: ServerRequest): string[] {
  const problems: string[] = [];
  for (const ext of request.requirements.extensions ?? []) {
    const control = inst.sharedir ? join(inst.sharedir, 'extension', `${ext}.control`) : null;
    if (!control || !existsSync(control)) {
      problems.push(
        `${ext} not in pg_available_extensions of PostgreSQL ${inst.version} at ${inst.bin} ` +
          `(no ${control ?? `<sharedir>/extension/${ext}.control`}); install ${ext} for PostgreSQL ${inst.version.split('.')[0]} ` +
          'or set PG_BIN to the bin directory of a PostgreSQL that has it',
      );
    }
  }
  for (const lib of request.requirements.preloadLibraries ?? []) {
    const so = inst.pkglibdir ? join(inst.pkglibdir, `${lib}.so`) : null;
    if (!so || !existsSync(so)) {
      problems.push(`preload library ${lib} not found (no ${so ?? `<pkglibdir>/${lib}.so`}) for PostgreSQL ${inst.version} at ${inst.bin}`);
    }
  }
  return problems;
}

async function probe(request: ServerRequest): Promise<Availability> {
  const inst = findPgInstallation();
  if ('error' in inst) return { available: false, reason: inst.error };
  const user = serverOsUser();
  if (user && 'error' in user) return { available: false, reason: user.error };
  const problems = missingRequirements(inst, request);
  if (problems.length > 0) return { available: false, reason: problems.join('; ') };
  const as = user ? ` (run as OS user ${user.name})` : '';
  return { available: true, reason: `PostgreSQL ${inst.version} found at ${inst.bin} (via ${inst.source})${as}` };
}

// ---------------------------------------------------------------------------------------------
// Start / stop


function spawnAs(user: OsUser | null, cmd: string, args: string[], cwd: string): ChildProcess {
  return spawn(cmd, args, {
    cwd,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
}

function runToEnd(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: ${output.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function tail(file: string, chars = 2000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars).trim();
  } catch {
    return '';
  }
}

/** Live children of `pid` (from /proc). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killHard(pid: number): void {
  for (const p of [pid, ...childPids(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

let clockTicks: number | null = null;
let pageSize: number | null = null;
function sysconf(): { ticks: number; page: number } {
  clockTicks ??= Number(run('getconf', ['CLK_TCK'])) || 100;
  pageSize ??= Number(run('getconf', ['PAGESIZE'])) || 4096;
  return { ticks: clockTicks, page: pageSize };
}

/** CPU ticks (own + reaped children's) of a process, and its memory (PSS, else RSS) in bytes. */
function processUsage(pid: number, includeReaped: boolean): { ticks: number; memory: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": f[0]=state ... f[11]=utime f[12]=stime f[13]=cutime f[14]=cstime
    let ticks = Number(f[11]) + Number(f[12]);
    if (includeReaped) ticks += Number(f[13]) + Number(f[14]);
    let memory: number;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      memory = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? NaN) * 1024;
      if (Number.isNaN(memory)) throw new Error('no Pss');
    } catch {
      const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
      memory = Number(statm[1]) * sysconf().page;
    }
    return { ticks, memory };
  } catch {
    return null;
  }
}

interface Spawned {
  child: ChildProcess;
  exited: Promise<void>;
}

function spawnPostmaster(user: OsUser | null, bin: string, args: string[], dir: string, logFile: string): Spawned {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(join(bin, 'postgres'), args, {
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', fd, fd],
      detached: true,
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    // The harness must not stay alive because of it; stop() and the exit hook end it.
    child.unref();
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    return { child, exited };
  } finally {
    closeSync(fd);
  }
}

async function waitReady(
  port: number,
  password: string,
  spawned: Spawned,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<'ready' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  for (;;) {
    if (exited) return 'exited';
    if (signal.aborted) throw new TargetError('PostgreSQL start aborted');
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return 'ready';
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new TargetError(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Settings the runtime always sets itself, after the scenario's (a later `-c` wins), so that no
 * scenario can make the throwaway server listen beyond loopback or move its socket or hba file.
 */
export const FORCED_SETTING_KEYS = ['listen_addresses', 'port', 'unix_socket_directories', 'unix_socket_permissions', 'unix_socket_group', 'hba_file'] as const;

export function forcedSettings(port: number, dir: string, dataDir: string): Record<string, string> {
  return {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    unix_socket_permissions: '0700',
    unix_socket_group: '',
    hba_file: join(dataDir, 'pg_hba.conf'),
  };
}

/** A random password for the run's superuser (URL- and shell-safe). */
function newPassword(): string {
  const password = randomBytes(18).toString('base64url');
  registerSecret(password);
  return password;
}

/** Writes `password` to a pwfile in a 0700 directory of its own, readable by `user` only. */
function writePwfile(dir: string, password: string, user: OsUser | null): { file: string; remove(): void } {
  const authDir = join(dir, 'auth');
  mkdirSync(authDir, { mode: 0o700 });
  const file = join(authDir, 'pwfile');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  if (user) {
    chownSync(authDir, user.uid, user.gid);
    chownSync(file, user.uid, user.gid);
  }
  return { file, remove: () => rmSync(authDir, { recursive: true, force: true }) };
}

function settingsFor(request: ServerRequest): Record<string, string> {
  const settings: Record<string, string> = { ...request.requirements.settings, ...request.options.settings };
  for (const key of FORCED_SETTING_KEYS) delete settings[key];
  const preload = new Set<string>(request.requirements.preloadLibraries ?? []);
  for (const lib of (settings.shared_preload_libraries ?? '').split(',')) if (lib.trim()) preload.add(lib.trim());
  if (preload.size > 0) settings.shared_preload_libraries = [...preload].join(',');
  else delete settings.shared_preload_libraries;
  return settings;
}

async function start(request: ServerRequest): Promise<RunningServer> {
  const inst = findPgInstallation();
  if ('error' in inst) throw new TargetError(inst.error, 'set PG_BIN to the bin directory of a PostgreSQL installation');
  const user = serverOsUser();
  if (user && 'error' in user) throw new TargetError(user.error);
  const problems = missingRequirements(inst, request);
  if (problems.length > 0) throw new TargetError(problems.join('; '));

  let dir: string | null = null;
  let spawned: Spawned | null = null;

  const lastResort = (): void => {
    // Synchronous only: a second signal, process 'exit', or a failed graceful stop.
    if (spawned?.child.pid && isAlive(spawned.child.pid)) killHard(spawned.child.pid);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };

  let stopping: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      const s = spawned;
      if (s?.child.pid) {
        const pid = s.child.pid;
        if (isAlive(pid) && s.child.exitCode === null && s.child.signalCode === null) {
          try {
            process.kill(pid, 'SIGINT'); // fast shutdown
          } catch {
            /* gone */
          }
          let timer: NodeJS.Timeout | undefined;
          const timedOut = await Promise.race([
            s.exited.then(() => false),
            new Promise<boolean>((r) => (timer = setTimeout(() => r(true), SHUTDOWN_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
          if (timedOut) {
            killHard(pid);
            await Promise.race([s.exited, new Promise((r) => setTimeout(r, 5_000))]);
          }
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    })());
  // Registered before anything is created: whatever fails below, the cleanup removes it.
  const runCleanupNow = registerCleanup('native PostgreSQL (tsdb-bench-pg-*)', shutdown, lastResort);
  const stop = async (): Promise<void> => {
    await runCleanupNow();
    await shutdown();
  };

  try {
    dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-pg-'));
    startWatchdog(dir);
    const dataDir = join(dir, 'data');
    const logFile = join(dir, 'postgresql.log');
    if (user) chownSync(dir, user.uid, user.gid);
    const password = newPassword();
    const pwfile = writePwfile(dir, password, user);
    let initdb: { code: number | null; output: string };
    try {
      initdb = await runToEnd(
        spawnAs(
          user,
          join(inst.bin, 'initdb'),
          ['-D', dataDir, '-U', SUPERUSER, '-A', 'scram-sha-256', `--pwfile=${pwfile.file}`, '-E', 'UTF8', '--locale=C', '--no-sync'],
          dir,
        ),
        120_000,
      );
    } finally {
      pwfile.remove();
    }
    if (initdb.code !== 0) throw new TargetError(`initdb failed (exit ${initdb.code}): ${initdb.output.slice(-2000)}`);

    const settings = settingsFor(request);
    const timeoutFlag = request.flags.startupTimeoutMs;
    const startupTimeoutMs = typeof timeoutFlag === 'number' && timeoutFlag > 0 ? timeoutFlag : DEFAULT_STARTUP_TIMEOUT_MS;
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const args = ['-D', dataDir];
      for (const [k, v] of Object.entries({ ...settings, ...forcedSettings(port, dir, dataDir) })) args.push('-c', `${k}=${v}`);
      spawned = spawnPostmaster(user, inst.bin, args, dir, logFile);
      // The watchdog kills the postmaster; its backends exit on postmaster death.
      if (spawned.child.pid) setKillList(dir, [spawned.child.pid]);
      const state = await waitReady(port, password, spawned, startupTimeoutMs, request.signal);
      if (state === 'ready') break;
      const log = tail(logFile);
      // Another process may have taken the free port between the probe and the bind.
      if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
      throw new TargetError(`postgres exited during startup: ${log}`);
    }

    const pid = spawned.child.pid!;
    const final = spawned;
    const died = final.exited.then(
      () =>
        new Promise<string>((resolve) => {
          // A stop() in progress is not a death: never resolves then.
          if (stopping) return;
          if (final.child.signalCode) return resolve(`postgres server process exited (killed by ${final.child.signalCode})`);
          // An exit of its own (PANIC, disk full...): the last log line says why.
          const log = tail(logFile, 300).split('\n').filter(Boolean).pop();
          resolve(`postgres server process exited (exit code ${final.child.exitCode})${log ? `: ${log}` : ''}`);
        }),
    );
    request.log.info(`PostgreSQL ${inst.version} (native, ${inst.bin}) on 127.0.0.1:${port}, data in ${dataDir}`);
    let last: { wallMs: number; ticks: number } | null = null;

    return {
      endpoint: pgWireEndpoint({
        host: '127.0.0.1',
        port,
        user: SUPERUSER,
        password,
        database: 'postgres',
        display: `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres (native)`,
      }),
      runtime: 'native',
      label: 'native',
      died,
      details: {
        bin: inst.bin,
        binSource: inst.source,
        version: inst.version,
        port,
        dataDir,
        pid,
        osUser: user?.name ?? null,
        auth: 'scram-sha-256 (random per-run password)',
        settings,
      },
      allocatedBytes(paths) {
        return paths && paths.length > 0 ? allocatedBytes(dataDir, paths, { prefixMatch: true }) : allocatedBytes(dataDir);
      },
      async sampleResources() {
        const { ticks: hz } = sysconf();
        const main = processUsage(pid, true);
        if (!main) return { cpuPercent: null, memoryBytes: null };
        let ticks = main.ticks;
        let memory = main.memory;
        for (const c of childPids(pid)) {
          const u = processUsage(c, false);
          if (u) {
            ticks += u.ticks;
            memory += u.memory;
          }
        }
        const now = performance.now();
        const prev = last;
        last = { wallMs: now, ticks };
        const cpuPercent =
          prev && now > prev.wallMs ? Math.max(0, ((ticks - prev.ticks) / hz / ((now - prev.wallMs) / 1000)) * 100) : null;
        return { cpuPercent, memoryBytes: memory };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export const postgresqlNative: FamilyProvider = { probe, start };
