/**
 * What a saturate phase records in results.json (PhaseResult.details and trials), as one
 * written type: the phase writes SaturateDetails, the Capacity section and its charts read
 * RecordedSaturateDetails — the same, with the fields added after the first results files were
 * written optional, so those files are typed as what they hold. Type aliases, not interfaces:
 * an alias is assignable to the generic PhaseResult.details / trials records.
 */
import type { PhaseResult } from '../../core/results.js';

/** One open-loop step of the rate search. */
export type SaturateStep = {
  rate: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  lagP99Ms: number;
  lagGrowthMs: number;
  droppedBatches: number;
  /** Rows written in the step (dropped batches excluded). */
  rows: number;
  /** Wall time of the step, s (longer than the step duration when the engine fell behind). */
  seconds: number;
  /**
   * Share of the step's wall time the harness spent generating and encoding rows (one core):
   * near 1 would mean the harness, not the engine, limited the rate.
   */
  harnessShare: number;
  sustained: boolean;
  /** Why the step failed the SLO ('' when sustained). */
  failure: string;
  /** True for a bisection step (after the first failing geometric step). */
  refine: boolean;
};

/** PhaseResult.details of a saturate phase. */
export type SaturateDetails = {
  /** How the search was run, in words (shown in the report's method notes). */
  method: string;
  /** Highest sustained rate, rows/s; null when not even the start rate was sustained. */
  maxSustained: number | null;
  /** Lowest failing rate, rows/s; null when the search stopped before any step failed. */
  firstFailing: number | null;
  firstFailureReason: string | null;
  /** Why the search ended ('bracket within tolerance', 'time budget', 'maxRate ... sustained'). */
  stoppedBy: string;
  /** Pause after a failed step, ms. */
  settleMs: number;
  /** The rate the scenario needs (capacity.rate or the ingest rate), rows/s, or null. */
  neededRate: number | null;
  /** maxSustained / neededRate, or null. */
  headroom: number | null;
  /** Steps in the order they ran (geometric steps, then bisection). */
  steps: SaturateStep[];
};

/** Fields a saturate step did not record in early results files. */
type LaterStepFields = 'rows' | 'seconds' | 'harnessShare';

/** A saturate step as results files hold it, early ones included. */
export type RecordedSaturateStep = Omit<SaturateStep, LaterStepFields> & Partial<Pick<SaturateStep, LaterStepFields>>;

/** Saturate details as results files hold them, early ones included. */
export type RecordedSaturateDetails = Omit<SaturateDetails, 'settleMs' | 'steps'> & { settleMs?: number; steps: RecordedSaturateStep[] };

/**
 * The details of a saturate phase result, typed; undefined for any other phase kind. The one
 * place the untyped PhaseResult.details becomes a saturate type: results files are checked
 * against results.schema.json when read, and only the saturate phase writes this kind.
 */
export function saturateDetailsOf(phase: PhaseResult | undefined): RecordedSaturateDetails | undefined {
  if (phase?.kind !== 'saturate' || !Array.isArray(phase.details?.steps)) return undefined;
  return phase.details as unknown as RecordedSaturateDetails;
}
