/**
 * A PostgreSQL server started by hand, as an external server a user would point the harness
 * at: initdb as the `postgres` OS user with a password (scram-sha-256), on 127.0.0.1 and a free
 * port, socket and data in a temp dir. For the external-runtime tests.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/runtimes/ports.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

const asPostgres = (args: string[]) => spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', timeout: 60_000 });

export interface PasswordServer {
  dir: string;
  port: number;
  /** Stops the server and removes its directory. */
  stop(): void;
}

export interface PasswordServerOptions {
  /** Serve TLS with this certificate and key, and accept TCP logins only over TLS (hostssl). */
  tls?: { certFile: string; keyFile: string };
}

/** Starts the server, or returns why it cannot run on this machine. */
export async function startPasswordPostgres(prefix: string, user: string, password: string, options: PasswordServerOptions = {}): Promise<PasswordServer | string> {
  if (!existsSync(join(PG_BIN, 'initdb'))) return `PostgreSQL 15 server binaries not in ${PG_BIN} (apt-get install postgresql-15)`;
  if (spawnSync('id', ['postgres']).status !== 0) return 'no postgres OS user to run initdb as';
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let started = false;
  const stop = () => {
    if (started) asPostgres([join(PG_BIN, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    chmodSync(dir, 0o755);
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, password, { mode: 0o600 });
    chownSync(pwfile, uid, gid);
    const data = join(dir, 'data');
    const init = asPostgres([join(PG_BIN, 'initdb'), '-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256']);
    rmSync(pwfile, { force: true });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    let tlsArgs = '';
    if (options.tls) {
      // The key must belong to the server's user and be private, or postgres refuses to start.
      for (const [from, to] of [
        [options.tls.certFile, 'server.crt'],
        [options.tls.keyFile, 'server.key'],
      ] as const) {
        copyFileSync(from, join(data, to));
        chownSync(join(data, to), uid, gid);
        chmodSync(join(data, to), 0o600);
      }
      writeFileSync(join(data, 'pg_hba.conf'), 'local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
      tlsArgs = ' -c ssl=on';
    }
    const port = await freePort();
    const start = asPostgres([
      join(PG_BIN, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${tlsArgs}`,
    ]);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
    started = true;
    return { dir, port, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
