/**
 * A watchdog for a native server's temp dir, for when the harness dies without running any
 * cleanup (SIGKILL, OOM kill, a crash in native code): a tiny detached shell that checks once a
 * second whether the harness process is alive. When the harness is gone and the temp dir still
 * exists, it SIGKILLs the PIDs listed in `<dir>/.kill` (a line `-<pgid>` kills a process group)
 * and removes the dir. When the dir disappears (normal stop), it exits. So nothing of a run
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
  'harness=$1; dir=$2',
  'while kill -0 "$harness" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done',
  '[ -d "$dir" ] || exit 0',
  'if [ -f "$dir/.kill" ]; then for p in $(cat "$dir/.kill"); do kill -9 -- "$p" 2>/dev/null; done; fi',
  'rm -rf -- "$dir"',
].join('\n');

/** Starts the watchdog of `dir` (which must exist). Never throws: a missing /bin/sh only loses the backstop. */
export function startWatchdog(dir: string): void {
  if (!existsSync('/bin/sh')) return;
  try {
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'tsdb-bench-watchdog', String(process.pid), dir], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no watchdog: the in-process cleanups still apply */
  }
}

/** Tells the watchdog what to kill: PIDs, or `-<pgid>` for a whole process group. */
export function setKillList(dir: string, targets: readonly (number | string)[]): void {
  try {
    writeFileSync(join(dir, KILL_LIST), targets.join('\n') + '\n');
  } catch {
    /* dir already removed */
  }
}
