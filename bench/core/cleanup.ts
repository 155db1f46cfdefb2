/**
 * Everything that must be released when a run ends (servers, containers, temp dirs) registers
 * here. The runner calls runCleanups() on success, on error and on SIGINT/SIGTERM, so nothing
 * is left behind. Cleanups run in reverse order of registration, each at most once.
 */
type Cleanup = { name: string; fn: () => Promise<void> | void };

const stack: Cleanup[] = [];

/** Registers a cleanup; returns a function that runs it now (and unregisters it). */
export function registerCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  const entry: Cleanup = { name, fn };
  stack.push(entry);
  return async () => {
    const i = stack.indexOf(entry);
    if (i < 0) return;
    stack.splice(i, 1);
    await entry.fn();
  };
}

/** Runs every registered cleanup (newest first); errors are reported, never thrown. */
export async function runCleanups(report: (message: string) => void = (m) => process.stderr.write(m + '\n')): Promise<void> {
  while (stack.length > 0) {
    const entry = stack.pop()!;
    try {
      await entry.fn();
    } catch (err) {
      report(`cleanup of ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export function pendingCleanups(): string[] {
  return stack.map((c) => c.name);
}
