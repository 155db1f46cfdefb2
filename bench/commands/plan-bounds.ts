/**
 * Sane bounds for `plan`'s numbers, checked before anything is computed: the projection
 * walks the retention day by day, so `--retention 100000000d` would build a hundred million
 * days (and run out of memory) instead of saying the value is out of range.
 */
import { InputError } from '../core/errors.js';
import { parseDuration, parseRate } from '../scenario/units.js';
import { checkOutDir } from './exit.js';

const DAY_MS = 86_400_000;
/** Longest retention / compression age projected: 100 years. */
export const MAX_PLAN_DAYS = 36_500;
/** Shortest chunk interval: one minute (finer chunks are not a realistic layout). */
export const MIN_CHUNK_MS = 60_000;
/** Highest ingest rate projected: one billion rows/s. */
export const MAX_PLAN_RATE = 1e9;

export interface PlanFlags {
  rate?: string;
  retention?: string;
  'compress-after'?: string;
  chunk?: string;
  out?: string;
}

function parsed(flag: string, value: string, parse: (s: string) => number): number {
  try {
    return parse(value);
  } catch (err) {
    throw new InputError(`--${flag}: ${(err as Error).message}`);
  }
}

function days(flag: string, value: string | undefined, { allowZero }: { allowZero: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const ms = parsed(flag, value, parseDuration);
  if (ms > MAX_PLAN_DAYS * DAY_MS) throw new InputError(`--${flag} ${value}: at most ${MAX_PLAN_DAYS} days (100 years) can be projected`);
  if (!allowZero && ms === 0) throw new InputError(`--${flag} ${value}: expected a duration above zero`);
  return ms;
}

/** Throws InputError (exit 2) naming the flag and the bound; returns nothing when all is well. */
export function checkPlanFlags(flags: PlanFlags): void {
  if (flags.rate !== undefined) {
    const rate = parsed('rate', flags.rate, parseRate);
    if (rate > MAX_PLAN_RATE) throw new InputError(`--rate ${flags.rate}: at most ${MAX_PLAN_RATE.toLocaleString('en-US')} rows/s can be projected`);
  }
  const retention = days('retention', flags.retention, { allowZero: false });
  const compressAfter = days('compress-after', flags['compress-after'], { allowZero: true });
  const chunk = days('chunk', flags.chunk, { allowZero: false });
  if (chunk !== undefined && chunk < MIN_CHUNK_MS) throw new InputError(`--chunk ${flags.chunk}: expected at least 1m`);
  if (chunk !== undefined && retention !== undefined && chunk > retention) {
    throw new InputError(`--chunk ${flags.chunk}: longer than --retention ${flags.retention}`);
  }
  if (compressAfter !== undefined && retention !== undefined && compressAfter > retention) {
    throw new InputError(`--compress-after ${flags['compress-after']}: later than --retention ${flags.retention} (data would be dropped before it is compressed)`);
  }
  checkOutDir(flags.out);
}
