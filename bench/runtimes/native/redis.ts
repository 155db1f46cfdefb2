/**
 * Native redis-server (Debian's redis-server package) in a throwaway directory: a generated
 * configuration file (mode 0600 in a 0700 temp dir, so the per-run password never appears on
 * a command line), bound to 127.0.0.1 on a free port, `requirepass` random per run, protected
 * mode on, no persistence (`save ""`, `appendonly no`) unless the scenario's settings ask for it.
 * Process handling (cleanup registered before the directory exists, watchdog, SIGTERM then
 * SIGKILL, `died`, resource samples over the process tree, which includes the fork of a
 * BGSAVE) is the native runtime's shared module (./process/), as for PostgreSQL and influxd.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { registerSecret } from '../../core/redact.js';
import type { RedisEndpoint } from '../../core/sql.js';
import { InputError, TargetError } from '../../core/errors.js';
import type { Availability, RunningServer, ServerRequest } from '../../core/runtime.js';
import type { FamilyProvider } from '../family.js';
import { allocatedBytes } from './fs-usage.js';
import { beginNativeServer } from './process/lifecycle.js';
import { distinctFreePorts } from './process/ports.js';
import { notReadyError, pollUntilReady } from './process/readiness.js';
import { spawnServer } from './process/server-process.js';
import { processTreeSampler } from './process/tree-sampler.js';

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
    if (RESERVED_SETTINGS.includes(key.toLowerCase()))
      throw new InputError(`engines.redis.settings.${key}: set by the native runtime (loopback, per-run password, throwaway dir) and cannot be changed`);
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

    const life = beginNativeServer({ cleanupName: 'redis-server (tsdb-bench-redis-*)', dirPrefix: 'tsdb-bench-redis-', stopSignal: 'SIGTERM', stopTimeoutMs: STOP_TIMEOUT_MS });
    try {
      const dir = life.dir;
      const [port] = await distinctFreePorts(1);
      const configFile = join(dir, 'redis.conf');
      writeFileSync(configFile, redisConfig({ port, password, dir, settings: req.options.settings }), { mode: 0o600 });
      // stdout/stderr go to the same file as redis's own `logfile`: a config error is printed before that file is opened.
      const proc = spawnServer({ name: 'redis-server', command: bin, args: [configFile], cwd: dir, logFile: join(dir, 'redis.log') });
      life.adopt(proc);
      req.log.debug(`redis-server ${version} pid ${proc.pid} on 127.0.0.1:${port}, dir ${dir}`);
      const outcome = await pollUntilReady(proc, { check: () => pingRedis(port, password), timeoutMs: READY_TIMEOUT_MS, pollMs: 50, signal: req.signal });
      if (outcome !== 'ready') throw notReadyError(proc, outcome, READY_TIMEOUT_MS);

      const persistent = settings.appendonly === 'yes' || (settings.save !== undefined && settings.save !== '""' && settings.save !== "''");
      const sampler = processTreeSampler(proc.pid!);
      const endpoint: RedisEndpoint = { protocol: 'redis', host: '127.0.0.1', port, password, display: `redis://127.0.0.1:${port} (native)` };
      return {
        endpoint,
        runtime: 'native',
        label: 'native',
        died: life.died(proc),
        details: { bin, version, port, dir, pid: proc.pid, settings, persistence: persistent, resourceSampling: sampler.facts },
        // Without persistence nothing of the data is on disk: the engine's memory figures are the storage.
        allocatedBytes: async (paths) => {
          if (paths && paths.length > 0) return allocatedBytes(dir, paths);
          return persistent ? allocatedBytes(dir, ['dump.rdb', 'appendonlydir']) : null;
        },
        sampleResources: () => sampler.sample(),
        stop: () => life.stop(),
      };
    } catch (err) {
      await life.stop();
      throw err;
    }
  },
};
