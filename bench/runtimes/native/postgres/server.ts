/**
 * Starting a native PostgreSQL: a throwaway cluster in `tsdb-bench-pg-*` (0700) under
 * os.tmpdir(), its postmaster spawned directly on a free port through the shared process module
 * (../process/: own process group, log file, exit hook, stop, /proc sampling over the process
 * tree), listening on 127.0.0.1 only with its Unix socket in the temp dir (see ./config.ts).
 * Ready when an authenticated connection succeeds. stop() sends SIGINT (fast shutdown), SIGKILL
 * of the postmaster and its children after a timeout, then removes the temp dir.
 */
import { chownSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { RunningServer, ServerRequest } from '../../../core/runtime.js';
import { pgWireEndpoint } from '../../../sql/pg-wire.js';
import { allocatedBytes } from '../fs-usage.js';
import { beginNativeServer } from '../process/lifecycle.js';
import { distinctFreePorts } from '../process/ports.js';
import { notReadyError, pollUntilReady } from '../process/readiness.js';
import { spawnServer, type ServerProcess } from '../process/server-process.js';
import { processTreeSampler } from '../process/tree-sampler.js';
import { initCluster, newPassword, serverEnv, SUPERUSER } from './cluster.js';
import { forcedSettings, postmasterArgs, settingsFor } from './config.js';
import type { PgInstallation } from './discovery.js';
import type { OsUser } from './os-user.js';

const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
/** Attempts when another process takes the free port between the probe and the postmaster's bind. */
const BIND_ATTEMPTS = 3;

/** True once an authenticated connection to the postmaster succeeds. */
async function acceptsConnections(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres', connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startPostgres(request: ServerRequest, inst: PgInstallation, user: OsUser | null): Promise<RunningServer> {
  const life = beginNativeServer({ cleanupName: 'native PostgreSQL (tsdb-bench-pg-*)', dirPrefix: 'tsdb-bench-pg-', stopSignal: 'SIGINT', stopTimeoutMs: SHUTDOWN_TIMEOUT_MS });
  try {
    const dir = life.dir;
    const dataDir = join(dir, 'data');
    const logFile = join(dir, 'postgresql.log');
    if (user) chownSync(dir, user.uid, user.gid);
    const password = newPassword();
    await initCluster(inst.bin, dir, dataDir, password, user);

    const settings = settingsFor(request);
    const timeoutFlag = request.flags.startupTimeoutMs;
    const startupTimeoutMs = typeof timeoutFlag === 'number' && timeoutFlag > 0 ? timeoutFlag : DEFAULT_STARTUP_TIMEOUT_MS;
    let port = 0;
    let proc: ServerProcess;
    for (let attempt = 1; ; attempt++) {
      [port] = await distinctFreePorts(1);
      proc = spawnServer({
        name: 'postgres',
        command: join(inst.bin, 'postgres'),
        args: postmasterArgs(dataDir, settings, forcedSettings(port, dir, dataDir)),
        cwd: dir,
        logFile,
        env: serverEnv(),
        user,
      });
      // The watchdog kills the postmaster; its backends exit on postmaster death.
      life.adopt(proc);
      const outcome = await pollUntilReady(proc, { check: () => acceptsConnections(port, password), timeoutMs: startupTimeoutMs, pollMs: 100, signal: request.signal });
      if (outcome === 'ready') break;
      // Another process may have taken the free port between the probe and the bind.
      if (outcome === 'exited' && attempt < BIND_ATTEMPTS && /could not bind|Address already in use/i.test(proc.logTail(50))) continue;
      throw notReadyError(proc, outcome, startupTimeoutMs);
    }

    const pid = proc.pid!;
    const sampler = processTreeSampler(pid);
    request.log.info(`PostgreSQL ${inst.version} (native, ${inst.bin}) on 127.0.0.1:${port}, data in ${dataDir}`);
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
      died: life.died(proc),
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
        resourceSampling: sampler.facts,
      },
      allocatedBytes(paths) {
        return paths && paths.length > 0 ? allocatedBytes(dataDir, paths, { prefixMatch: true }) : allocatedBytes(dataDir);
      },
      sampleResources: () => sampler.sample(),
      stop: () => life.stop(),
    };
  } catch (err) {
    await life.stop();
    throw err;
  }
}
