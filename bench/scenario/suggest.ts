/** "Did you mean ...?" suggestions by edit distance. */

/** Levenshtein distance (insert, delete, substitute, each 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[t.length];
}

function tokens(word: string): string[] {
  return word
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The closest candidate when it is close enough to be a plausible typo (distance at most a
 * third of the word's length, at least 1, at most 3); otherwise the only candidate holding
 * every part of the word ('market_ticks' -> 'market_price_ticks'); else undefined.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= limit) return best;
  const parts = tokens(word);
  if (parts.length === 0) return undefined;
  const holding = list.filter((c) => {
    const own = tokens(c);
    return parts.every((p) => own.includes(p));
  });
  return holding.length === 1 ? holding[0] : undefined;
}

/** " (did you mean 'rate'?)" or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
