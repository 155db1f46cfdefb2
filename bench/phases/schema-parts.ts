/**
 * Schema properties several phase kinds share (written once; each kind's spec.ts puts them in
 * its own fragment). Defaults differ per kind, so the ones that name a default take it as text.
 */
import type { SchemaNode } from '../scenario/schema-node.js';

/** `id`: unique per scenario; metric keys are `<id>.<metric>`. */
export function idProperty(kind: string): SchemaNode {
  return {
    $ref: '#/definitions/phaseId',
    description: `Unique id of this phase; metric keys are '<id>.<metric>'. Default '${kind}' (or '${kind}-<n>' when several ${kind} phases have no id).`,
  };
}

/** `trials` of a kind that runs once per trial. */
export const TRIALS_PROPERTY: SchemaNode = {
  $ref: '#/definitions/trials',
  description: "Trials of this phase (default: the scenario's trials).",
};

/** `trials` of a one-shot kind (its defaults set trials: 1), with why. */
export function oneShotTrialsProperty(why: string): SchemaNode {
  return { $ref: '#/definitions/trials', description: `Trials of this phase: 1 (${why}; a larger value is reported as not applying).` };
}

/** `table`: the seed table the phase works on. */
export const TABLE_PROPERTY: SchemaNode = {
  $ref: '#/definitions/tableName',
  description: "Which of the seed's tables this phase writes.",
};

/** `batchSize` of a write loop. */
export function batchSizeProperty(defaultText: string): SchemaNode {
  return { $ref: '#/definitions/count', description: `Rows per batch sent to the engine (default ${defaultText}).` };
}

/** `workers` of a write loop. */
export function workersProperty(defaultText: string): SchemaNode {
  return { type: 'integer', minimum: 1, description: `Concurrent writers (connections / HTTP requests in flight) (default ${defaultText}).` };
}
