/**
 * One native server process: spawned in its own process group (a terminal's Ctrl-C reaches the
 * harness only, which stops the server in order) with stdout and stderr appended to a log file,
 * unref'd (the harness never stays alive because of it), and ended by stop(): the server's
 * graceful-shutdown signal, then SIGKILL of its whole process tree after a timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readProcessTree } from './proc-read.js';

export interface SpawnSpec {
  /** Short name for messages: 'postgres', 'influxd', 'redis-server'. */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this OS user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number } | null;
}

/** How the process ended: an exit code, a signal, or a failure to start at all. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: Error;
}

export interface ServerProcess {
  readonly name: string;
  /** undefined when the spawn itself failed (then `exited` resolves with spawnError). */
  readonly pid: number | undefined;
  readonly logFile: string;
  /** Resolves once, when the process has ended (never rejects). */
  readonly exited: Promise<ExitStatus>;
  hasExited(): boolean;
  /** "exit code 1", "killed by SIGKILL", "could not start: spawn ... ENOENT", "running". */
  describeExit(): string;
  /** `signal`, then SIGKILL of the process tree when it has not exited after `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<void>;
  /** Synchronous SIGKILL of the process and every descendant (last resort; safe to repeat). */
  killNow(): void;
  /** The last `lines` lines of the log, for error messages. */
  logTail(lines?: number): string;
}

/** How long to wait for the exit after SIGKILL, before giving up on it. */
const AFTER_KILL_MS = 5_000;

function signalPids(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function waitFor<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]).finally(() => clearTimeout(timer));
}

export function describeExit(status: ExitStatus | null): string {
  if (!status) return 'running';
  if (status.spawnError) return `could not start: ${status.spawnError.message}`;
  return status.signal ? `killed by ${status.signal}` : `exit code ${status.code}`;
}

export function readLogTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function spawnServer(spec: SpawnSpec): ServerProcess {
  const fd = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: true,
      ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
    });
    child.unref();
  } finally {
    closeSync(fd);
  }
  let status: ExitStatus | null = null;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve((status = { code, signal })));
    // Always listened to: an unhandled 'error' would throw. It also fires for a failed kill();
    // only a process that never ran has ended with it.
    child.on('error', (err) => {
      if (child.pid === undefined && !status) resolve((status = { code: null, signal: null, spawnError: err }));
    });
  });
  const pid = child.pid;
  const killNow = (): void => {
    if (pid === undefined || status) return;
    // The tree is read before the first kill: once the root is gone its children are re-parented.
    signalPids(
      [
        pid,
        ...readProcessTree(pid)
          .map((p) => p.pid)
          .filter((p) => p !== pid),
      ],
      'SIGKILL',
    );
  };
  return {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    exited,
    hasExited: () => status !== null,
    describeExit: () => describeExit(status),
    async stop(signal, timeoutMs) {
      if (pid === undefined || status) return;
      signalPids([pid], signal);
      if (await waitFor(exited, timeoutMs)) return;
      killNow();
      await waitFor(exited, AFTER_KILL_MS);
    },
    killNow,
    logTail: (lines) => readLogTail(spec.logFile, lines),
  };
}
