/**
 * What the scenario loader needs to know about one phase kind: its JSON-Schema fragment (the
 * phase entry as written in a file), its defaults and its checks beyond the schema. The phase
 * modules (bench/phases/<kind>/) provide these; the loader receives them as a parameter
 * (bench/run/registry.ts discovers them), so this layer never imports the phases.
 */
import type { PathSegment } from './paths.js';
import type { SchemaNode } from './schema-node.js';
import type { PhaseMetrics } from '../verdict/metric-catalog.js';

/** A normalized phase before it is typed: unit-bearing keys converted, defaults filled. */
export type PhaseDraft = { readonly id: string; readonly kind: string; readonly trials: number } & Readonly<Record<string, unknown>>;

/** Reports a problem at `key` (or a deeper path) of the phase being checked. */
export type PhaseProblem = (at: PathSegment | PathSegment[], message: string) => void;

export interface PhaseKindSpec {
  kind: string;
  /**
   * JSON Schema of one phase entry of this kind: `kind` as a const, `additionalProperties:
   * false`, a description on every key; may `$ref` the shared definitions of
   * scenario.common.schema.json (#/definitions/duration, rate, count, tableName, phaseId, trials...).
   */
  schema: SchemaNode;
  /**
   * Values for keys the file may leave out, in normalized names and units (`spanMs`, rows/s).
   * A nested object default (saturate's `slo`) is merged key by key with what the file gives.
   */
  defaults: Readonly<object>;
  /** Checks the schema cannot express (warm-up shorter than the trial, known query ids...). */
  check?(phase: PhaseDraft, problem: PhaseProblem): void;
  /** The metric names it writes: what a claim may name (`list --metrics`, checked at load). */
  metrics?: PhaseMetrics;
}
