/**
 * The kernel's clock-tick rate (sysconf(_SC_CLK_TCK), USER_HZ), the unit of the CPU times in
 * /proc/<pid>/stat. Read once from `getconf CLK_TCK`; Node has no sysconf binding.
 */
import { spawnSync } from 'node:child_process';

export interface ClockTicks {
  perSecond: number;
  /** Where the figure came from: 'getconf CLK_TCK', or the fallback and why. */
  source: string;
}

let cached: ClockTicks | null = null;

export function clockTicks(): ClockTicks {
  if (cached) return cached;
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 10_000 });
  const value = r.status === 0 ? Number(r.stdout.trim()) : NaN;
  // 100 is USER_HZ on every mainstream Linux build; used only when getconf cannot say.
  cached = Number.isInteger(value) && value > 0 ? { perSecond: value, source: 'getconf CLK_TCK' } : { perSecond: 100, source: 'assumed 100 (getconf CLK_TCK failed)' };
  return cached;
}
