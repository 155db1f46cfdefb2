/**
 * The claim verdicts of a results file. The runner (and `merge`, for the shards of a run)
 * evaluates the scenario's claims once, before its final save, and stores them in
 * results.json; every reader — report, plan, compare, history, the report sections — reads
 * them from there. A file saved without them (a run interrupted before its end, a file written
 * before the runner stored verdicts) gets them here, once, when it is loaded: the one place
 * besides the runner where claims are evaluated.
 */
import type { Results } from '../core/results.js';
import { evaluateClaims } from './claims.js';

/**
 * True when the file should hold verdicts it lacks: the scenario states claims, none are stored,
 * and the file is not one shard of a sharded run (a shard's figures cover its keys only: its
 * claims are evaluated on the merged data, by `merge`).
 */
export function lacksVerdicts(results: Results): boolean {
  return results.claims.length === 0 && (results.scenario.claims ?? []).length > 0 && !('shard' in results);
}

/** The results with their verdicts: as stored, or evaluated now when the file lacks them. */
export function withVerdicts(results: Results): Results {
  if (lacksVerdicts(results)) results.claims = evaluateClaims(results);
  return results;
}
