/**
 * The comparison as Markdown, fit for $GITHUB_STEP_SUMMARY or a PR comment: a header line with
 * counts, refused pairs with their reason, a table of everything that changed or could not be
 * compared, and the unchanged metrics folded in a <details> block.
 */
import { formatP } from './decide.js';
import { formatPreciseValue as formatValue } from '../format/precise.js';
import { cell, formatChange } from './format.js';
import { DEFAULT_MIN_EFFECT, EFFECT_KINDS } from './thresholds.js';
import type { Comparison, MetricComparison, Verdict } from './types.js';

const VERDICT_ORDER: Record<Verdict, number> = { regression: 0, improvement: 1, 'not comparable': 2, unchanged: 3 };
const VERDICT_TEXT: Record<Verdict, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  unchanged: 'unchanged',
  'not comparable': '⚪ not comparable',
};

const HEADER = '| Target | Metric | Baseline | Current | Change [95% CI] | p | Verdict |';
const RULE = '|---|---|---:|---:|---:|---:|---|';

function side(line: MetricComparison, which: 'baseline' | 'current'): string {
  const s = line[which];
  if (!s) return '—';
  const n = line.effectKind === 'exact' ? '' : ` (n=${s.n})`;
  return formatValue(s.value, line.unit) + n;
}

function row(line: MetricComparison, scenarios: number): string {
  const target = scenarios > 1 ? `${line.scenario}: ${line.target}` : line.target;
  const metric = `${line.phase}.${line.metric}${line.statistic !== 'value' ? ` (${line.statistic})` : ''}`;
  const verdict = `${VERDICT_TEXT[line.verdict]}${line.mismatch ? ` ${line.mismatch}` : ''}`;
  const p = line.pValue === null ? (line.effectKind === 'exact' ? 'exact' : '—') : formatP(line.pValue);
  return `| ${[target, metric, side(line, 'baseline'), side(line, 'current'), formatChange(line.changePct, line.changeCi95), p, verdict].map(cell).join(' | ')} |`;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

export function renderCompareMarkdown(comparison: Comparison, title = 'tsdb-bench compare'): string {
  const { counts, options } = comparison;
  const scenarios = new Set(comparison.groups.map((g) => g.scenario)).size;
  const lines = comparison.groups.flatMap((g) => g.lines);
  const out: string[] = [];
  const status = comparison.status === 'regression' ? '❌ regression' : comparison.status === 'refused' ? '⛔ refused' : '✅ no regression';
  out.push(`### ${title}: ${status}`);
  out.push('');
  out.push(
    `**${counts.regression}** regression(s), **${counts.improvement}** improvement(s), ${counts.unchanged} unchanged, ` +
      `${counts['not comparable']} not comparable, ${counts.refused} refused — ` +
      `${comparison.baseline.length} baseline run(s) vs ${comparison.current.length} current run(s).`,
  );
  const extra = Object.entries(options.minEffect).filter(([k]) => !(EFFECT_KINDS as readonly string[]).includes(k));
  const effects = [...EFFECT_KINDS.map((k) => `${k} ${pct(options.minEffect[k] ?? DEFAULT_MIN_EFFECT[k])}`), ...extra.map(([k, v]) => `${k} ${pct(v)}`)].join(', ');
  out.push('');
  out.push(
    `Rules: sampled metrics regress when a two-sided Mann-Whitney U test on the raw samples gives p < ${options.alpha} ` +
      `**and** the change of the statistic exceeds the minimum effect (${effects}; a scenario's \`compare.minEffect\` may override: see each line's reason); ` +
      `exact figures (storage, bytes/row, ratios, counts) regress on any change beyond a relative ${options.tolerance}. ` +
      `Change CI: bootstrap 95% of current/baseline.`,
  );
  for (const g of comparison.groups.filter((x) => x.status !== 'compared')) {
    const label = g.status === 'refused' ? '⛔ **refused**' : '⚪ not comparable';
    out.push('');
    out.push(`- ${label} ${scenarios > 1 ? `${g.scenario}: ` : ''}\`${g.target}\`: ${g.reason ?? ''}`);
  }
  const notable = lines.filter((l) => l.verdict !== 'unchanged').sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  const unchanged = lines.filter((l) => l.verdict === 'unchanged');
  if (notable.length) {
    out.push('', HEADER, RULE, ...notable.map((l) => row(l, scenarios)));
    out.push('');
    out.push('<details><summary>Why</summary>', '');
    for (const l of notable) out.push(`- \`${l.id}\`: ${l.reason}`);
    out.push('', '</details>');
  }
  if (unchanged.length) {
    out.push('');
    out.push(`<details><summary>${unchanged.length} unchanged metric(s)</summary>`, '');
    out.push(HEADER, RULE, ...unchanged.map((l) => row(l, scenarios)));
    out.push('', '</details>');
  }
  if (!lines.length && comparison.groups.every((g) => g.status === 'compared')) out.push('', '_No metric to compare._');
  const runs = (refs: Comparison['baseline']) => refs.map((r) => `\`${r.runId}\` (${r.startedAt}${r.gitCommit ? `, ${r.gitCommit.slice(0, 10)}` : ''})`).join(', ') || '—';
  out.push('');
  out.push(`Baseline: ${runs(comparison.baseline)}  `);
  out.push(`Current: ${runs(comparison.current)}`);
  return out.join('\n') + '\n';
}
