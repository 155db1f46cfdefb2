/**
 * The life of one native server around its process: a throwaway directory, its cleanup, the
 * watchdog, the stop and the exit hook, the same for PostgreSQL, influxd and redis-server.
 *
 * - The cleanup is registered BEFORE the directory is made: whatever fails later, stop() (or
 *   runCleanups() on exit/SIGINT) removes what exists. Its synchronous last resort (a second
 *   Ctrl-C, process 'exit') SIGKILLs the process tree and rmSyncs the directory.
 * - A watchdog shell (../watchdog.ts) does the same within ~1 s when the harness itself is
 *   killed; it is told the server's pid as soon as the server runs.
 * - stop() is idempotent: the server's graceful signal, SIGKILL of its tree after a timeout,
 *   then the directory is removed.
 * - died() resolves with one line ("influxd server process exited (killed by SIGKILL)") when the
 *   server ends without stop(); never while or after stop() runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCleanup } from '../../../core/cleanup.js';
import { setKillList, startWatchdog } from '../watchdog.js';
import { describeExit, type ServerProcess } from './server-process.js';

export interface NativeServerPlan {
  /** For the cleanup list: 'native PostgreSQL (tsdb-bench-pg-*)'. */
  cleanupName: string;
  /** mkdtemp prefix under os.tmpdir(): 'tsdb-bench-pg-'. */
  dirPrefix: string;
  /** The server's graceful shutdown: SIGINT for PostgreSQL (fast shutdown), SIGTERM otherwise. */
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
}

export interface NativeServerLife {
  /** The throwaway directory (mode 0700), removed by stop(). */
  readonly dir: string;
  /** Makes `proc` the process stop() ends and the watchdog kills (a restart replaces it). */
  adopt(proc: ServerProcess): void;
  /** The exit hook of the adopted process: resolves only when it ends without stop(). */
  died(proc: ServerProcess): Promise<string>;
  stop(): Promise<void>;
}

export function beginNativeServer(plan: NativeServerPlan): NativeServerLife {
  let dir: string | null = null;
  let proc: ServerProcess | null = null;
  let stopping: Promise<void> | null = null;

  const lastResort = (): void => {
    // Synchronous only: a second signal, process 'exit', or a failed graceful stop.
    proc?.killNow();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      await proc?.stop(plan.stopSignal, plan.stopTimeoutMs);
      if (dir) rmSync(dir, { recursive: true, force: true });
    })());
  const runCleanupNow = registerCleanup(plan.cleanupName, shutdown, lastResort);
  // runCleanupNow() returns at once when runCleanups() already took the entry: wait for it then.
  const stop = async (): Promise<void> => {
    await runCleanupNow();
    await shutdown();
  };

  try {
    dir = mkdtempSync(join(tmpdir(), plan.dirPrefix));
  } catch (err) {
    void stop();
    throw err;
  }
  startWatchdog(dir);
  const home = dir;

  return {
    dir: home,
    adopt(p) {
      proc = p;
      if (p.pid) setKillList(home, [p.pid]);
    },
    died(p) {
      return p.exited.then(
        (status) =>
          new Promise<string>((resolve) => {
            if (stopping) return; // a stop in progress is not a death: never resolves
            if (status.signal) return resolve(`${p.name} server process exited (killed by ${status.signal})`);
            // An exit of its own (PANIC, disk full, OOM in the server...): the last log line says why.
            const last = p.logTail(1).trim();
            resolve(`${p.name} server process exited (${describeExit(status)})${last && last !== '(no log)' ? `: ${last}` : ''}`);
          }),
      );
    },
    stop,
  };
}
