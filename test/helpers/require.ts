/**
 * Tests that need something a developer machine may lack (a PostgreSQL server, influxd, a
 * Docker daemon, Chromium) call `needs(t, available, reason)`. Without it the test is skipped
 * with the reason printed; with REQUIRE_ENGINES=1 (set by .ci/run) the skip becomes a failure.
 */
import type { TestContext } from 'node:test';

export function requireEngines(): boolean {
  return process.env.REQUIRE_ENGINES === '1' || process.env.REQUIRE_ENGINES === 'true';
}

/** Returns true when the test may go on; otherwise skips (or fails under REQUIRE_ENGINES). */
export function needs(t: TestContext, available: boolean, reason: string): boolean {
  if (available) return true;
  if (requireEngines()) throw new Error(`REQUIRE_ENGINES is set but: ${reason}`);
  process.stderr.write(`skip: ${reason}\n`);
  t.skip(reason);
  return false;
}

/**
 * For what CI cannot install either (native TimescaleDB is not packaged for Debian and may not
 * be built here): skips with the reason whatever REQUIRE_ENGINES says.
 */
export function onlyWhere(t: TestContext, available: boolean, reason: string): boolean {
  if (available) return true;
  process.stderr.write(`skip: ${reason}\n`);
  t.skip(reason);
  return false;
}
