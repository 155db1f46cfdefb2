/**
 * A watchdog for a native server's temp dir, for when the harness dies without running any
 * cleanup (SIGKILL, OOM kill, a crash in native code): a tiny detached shell that checks once a
 * second whether the harness process is alive. When the harness is gone and the temp dir still
 * exists, it SIGKILLs the PIDs listed in `<dir>/.kill` and removes the dir (PostgreSQL's
 * backends exit by themselves once their postmaster is gone). When the dir disappears (normal stop), it exits. So nothing of a run
 * outlives the harness by more than about a second, whatever ends it.
 *
 * The shell runs in its own session (a terminal's Ctrl-C does not reach it) with no stdio; it
 * needs only /bin/sh, kill, sleep and rm.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KILL_LIST = '.kill';

const SCRIPT = [
  'harness=$TSDB_BENCH_WATCH_PID; dir=$TSDB_BENCH_WATCH_DIR',
  'while kill -0 "$harness" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done',
  '[ -d "$dir" ] || exit 0',
  'if [ -f "$dir/.kill" ]; then for p in $(cat "$dir/.kill"); do kill -9 "$p" 2>/dev/null; done; fi',
  'rm -rf -- "$dir"',
].join('\n');

/** Starts the watchdog of `dir` (which must exist). Never throws: a missing /bin/sh only loses the backstop. */
export function startWatchdog(dir: string): void {
  if (!existsSync('/bin/sh')) return;
  try {
    // The dir and pid go through the environment, not argv: a process search for the server's
    // data dir (pgrep -f) must find the server, not its watchdog.
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'tsdb-bench-watchdog'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TSDB_BENCH_WATCH_PID: String(process.pid), TSDB_BENCH_WATCH_DIR: dir },
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no watchdog: the in-process cleanups still apply */
  }
}

/** Tells the watchdog which PIDs to kill (positive numbers only: dash's kill takes no `--`). */
export function setKillList(dir: string, targets: readonly number[]): void {
  try {
    writeFileSync(join(dir, KILL_LIST), targets.join('\n') + '\n');
  } catch {
    /* dir already removed */
  }
}

const COMMAND_SCRIPT = ['harness=$1; shift', 'while kill -0 "$harness" 2>/dev/null; do sleep 1; done', 'exec "$@"'].join('\n');

/**
 * Runs `command` (detached, no stdio) within about a second of the harness process dying
 * without cancel() having been called: the backstop for resources that are no temp dir, e.g.
 * `tsdb-bench clean --run-id <id>` for docker containers. cancel() ends the watchdog (the
 * resource was released normally). Never throws.
 */
export function startCommandWatchdog(command: readonly string[]): { cancel(): void } {
  if (!existsSync('/bin/sh') || command.length === 0) return { cancel: () => {} };
  try {
    const child = spawn('/bin/sh', ['-c', COMMAND_SCRIPT, 'tsdb-bench-watchdog', String(process.pid), ...command], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
    return {
      cancel: () => {
        if (child.pid && child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      },
    };
  } catch {
    return { cancel: () => {} };
  }
}
