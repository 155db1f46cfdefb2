/**
 * Time for measurements: a monotonic high-resolution clock and a sleep that wakes on time
 * (timers alone wake 1-2 ms late, which would skew a fixed-rate schedule).
 */
import { performance } from 'node:perf_hooks';

/** Monotonic milliseconds with sub-ms resolution (performance.now; not wall-clock time). */
export function nowMs(): number {
  return performance.now();
}

/** The wall-clock epoch ms of a `nowMs()` reading. */
export function epochMsOf(tMs: number): number {
  return performance.timeOrigin + tMs;
}

/** Part of the wait done by yielding (setImmediate) rather than by a timer. */
const SPIN_MS = 1.5;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * Resolves when `nowMs() >= tMs`: a timer for the bulk of the wait, then setImmediate turns
 * (I/O keeps flowing) for the last ~1.5 ms. Resolves at once when tMs is past. Rejects with
 * the signal's reason when aborted (like timers/promises).
 */
export function sleepUntil(tMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (nowMs() >= tMs) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const onAbort = (): void => {
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      reject(abortReason(signal!));
    };
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const spin = (): void => {
      immediate = undefined;
      if (nowMs() >= tMs) done();
      else immediate = setImmediate(spin);
    };
    const wait = (): void => {
      timer = undefined;
      const left = tMs - nowMs();
      if (left > SPIN_MS) timer = setTimeout(wait, left - SPIN_MS);
      else spin();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    wait();
  });
}

/**
 * Lets timers, I/O and signal handlers run. An in-process engine (PGlite) answers through
 * microtasks only, so a loop awaiting it back to back would otherwise starve the event loop:
 * scheduled batches would never start and Ctrl-C would not be handled.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
