/**
 * Everything that must be released when a run ends (servers, containers, temp dirs) registers
 * here, BEFORE the resource is created. The runner calls runCleanups() on success, on error and
 * on SIGINT/SIGTERM, so nothing is left behind. Cleanups run in reverse order of registration,
 * each at most once.
 *
 * A cleanup may also carry a synchronous `lastResort` (SIGKILL the server's PIDs, rmSync its
 * temp dir). runLastResortCleanups() runs the last resorts of every cleanup that has not
 * completed yet, including ones whose asynchronous cleanup is still in progress; it is what a
 * second Ctrl-C runs before exiting, and it runs on process 'exit' (any process.exit, the end of
 * the event loop), so a harness that exits without the asynchronous cleanups still leaves
 * nothing behind.
 */
type Cleanup = { name: string; fn: () => Promise<void> | void; lastResort?: () => void };

const stack: Cleanup[] = [];
/** Cleanups not completed yet (still registered, or running): their last resorts still apply. */
const unfinished = new Set<Cleanup>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => runLastResortCleanups(() => {}));
}

async function runEntry(entry: Cleanup): Promise<void> {
  try {
    await entry.fn();
    unfinished.delete(entry);
  } catch (err) {
    // Failed asynchronously: the synchronous last resort is the remaining chance.
    runLastResort(entry, () => {});
    throw err;
  }
}

function runLastResort(entry: Cleanup, report: (message: string) => void): void {
  unfinished.delete(entry);
  if (!entry.lastResort) return;
  try {
    entry.lastResort();
  } catch (err) {
    report(`last-resort cleanup of ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Registers a cleanup; returns a function that runs it now (and unregisters it). `lastResort`
 * must be synchronous and safe to run at any moment (also while `fn` runs, also twice).
 */
export function registerCleanup(name: string, fn: () => Promise<void> | void, lastResort?: () => void): () => Promise<void> {
  const entry: Cleanup = { name, fn, lastResort };
  stack.push(entry);
  unfinished.add(entry);
  if (lastResort) installExitHook();
  return async () => {
    const i = stack.indexOf(entry);
    if (i < 0) return;
    stack.splice(i, 1);
    await runEntry(entry);
  };
}

/** Runs every registered cleanup (newest first); errors are reported, never thrown. */
export async function runCleanups(report: (message: string) => void = (m) => process.stderr.write(m + '\n')): Promise<void> {
  while (stack.length > 0) {
    const entry = stack.pop()!;
    try {
      await runEntry(entry);
    } catch (err) {
      report(`cleanup of ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * Synchronous, immediate: runs the last resort of every cleanup that has not completed (newest
 * first) and forgets them. For a second signal and process 'exit'; never throws.
 */
export function runLastResortCleanups(report: (message: string) => void = (m) => process.stderr.write(m + '\n')): void {
  for (const entry of [...unfinished].reverse()) runLastResort(entry, report);
  stack.length = 0;
}

export function pendingCleanups(): string[] {
  return stack.map((c) => c.name);
}
