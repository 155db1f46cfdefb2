/**
 * An influxd (InfluxDB 1.x) started by hand as a server a user runs and points the harness at:
 * HTTPS only with a certificate from a test CA, authentication on with an admin created here,
 * and a `http.shared-secret`, so a JWT signed with it is a token the server accepts (1.x's
 * token authentication: `Authorization: Bearer <JWT>`). A database `keepme` with one point
 * belongs to "somebody else". For the external-runtime tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort } from '../../bench/runtimes/ports.js';
import type { TestCertificates } from './tls.js';

export interface TlsInfluxd {
  port: number;
  baseUrl: string;
  /** A JWT for the admin, valid for an hour. */
  token: string;
  /** The admin's password (Basic auth), for the test's own checks. */
  adminPassword: string;
  pid: number;
  /** GET/POST /query as the admin over TLS (the test CA); resolves the JSON body. */
  query(q: string, db?: string): Promise<unknown>;
  stop(): Promise<void>;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** HS256 JWT with InfluxDB 1.x's claims: `username` and `exp` (seconds). */
export function influxJwt(username: string, secret: string, validSeconds: number): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify({ username, exp: Math.floor(Date.now() / 1000) + validSeconds }));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function influxdOnPath(): boolean {
  return spawnSync('sh', ['-c', 'command -v influxd'], { encoding: 'utf8' }).status === 0;
}

/** Starts influxd, or returns why it cannot run here. */
export async function startTlsInfluxd(prefix: string, certs: TestCertificates): Promise<TlsInfluxd | string> {
  if (!influxdOnPath()) return 'influxd not found on PATH (Debian: apt-get install influxdb)';
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const secret = randomBytes(24).toString('hex');
  const adminPassword = randomBytes(12).toString('hex');
  const [rpc, http] = [await freePort(), await freePort()];
  if (rpc === http) throw new Error('free ports collided');
  const conf = join(dir, 'influxd.conf');
  writeFileSync(
    conf,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${dir}/meta"`,
      '[data]',
      `  dir = "${dir}/data"`,
      `  wal-dir = "${dir}/wal"`,
      '  query-log-enabled = false',
      // As an operator would set it for a benchmark: the harness waits for the cache to be
      // written to TSM before it reads storage, up to engines.influxdb.options.flushTimeoutMs.
      '  cache-snapshot-write-cold-duration = "10s"',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${http}"`,
      '  auth-enabled = true',
      '  log-enabled = false',
      '  https-enabled = true',
      `  https-certificate = "${certs.certFile}"`,
      `  https-private-key = "${certs.keyFile}"`,
      `  shared-secret = "${secret}"`,
      '[logging]',
      '  level = "warn"',
      '  suppress-logo = true',
      '',
    ].join('\n'),
  );
  const log = join(dir, 'influxd.log');
  writeFileSync(log, '');
  let child: ChildProcess | undefined = spawn('influxd', ['-config', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' }));
  const dispatcher = new Agent({ connect: { ca: readFileSync(certs.caFile, 'utf8') } });
  const baseUrl = `https://127.0.0.1:${http}`;
  const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    child = undefined;
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const post = async (q: string, db: string | undefined, auth: boolean) => {
    const form = new URLSearchParams({ q, ...(db ? { db } : {}) }).toString();
    const res = await request(`${baseUrl}/query`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: basic } : {}) },
      body: form,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`influxd /query ${q}: HTTP ${res.statusCode} ${text}`);
    return JSON.parse(text) as unknown;
  };
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`influxd exited (${child.exitCode}): ${readFileSync(log, 'utf8').slice(-2000)}`);
      try {
        const res = await request(`${baseUrl}/ping`, { dispatcher });
        await res.body.dump();
        if (res.statusCode === 204) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error(`influxd did not answer https /ping: ${readFileSync(log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // With auth on and no user yet, influxd accepts exactly this one statement unauthenticated.
    await post(`CREATE USER admin WITH PASSWORD '${adminPassword}' WITH ALL PRIVILEGES`, undefined, false);
    await post('CREATE DATABASE keepme', undefined, true);
    const write = await request(`${baseUrl}/write?db=keepme&precision=s`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: basic },
      body: 'precious,owner=someone value=42 1700000000',
    });
    await write.body.dump();
    if (write.statusCode !== 204) throw new Error(`write to keepme: HTTP ${write.statusCode}`);
    return {
      port: http,
      baseUrl,
      token: influxJwt('admin', secret, 3600),
      adminPassword,
      pid: child.pid!,
      query: (q, db) => post(q, db, true),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
