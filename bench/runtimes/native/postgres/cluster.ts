/**
 * Creating the throwaway cluster: `initdb -U postgres -A scram-sha-256 --pwfile=... -E UTF8
 * --locale=C` into `<dir>/data` with a random per-run password. The pwfile sits in a 0700
 * directory of its own and is removed right after initdb; the password is registered as a
 * secret and travels only inside the harness's connection config, never on a command line, in
 * details or logs. Durability settings are left at their defaults (fsync on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret } from '../../../core/redact.js';
import { TargetError } from '../../../core/errors.js';
import type { OsUser } from './os-user.js';

export const SUPERUSER = 'postgres';
const INITDB_TIMEOUT_MS = 120_000;

/** The C locale for every PostgreSQL process the runtime starts (messages are parsed). */
export function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANG: 'C' };
}

/** A random password for the run's superuser (URL- and shell-safe), registered as a secret. */
export function newPassword(): string {
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

/** Runs initdb into `dataDir` (inside `dir`, which `user` owns) with `password` for the superuser. */
export async function initCluster(bin: string, dir: string, dataDir: string, password: string, user: OsUser | null): Promise<void> {
  const pwfile = writePwfile(dir, password, user);
  let initdb: { code: number | null; output: string };
  try {
    const args = ['-D', dataDir, '-U', SUPERUSER, '-A', 'scram-sha-256', `--pwfile=${pwfile.file}`, '-E', 'UTF8', '--locale=C', '--no-sync'];
    const child = spawn(join(bin, 'initdb'), args, {
      cwd: dir,
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    initdb = await runToEnd(child, INITDB_TIMEOUT_MS);
  } finally {
    pwfile.remove();
  }
  if (initdb.code !== 0) throw new TargetError(`initdb failed (exit ${initdb.code}): ${initdb.output.slice(-2000)}`);
}
