/**
 * Cross-target answer check: every named query's answer on every target is compared with the
 * first target's answer for the same phase and query. An idiomatic query (`<id>_idiomatic`) is
 * compared with the portable answer of the same question (`<phase>/<portable id>`, first target
 * holding it) as well, so an engine's own SQL is proven to answer what the portable SQL does.
 * A mismatch fails the run, with the rows.
 */
import type { AnswerCheck } from '../core/results.js';
import type { QueryAnswer } from '../queries/catalog.js';
import { queryById } from '../queries/catalog.js';
import { answerDigest, diffAnswers, DEFAULT_RELATIVE_TOLERANCE } from '../queries/compare.js';

/** Answer key `<phase>/<query>` -> its phase prefix and query id. */
function splitKey(key: string): { prefix: string; queryId: string } {
  const slash = key.lastIndexOf('/');
  return { prefix: key.slice(0, slash + 1), queryId: key.slice(slash + 1) };
}

export function checkAnswers(perTarget: Map<string, Map<string, QueryAnswer>>): AnswerCheck[] {
  const keys = new Set<string>();
  for (const answers of perTarget.values()) for (const k of answers.keys()) keys.add(k);
  const checks: AnswerCheck[] = [];
  for (const key of [...keys].sort()) {
    const { prefix, queryId } = splitKey(key);
    const def = queryById(queryId)!;
    const holders = [...perTarget.entries()].filter(([, a]) => a.has(key));
    const digests: Record<string, string> = {};
    for (const [target, answers] of holders) digests[target] = answerDigest(answers.get(key)!);
    // The reference: for an idiomatic query the portable answer of the same question when a
    // target holds one, else (and for portable queries) the first holder's own answer.
    const portableKey = def.portableOf ? `${prefix}${def.portableOf}` : null;
    const portableHolder = portableKey ? [...perTarget.entries()].find(([, a]) => a.has(portableKey)) : undefined;
    const [refTarget, ref] =
      portableHolder && portableKey ? [`${portableHolder[0]} (${def.portableOf})`, portableHolder[1].get(portableKey)!] : [holders[0][0], holders[0][1].get(key)!];
    const compared = portableHolder ? holders : holders.slice(1);
    const differences: string[] = [];
    for (const [target, answers] of compared) {
      const diff = diffAnswers(def, ref, answers.get(key)!, DEFAULT_RELATIVE_TOLERANCE);
      for (const d of diff) differences.push(`${refTarget} vs ${target}: ${d}`);
    }
    const comparisons = compared.length;
    checks.push({
      query: key,
      status: comparisons === 0 ? 'single' : differences.length ? 'mismatch' : 'agree',
      tolerance: DEFAULT_RELATIVE_TOLERANCE,
      targets: holders.map(([t]) => t),
      digests,
      rows: ref.rows.length,
      ...(portableHolder ? { reference: refTarget } : {}),
      ...(differences.length ? { differences: differences.slice(0, 10) } : {}),
    });
  }
  return checks;
}
