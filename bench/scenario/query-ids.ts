/** The check of a phase's `queries:` list against the query catalogue (query and mixed phases). */
import { QUERIES, queryById } from '../queries/catalog.js';
import type { PhaseDraft, PhaseProblem } from './phase-kinds.js';
import { didYouMean } from './suggest.js';

export function checkQueryIds(phase: PhaseDraft, problem: PhaseProblem): void {
  const queries = Array.isArray(phase.queries) ? (phase.queries as unknown[]) : [];
  queries.forEach((q, j) => {
    if (typeof q === 'string' && !queryById(q)) {
      const ids = QUERIES.map((d) => d.id);
      const hint = didYouMean(q, ids);
      problem(['queries', j], `unknown query '${q}'${hint}${hint ? '' : `; known queries: ${ids.join(', ')}`}`);
    }
  });
}
