/**
 * Cross-target answer check: every named query's answer on every target is compared with the
 * first target's answer for the same phase and query. A mismatch fails the run, with the rows.
 */
import type { AnswerCheck } from '../core/results.js';
import type { QueryAnswer } from '../queries/catalog.js';
import { queryById } from '../queries/catalog.js';
import { answerDigest, diffAnswers, DEFAULT_RELATIVE_TOLERANCE } from '../queries/compare.js';

export function checkAnswers(perTarget: Map<string, Map<string, QueryAnswer>>): AnswerCheck[] {
  const keys = new Set<string>();
  for (const answers of perTarget.values()) for (const k of answers.keys()) keys.add(k);
  const checks: AnswerCheck[] = [];
  for (const key of [...keys].sort()) {
    const queryId = key.split('/').pop()!;
    const def = queryById(queryId)!;
    const holders = [...perTarget.entries()].filter(([, a]) => a.has(key));
    const digests: Record<string, string> = {};
    for (const [target, answers] of holders) digests[target] = answerDigest(answers.get(key)!);
    const [refTarget, refAnswers] = holders[0];
    const ref = refAnswers.get(key)!;
    const differences: string[] = [];
    for (const [target, answers] of holders.slice(1)) {
      const diff = diffAnswers(def, ref, answers.get(key)!, DEFAULT_RELATIVE_TOLERANCE);
      for (const d of diff) differences.push(`${refTarget} vs ${target}: ${d}`);
    }
    checks.push({
      query: key,
      status: holders.length < 2 ? 'single' : differences.length ? 'mismatch' : 'agree',
      tolerance: DEFAULT_RELATIVE_TOLERANCE,
      targets: holders.map(([t]) => t),
      digests,
      rows: ref.rows.length,
      ...(differences.length ? { differences: differences.slice(0, 10) } : {}),
    });
  }
  return checks;
}
