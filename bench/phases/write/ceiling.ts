/**
 * The harness ceiling check: when the engine's measured rate comes within 2x of the rate the
 * harness generated + encoded at in the same trial, the figure may be the harness's, not the
 * engine's (QuestDB found the TSBS loader itself was the bottleneck this way).
 */

/** Closer than this factor to the ceiling, a throughput figure gets a warning. */
export const CEILING_MARGIN = 2;

/**
 * The warning for one trial, or null when the engine stayed well below the ceiling, or when
 * every row was encoded before the clock started (the harness then only sent bytes).
 */
export function ceilingWarning(trial: number, engineRowsPerSec: number, ceilingRowsPerSec: number | null, encodedBeforeClock = false): string | null {
  if (encodedBeforeClock || ceilingRowsPerSec === null || !(engineRowsPerSec > 0)) return null;
  if (engineRowsPerSec * CEILING_MARGIN < ceilingRowsPerSec) return null;
  return (
    `trial ${trial}: the engine's ${Math.round(engineRowsPerSec)} rows/s is within ${CEILING_MARGIN}x of the harness ceiling ` +
    `(${Math.round(ceilingRowsPerSec)} rows/s generated + encoded): the figure may be limited by the harness`
  );
}
