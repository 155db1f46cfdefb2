/**
 * Native influxd (InfluxDB 1.x, e.g. Debian's influxdb 1.6.7) in a throwaway directory.
 *
 * The configuration starts from `influxd config -config /dev/null` (the built-in defaults;
 * /etc/influxdb/influxdb.conf is never read) and is edited: RPC and HTTP bound to free
 * 127.0.0.1 ports, meta/data/wal in the temp dir, reporting, monitor store and request logs off,
 * a short cache-snapshot-write-cold-duration so the engine's flush() converges quickly, plus the
 * scenario's `settings` ("section.key" = value). Every key that differs from the defaults is
 * reported in `details.settings` and on the endpoint's `settings` via the server details.
 *
 * Layout of the temp dir (`details.dir`): `influx/` is the root that allocatedBytes() paths
 * are relative to (`influx/meta`, `influx/data/<db>/...`, `influx/wal/<db>/...`), `influxd.conf`
 * and `influxd.log` sit next to it.
 *
 * Locked: the bind addresses (127.0.0.1 only) and `http.auth-enabled = true` are forced after the
 * scenario's settings; right after start a per-run admin is created (influx1-auth.ts) and the
 * endpoint carries its credentials, so an unauthenticated request gets 401.
 *
 * Cleanup: registered before the temp dir is made (a bad setting leaves nothing behind), with a
 * synchronous last resort (SIGKILL influxd, rmSync the dir) that a second Ctrl-C and process
 * 'exit' run, and a watchdog shell that does the same when the harness itself is killed.
 * `died` resolves with "influxd server process exited (...)" when influxd ends without stop().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { request } from 'undici';
import { registerCleanup } from '../../core/cleanup.js';
import { createInflux1Admin, newInflux1Credentials } from '../influx1-auth.js';
import { setKillList, startWatchdog } from './watchdog.js';
import type { HttpEndpoint } from '../../core/sql.js';
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/runtime.js';
import type { FamilyProvider } from '../family.js';
import { allocatedBytes } from './fs-usage.js';
import { freePort } from '../ports.js';
import { CLOCK_TICKS_PER_SEC, cpuTicks, exited, logTail, rssBytes, waitExit } from './child.js';

const INSTALL_HINT = "install Debian's influxdb package or put influxd on PATH";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Keys this runtime always changes from the defaults (section '' = top level). */
export const BASE_SETTINGS: Readonly<Record<string, string>> = {
  'data.cache-snapshot-write-cold-duration': '10s',
  'data.query-log-enabled': 'false',
  'monitor.store-enabled': 'false',
  'http.log-enabled': 'false',
  'logging.level': 'warn',
  'logging.suppress-logo': 'true',
  'continuous_queries.log-enabled': 'false',
};

/** Finds `influxd` on PATH. */
export function findInfluxd(pathEnv: string = process.env.PATH ?? ''): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'influxd');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** "InfluxDB v1.6.7~rc0 (git: unknown unknown)" -> "1.6.7~rc0". */
export function parseInfluxdVersion(output: string): string | null {
  const m = /InfluxDB v?(\S+)/.exec(output);
  return m ? m[1] : null;
}

function influxdVersion(bin: string): string | null {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? parseInfluxdVersion(r.stdout + r.stderr) : null;
}

function tomlValue(existing: string | undefined, value: string): string {
  const v = value.trim();
  const looksQuoted = existing !== undefined && existing.trim().startsWith('"');
  if (looksQuoted) return JSON.stringify(v.replace(/^"(.*)"$/, '$1'));
  if (existing === undefined && !/^(true|false|-?\d+(\.\d+)?)$/.test(v) && !v.startsWith('"')) return JSON.stringify(v);
  return v;
}

/**
 * Sets `section.key = value` entries in influxd's TOML configuration text. A key without a dot
 * is top level. Existing keys keep their quoting style; missing keys are added to their
 * section (a missing single-table section is appended). Array sections ([[graphite]]...) cannot
 * be addressed. Pure.
 */
