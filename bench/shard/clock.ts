/**
 * How far a shard's clock is from the target's. Shards start on `--start-at` by their own wall
 * clocks, so lateness is only comparable between shards when their clocks agree. Every shard
 * reads the one clock they share — the target server's — the way NTP does: the server's time
 * T is taken between the local readings t0 and t1, so local − server = (t0 + t1) / 2 − T, known
 * to within ± (t1 − t0) / 2 (the round trip's half). Of several readings the one with the
 * shortest round trip is kept (least queueing, tightest bound).
 */

export interface ClockOffset {
  /** Which clock the offset is against. */
  reference: string;
  /** This host's wall clock minus the reference's (ms; positive: this host is ahead). */
  offsetMs: number;
  /** The true offset lies within offsetMs ± uncertaintyMs (half the kept round trip). */
  uncertaintyMs: number;
  /** Readings taken (the one with the shortest round trip is kept). */
  readings: number;
}

export const CLOCK_READINGS = 7;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Reads `readServerMs` `readings` times between two local readings of `localMs` and keeps the
 * reading with the shortest round trip.
 */
export async function measureClockOffset(
  reference: string,
  readServerMs: () => Promise<number>,
  // The wall clock --start-at is read on (Date.now), not the monotonic one.
  localMs: () => number = () => Date.now(),
  readings = CLOCK_READINGS,
  /**
   * The local clock's resolution: Date.now() counts whole milliseconds (rounded down), so a
   * reading t stands for some instant in [t, t + 1): half of it is added to the estimate and to
   * its uncertainty (a round trip under 1 ms would otherwise claim ± 0).
   */
  localResolutionMs = 1,
): Promise<ClockOffset> {
  let best: { offset: number; rtt: number } | undefined;
  for (let i = 0; i < readings; i++) {
    const t0 = localMs();
    const server = await readServerMs();
    const t1 = localMs();
    if (!Number.isFinite(server)) throw new Error(`the ${reference} gave no time (${String(server)})`);
    const rtt = t1 - t0;
    if (!best || rtt < best.rtt) best = { offset: (t0 + t1) / 2 - server, rtt };
  }
  if (!best) throw new Error('no clock reading taken');
  const half = localResolutionMs / 2;
  return { reference, offsetMs: round3(best.offset + half), uncertaintyMs: round3(best.rtt / 2 + half), readings };
}

/**
 * How far apart the shards' clocks are, each measured against the same reference: the spread
 * of their offsets, and the bound on it from the readings' uncertainties. Null when fewer than
 * two shards measured (or against different references).
 */
export function clockSpread(offsets: readonly (ClockOffset | null | undefined)[]): { reference: string; spreadMs: number; uncertaintyMs: number; measured: number } | null {
  const measured = offsets.filter((o): o is ClockOffset => !!o);
  if (measured.length < 2 || new Set(measured.map((o) => o.reference)).size !== 1) return null;
  const sorted = [...measured].sort((a, b) => a.offsetMs - b.offsetMs);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  return { reference: lo.reference, spreadMs: round3(hi.offsetMs - lo.offsetMs), uncertaintyMs: round3(hi.uncertaintyMs + lo.uncertaintyMs), measured: measured.length };
}
