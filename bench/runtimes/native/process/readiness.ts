/**
 * Waiting for a freshly spawned server to answer: polls the server's own check (an
 * authenticated connection, /ping, AUTH+PING) until it succeeds, the process exits, the run is
 * aborted or the time is up; and the one-line error for each way it can fail.
 */
import { TargetError } from '../../../core/errors.js';
import type { ServerProcess } from './server-process.js';

export type ReadyOutcome = 'ready' | 'exited' | 'aborted' | 'timeout';

export interface ReadyPoll {
  /** True once the server answers; may throw (counted as not yet). */
  check(): Promise<boolean>;
  timeoutMs: number;
  pollMs: number;
  signal: AbortSignal;
}

export async function pollUntilReady(proc: ServerProcess, poll: ReadyPoll): Promise<ReadyOutcome> {
  const deadline = Date.now() + poll.timeoutMs;
  for (;;) {
    if (proc.hasExited()) return 'exited';
    if (poll.signal.aborted) return 'aborted';
    if (await poll.check().catch(() => false)) return 'ready';
    if (proc.hasExited()) return 'exited';
    if (Date.now() > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, poll.pollMs));
  }
}

/** Why a start failed, with the end of the server's log where that helps. */
export function notReadyError(proc: ServerProcess, outcome: Exclude<ReadyOutcome, 'ready'>, timeoutMs: number): TargetError {
  if (outcome === 'aborted') return new TargetError(`${proc.name} start aborted`);
  const why = outcome === 'exited' ? `${proc.name} exited during startup (${proc.describeExit()})` : `${proc.name} not ready after ${timeoutMs} ms`;
  return new TargetError(`${why}; last log lines:\n${proc.logTail()}`);
}