export function editInfluxConfig(text: string, settings: Readonly<Record<string, string>>): string {
  const lines = text.split('\n');
  const isHeader = (line: string): boolean => /^\s*\[/.test(line);
  for (const [path, value] of Object.entries(settings)) {
    const dot = path.lastIndexOf('.');
    const section = dot < 0 ? '' : path.slice(0, dot);
    const key = dot < 0 ? path : path.slice(dot + 1);
    if (!/^[A-Za-z0-9_-]+$/.test(key) || !/^[A-Za-z0-9_.-]*$/.test(section)) throw new Error(`bad influxd setting name '${path}'`);
    // header line index (-1 for the top level) and end (exclusive) of the section
    let header = -1;
    if (section !== '') {
      header = lines.findIndex((l) => new RegExp(`^\\s*\\[\\s*${section.replace(/[.-]/g, '\\$&')}\\s*\\]\\s*$`).test(l));
      if (header < 0) {
        lines.push('', `[${section}]`, `  ${key} = ${tomlValue(undefined, value)}`);
        continue;
      }
    }
    let end = lines.findIndex((l, i) => i > header && isHeader(l));
    if (end < 0) end = lines.length;
    const keyRe = new RegExp(`^(\\s*)${key.replace(/-/g, '\\-')}\\s*=\\s*(.*)$`);
    const at = lines.findIndex((l, i) => i > header && i < end && keyRe.test(l));
    if (at >= 0) {
      const m = keyRe.exec(lines[at])!;
      lines[at] = `${m[1]}${key} = ${tomlValue(m[2], value)}`;
      continue;
    }
    let insert = end;
    while (insert > header + 1 && lines[insert - 1].trim() === '') insert--;
    lines.splice(insert, 0, `${section === '' ? '' : '  '}${key} = ${tomlValue(undefined, value)}`);
  }
  return lines.join('\n');
}

/** The reporting switch is `reporting-disabled` upstream and `reporting-enabled` in Debian's build. */
function reportingSetting(defaults: string): Record<string, string> {
  return /^reporting-enabled\s*=/m.test(defaults) ? { 'reporting-enabled': 'false' } : { 'reporting-disabled': 'true' };
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

export const influxdbNative: FamilyProvider = {
  async probe(): Promise<Availability> {
    const bin = findInfluxd();
    if (!bin) return { available: false, reason: `influxd not found on PATH: ${INSTALL_HINT}` };
    const version = influxdVersion(bin);
    if (!version) return { available: false, reason: `${bin} did not report a version: ${INSTALL_HINT}` };
    return { available: true, reason: `influxd ${version} found at ${bin}` };
  },

  async start(req: ServerRequest): Promise<RunningServer> {
    const bin = findInfluxd();
    if (!bin) throw new TargetError('influxd not found on PATH', INSTALL_HINT);
    const version = influxdVersion(bin) ?? 'unknown';
    const defaults = spawnSync(bin, ['config', '-config', '/dev/null'], { encoding: 'utf8', timeout: 10_000 });
    if (defaults.status !== 0 || !defaults.stdout.includes('[data]')) {
      throw new TargetError(`'${bin} config -config /dev/null' failed: ${defaults.stderr.trim().split('\n').pop() ?? ''}`);
    }
    let dir: string | null = null;
    let child: ChildProcess | null = null;
    let stopped = false;
    const lastResort = (): void => {
      // Synchronous only: a second signal, process 'exit', or a failed graceful stop.
      if (child && !exited(child)) child.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
    const stopNow = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      if (child && !exited(child)) {
        child.kill('SIGTERM');
        if (!(await waitExit(child, STOP_TIMEOUT_MS))) {
          child.kill('SIGKILL');
          await waitExit(child, STOP_TIMEOUT_MS);
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
    // Registered before anything is created: whatever fails below, the cleanup removes it.
    const stop = registerCleanup('influxd (tsdb-bench-influx-*)', stopNow, lastResort);

    let baseUrl: string;
    let settings: Record<string, string>;
    let rpcPort: number;
    let httpPort: number;
    let logFile: string;
    let root: string;
    const credentials = newInflux1Credentials();
    try {
      dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-influx-'));
      startWatchdog(dir);
      root = join(dir, 'influx');
      [rpcPort, httpPort] = [await freePort(), await freePort()];
      settings = { ...reportingSetting(defaults.stdout), ...BASE_SETTINGS, ...req.options.settings };
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
      logFile = join(dir, 'influxd.log');
      const logFd = openSync(logFile, 'a');
      try {
        // Own process group: a terminal's Ctrl-C reaches the harness only, which stops influxd in order.
        child = spawn(bin, ['-config', configFile], { stdio: ['ignore', logFd, logFd], detached: true });
        child.unref();
      } finally {
        closeSync(logFd);
      }
      child.on('error', () => {});
      if (child.pid) setKillList(dir, [child.pid]);
      baseUrl = `http://127.0.0.1:${httpPort}`;
      req.log.debug(`influxd ${version} pid ${child.pid} on ${baseUrl}, dir ${dir}`);

      const deadline = Date.now() + READY_TIMEOUT_MS;
      let ready = false;
      while (Date.now() < deadline && !exited(child) && !req.signal.aborted) {
        if ((await pingStatus(baseUrl)) === 204) {
          ready = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!ready) {
        const why = exited(child) ? `influxd exited (code ${child.exitCode}, signal ${child.signalCode})` : req.signal.aborted ? 'aborted' : `influxd not ready after ${READY_TIMEOUT_MS} ms`;
        throw new TargetError(`${why}; last log lines:\n${logTail(logFile)}`);
      }
      await createInflux1Admin(baseUrl, credentials);
    } catch (err) {
      await stop();
      if (err instanceof Error && /bad influxd setting name/.test(err.message)) throw new TargetError(err.message);
      throw err;
    }

    const server = child;
    const died = new Promise<string>((resolve) => {
      server.once('exit', (code, signal) => {
        if (!stopped) resolve(`influxd server process exited (${signal ? `killed by ${signal}` : `exit code ${code}`})`);
      });
    });
    let lastCpu: { ticks: number; at: number } | null = null;
    const endpoint: HttpEndpoint = { protocol: 'http', baseUrl, username: credentials.username, password: credentials.password, display: `influxd ${baseUrl}` };
    return {
      endpoint,
      runtime: 'native',
      label: 'native',
      died,
      details: { bin, version, httpPort, rpcPort, dir, root, pid: server.pid, settings, auth: `http.auth-enabled, per-run admin ${credentials.username}` },
      allocatedBytes: (paths) => allocatedBytes(root, paths),
      async sampleResources() {
        const now = Date.now();
        const cpu = cpuTicks(server.pid);
        let cpuPercent: number | null = null;
        if (cpu !== null && lastCpu && now > lastCpu.at) cpuPercent = ((cpu - lastCpu.ticks) / CLOCK_TICKS_PER_SEC / ((now - lastCpu.at) / 1000)) * 100;
        if (cpu !== null) lastCpu = { ticks: cpu, at: now };
        return { cpuPercent, memoryBytes: rssBytes(server.pid) };
      },
      stop,
    };
  },
};
