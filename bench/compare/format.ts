/** Comparison-table text: a change with its interval, and a Markdown cell. Values: bench/format/precise.ts. */

export function formatChange(pct: number | null, ci: [number, number] | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—';
  const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(Math.abs(x) < 1 && x !== 0 ? 2 : 1)}%`;
  return ci ? `${f(pct)} [${f(ci[0])}, ${f(ci[1])}]` : f(pct);
}

/** Escapes a cell for a Markdown table. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
