/**
 * Provider `influxdb` of the native runtime: influxd (InfluxDB 1.x, e.g. Debian's influxdb
 * 1.6.7) in a throwaway directory.
 *
 * The configuration (./influxd-config.ts) starts from influxd's built-in defaults and binds RPC
 * and HTTP to two distinct free 127.0.0.1 ports, puts meta/data/wal in the temp dir, turns
 * reporting, the monitor store and request logs off, and shortens
 * cache-snapshot-write-cold-duration so the engine's flush() converges quickly, plus the
 * scenario's `settings`. Every key that differs from the defaults is reported in
 * `details.settings`.
 *
 * Layout of the temp dir (`details.dir`): `influx/` is the root that allocatedBytes() paths
 * are relative to (`influx/meta`, `influx/data/<db>/...`, `influx/wal/<db>/...`), `influxd.conf`
 * and `influxd.log` sit next to it.
 *
 * Locked: the bind addresses (127.0.0.1 only) and `http.auth-enabled = true` are forced after the
 * scenario's settings; right after start a per-run admin is created (influx1-auth.ts) and the
 * endpoint carries its credentials, so an unauthenticated request gets 401.
 *
 * Process handling (cleanup registered before the temp dir exists, watchdog, SIGTERM then
 * SIGKILL, `died`, resource samples over the process tree) is the native runtime's shared
 * module (./process/), as for PostgreSQL and redis-server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { request } from 'undici';
import { createInflux1Admin, newInflux1Credentials } from '../influx1-auth.js';
import type { HttpEndpoint } from '../../core/sql.js';
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/errors.js';
import type { FamilyProvider } from '../family.js';
import { allocatedBytes } from './fs-usage.js';
import { BadInfluxSettingError, BASE_SETTINGS, editInfluxConfig, parseInfluxdVersion, reportingSetting } from './influxd-config.js';
import { beginNativeServer } from './process/lifecycle.js';
import { distinctFreePorts } from './process/ports.js';
import { notReadyError, pollUntilReady } from './process/readiness.js';
import { spawnServer } from './process/server-process.js';
import { processTreeSampler } from './process/tree-sampler.js';

const INSTALL_HINT = "install Debian's influxdb package or put influxd on PATH";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Finds `influxd` on PATH. */
export function findInfluxd(pathEnv: string = process.env.PATH ?? ''): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'influxd');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function influxdVersion(bin: string): string | null {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? parseInfluxdVersion(r.stdout + r.stderr) : null;
}

async function pingStatus(baseUrl: string): Promise<number | null> {
  try {
    const res = await request(`${baseUrl}/ping`, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return null;
  }
}

async function probe(): Promise<Availability> {
  const bin = findInfluxd();
  if (!bin) return { available: false, reason: `influxd not found on PATH: ${INSTALL_HINT}` };
  const version = influxdVersion(bin);
  if (!version) return { available: false, reason: `${bin} did not report a version: ${INSTALL_HINT}` };
  return { available: true, reason: `influxd ${version} found at ${bin}` };
}

async function start(req: ServerRequest): Promise<RunningServer> {
  const bin = findInfluxd();
  if (!bin) throw new TargetError('influxd not found on PATH', INSTALL_HINT);
  const version = influxdVersion(bin) ?? 'unknown';
  const defaults = spawnSync(bin, ['config', '-config', '/dev/null'], { encoding: 'utf8', timeout: 10_000 });
  if (defaults.status !== 0 || !defaults.stdout.includes('[data]')) {
    throw new TargetError(`'${bin} config -config /dev/null' failed: ${defaults.stderr.trim().split('\n').pop() ?? ''}`);
  }
  const life = beginNativeServer({ cleanupName: 'influxd (tsdb-bench-influx-*)', dirPrefix: 'tsdb-bench-influx-', stopSignal: 'SIGTERM', stopTimeoutMs: STOP_TIMEOUT_MS });
  const credentials = newInflux1Credentials();
  try {
    const dir = life.dir;
    const root = join(dir, 'influx');
    const [rpcPort, httpPort] = await distinctFreePorts(2);
    const settings = { ...reportingSetting(defaults.stdout), ...BASE_SETTINGS, ...req.options.settings };
    const forced: Record<string, string> = {
      'bind-address': `127.0.0.1:${rpcPort}`,
      'meta.dir': join(root, 'meta'),
      'data.dir': join(root, 'data'),
      'data.wal-dir': join(root, 'wal'),
      'http.bind-address': `127.0.0.1:${httpPort}`,
      'http.auth-enabled': 'true',
    };
    const configFile = join(dir, 'influxd.conf');
    writeFileSync(configFile, editInfluxConfig(defaults.stdout, { ...settings, ...forced }));
    const proc = spawnServer({ name: 'influxd', command: bin, args: ['-config', configFile], cwd: dir, logFile: join(dir, 'influxd.log') });
    life.adopt(proc);
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    req.log.debug(`influxd ${version} pid ${proc.pid} on ${baseUrl}, dir ${dir}`);
    const outcome = await pollUntilReady(proc, { check: async () => (await pingStatus(baseUrl)) === 204, timeoutMs: READY_TIMEOUT_MS, pollMs: 50, signal: req.signal });
    if (outcome !== 'ready') throw notReadyError(proc, outcome, READY_TIMEOUT_MS);
    await createInflux1Admin(baseUrl, credentials);

    const sampler = processTreeSampler(proc.pid!);
    const endpoint: HttpEndpoint = { protocol: 'http', baseUrl, username: credentials.username, password: credentials.password, display: `influxd ${baseUrl}` };
    return {
      endpoint,
      runtime: 'native',
      label: 'native',
      died: life.died(proc),
      details: {
        bin,
        version,
        httpPort,
        rpcPort,
        dir,
        root,
        pid: proc.pid,
        settings,
        auth: `http.auth-enabled, per-run admin ${credentials.username}`,
        resourceSampling: sampler.facts,
      },
      allocatedBytes: (paths) => allocatedBytes(root, paths),
      sampleResources: () => sampler.sample(),
      stop: () => life.stop(),
    };
  } catch (err) {
    await life.stop();
    if (err instanceof BadInfluxSettingError) throw new TargetError(err.message);
    throw err;
  }
}

export const influxdbNative: FamilyProvider = { probe, start };
