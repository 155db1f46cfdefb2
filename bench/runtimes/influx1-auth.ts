/**
 * Locks a fresh InfluxDB 1.x server (started with `http.auth-enabled = true`) with a per-run
 * admin: `CREATE USER ... WITH ALL PRIVILEGES` over /query, which 1.x allows without
 * credentials only while no user exists. From then on every request needs the user's
 * credentials (the endpoint carries them; the engine sends Basic auth). The password travels in
 * the POST body, never in a URL or on a command line, and is registered as a secret.
 * Used by the native and docker runtimes.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { registerSecret } from '../core/redact.js';
import { TargetError } from '../core/errors.js';

export const INFLUX1_ADMIN_USER = 'tsdb_bench';
const BOOTSTRAP_TIMEOUT_MS = 30_000;

export interface Influx1Credentials {
  username: string;
  password: string;
}

/** A random per-run password (URL-safe, nothing to quote in InfluxQL strings). */
export function newInflux1Credentials(): Influx1Credentials {
  const password = randomBytes(18).toString('base64url');
  registerSecret(password);
  return { username: INFLUX1_ADMIN_USER, password };
}

/** InfluxQL that creates the admin (exported for tests). */
export function createAdminStatement(c: Influx1Credentials): string {
  if (!/^[A-Za-z0-9_-]+$/.test(c.password) || !/^[A-Za-z0-9_]+$/.test(c.username)) throw new Error('influx admin credentials must be [A-Za-z0-9_-]');
  return `CREATE USER "${c.username}" WITH PASSWORD '${c.password}' WITH ALL PRIVILEGES`;
}

/** Creates the admin on a server that has no user yet; TargetError when the server refuses. */
export async function createInflux1Admin(baseUrl: string, c: Influx1Credentials): Promise<void> {
  let status: number;
  let text: string;
  try {
    const res = await request(`${baseUrl}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q: createAdminStatement(c) }).toString(),
      headersTimeout: BOOTSTRAP_TIMEOUT_MS,
      bodyTimeout: BOOTSTRAP_TIMEOUT_MS,
      signal: AbortSignal.timeout(BOOTSTRAP_TIMEOUT_MS),
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    throw new TargetError(`influxd: creating the run's admin user failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (status !== 200 || /"error"/.test(text)) {
    throw new TargetError(`influxd: creating the run's admin user failed (HTTP ${status}): ${text.trim().slice(0, 300)}`);
  }
}
