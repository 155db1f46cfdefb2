/**
 * Native redis-server (Debian's redis-server package) in a throwaway directory: a generated
 * configuration file (mode 0600 in a 0700 temp dir, so the per-run password never appears on
 * a command line), bound to 127.0.0.1 on a free port, `requirepass` random per run, protected
 * mode on, no persistence (`save ""`, `appendonly no`) unless the scenario's settings ask for it.
 * Stopped (SIGTERM, then SIGKILL) and the directory removed at the end, on error and on signals;
 * the cleanup is registered before the directory or the process exist.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { registerCleanup } from '../../core/cleanup.js';
import { registerSecret } from '../../core/redact.js';
import type { RedisEndpoint } from '../../core/sql.js';
import { InputError, TargetError, type Availability, type RunningServer, type ServerRequest } from '../../core/runtime.js';
import type { FamilyProvider } from '../family.js';
import { allocatedBytes } from './fs-usage.js';
import { CLOCK_TICKS_PER_SEC, cpuTicks, exited, logTail, rssBytes, waitExit } from './child.js';
import { freePort } from '../ports.js';

const INSTALL_HINT = "install Debian's redis-server package (apt-get install redis-server) or put redis-server on PATH";
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
/** Directives the runtime owns: a scenario setting may not change where or how the server is reached. */
export const RESERVED_SETTINGS = ['bind', 'port', 'requirepass', 'protected-mode', 'dir', 'unixsocket', 'daemonize', 'logfile', 'include', 'user', 'aclfile'];

/** Defaults a scenario may override (persistence is off unless it asks). */
export const BASE_SETTINGS: Readonly<Record<string, string>> = { save: '""', appendonly: 'no', loglevel: 'warning' };

export function findRedisServer(pathEnv: string = process.env.PATH ?? ''): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
  }
  return null;
}

/** "Redis server v=7.0.15 sha=... malloc=jemalloc-5.3.0 bits=64 ..." -> "7.0.15". */
export function parseRedisVersion(output: string): string | null {
  return /\bv=(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null;
}

/** The redis.conf text: base settings, then the scenario's, then the runtime's own (which win). Pure. */
export function redisConfig(input: { port: number; password: string; dir: string; settings: Record<string, string> }): string {
  for (const key of Object.keys(input.settings)) {
    if (RESERVED_SETTINGS.includes(key.toLowerCase())) throw new InputError(`engines.redis.settings.${key}: set by the native runtime (loopback, per-run password, throwaway dir) and cannot be changed`);
    if (!/^[a-z][a-z0-9-]*$/i.test(key)) throw new InputError(`engines.redis.settings.${key}: not a redis.conf directive name`);
  }
  const lines: string[] = [];
  for (const [k, v] of Object.entries({ ...BASE_SETTINGS, ...input.settings })) {
    if (/[\r\n]/.test(String(v))) throw new InputError(`engines.redis.settings.${k}: the value must be one line`);
    lines.push(`${k} ${v}`);
  }
  lines.push(
    'bind 127.0.0.1',
    `port ${input.port}`,
    'protected-mode yes',
    `requirepass ${input.password}`,
    `dir ${input.dir}`,
    'daemonize no',
    `logfile ${join(input.dir, 'redis.log')}`,
  );
  return lines.join('\n') + '\n';
}

function redisVersion(bin: string): string | null {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? parseRedisVersion(r.stdout) : null;
}

function resp(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/** AUTH + PING over a raw socket: true once the server answers PONG. */
export function pingRedis(port: number, password: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(resp(['AUTH', password]) + resp(['PING'])));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (text.includes('+PONG')) done(true);
      else if (text.startsWith('-') || text.includes('\r\n-')) done(false);
    });
  });
}

export const redisNative: FamilyProvider = {
  async probe(): Promise<Availability> {
    const bin = findRedisServer();
    if (!bin) return { available: false, reason: `redis-server not found on PATH: ${INSTALL_HINT}` };
    const version = redisVersion(bin);
    if (!version) return { available: false, reason: `${bin} did not report a version: ${INSTALL_HINT}` };
    return { available: true, reason: `redis-server ${version} found at ${bin}` };
  },

  async start(req: ServerRequest): Promise<RunningServer> {
    const bin = findRedisServer();
    if (!bin) throw new TargetError('redis-server not found on PATH', INSTALL_HINT);
    const version = redisVersion(bin) ?? 'unknown';
    const settings: Record<string, string> = { ...BASE_SETTINGS, ...req.options.settings };
    const password = randomBytes(24).toString('base64url');
    registerSecret(password);
    const port = await freePort();

    let dir: string | null = null;
    let child: ChildProcess | null = null;
    let stopped = false;
    const stop = registerCleanup('redis-server (native)', async () => {
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
    });

    let logFile = '';
    try {
      dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-redis-'));
      logFile = join(dir, 'redis.log');
      const configFile = join(dir, 'redis.conf');
      writeFileSync(configFile, redisConfig({ port, password, dir, settings: req.options.settings }), { mode: 0o600 });
      child = spawn(bin, [configFile], { stdio: 'ignore', detached: false });
      req.log.debug(`redis-server ${version} pid ${child.pid} on 127.0.0.1:${port}, dir ${dir}`);
      const deadline = Date.now() + READY_TIMEOUT_MS;
      let ready = false;
      while (Date.now() < deadline && !exited(child) && !req.signal.aborted) {
        if (await pingRedis(port, password)) {
          ready = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!ready) {
        const why = exited(child) ? `redis-server exited (code ${child.exitCode}, signal ${child.signalCode})` : req.signal.aborted ? 'aborted' : `redis-server not ready after ${READY_TIMEOUT_MS} ms`;
        throw new TargetError(`${why}; last log lines:\n${logTail(logFile)}`);
      }
    } catch (err) {
      await stop();
      throw err;
    }

    const serverDir = dir;
    const pid = child.pid;
    const persistent = settings.appendonly === 'yes' || (settings.save !== undefined && settings.save !== '""' && settings.save !== "''");
    let lastCpu: { ticks: number; at: number } | null = null;
    const endpoint: RedisEndpoint = { protocol: 'redis', host: '127.0.0.1', port, password, display: `redis://127.0.0.1:${port} (native)` };
    return {
      endpoint,
      runtime: 'native',
      label: 'native',
      details: { bin, version, port, dir: serverDir, pid, settings, persistence: persistent },
      // Without persistence nothing of the data is on disk: the engine's memory figures are the storage.
      allocatedBytes: async (paths) => {
        if (paths && paths.length > 0) return allocatedBytes(serverDir, paths);
        return persistent ? allocatedBytes(serverDir, ['dump.rdb', 'appendonlydir']) : null;
      },
      async sampleResources() {
        const now = Date.now();
        const cpu = cpuTicks(pid);
        let cpuPercent: number | null = null;
        if (cpu !== null && lastCpu && now > lastCpu.at) cpuPercent = ((cpu - lastCpu.ticks) / CLOCK_TICKS_PER_SEC / ((now - lastCpu.at) / 1000)) * 100;
        if (cpu !== null) lastCpu = { ticks: cpu, at: now };
        return { cpuPercent, memoryBytes: rssBytes(pid) };
      },
      stop,
    };
  },
};
