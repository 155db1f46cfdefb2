/** The verdict table, the seed's expected-benchmarks table and its decision matrix. */
import type { ClaimVerdict, Results, TargetResult } from '../../core/results.js';
import type { ClaimSpec } from '../../core/scenario.js';
import { evidenceFor, SEED_DECISION_MATRIX, stars } from '../../verdict/decision-matrix.js';
import { metricOf } from '../../verdict/metric-lookup.js';
import { FOREST_CHART_ID, FOREST_TITLE, forestVerdicts } from '../chart-forest.js';
import { chart, heading, list, paragraph, table, type Block, type CellTone } from '../document.js';
import { formatMetric } from '../../format/metric.js';
import { DASH, formatRatio } from '../../format/numbers.js';
import { formatValue } from '../../format/values.js';
import { REPORT_CHARTS_DIR } from '../paths.js';
import { intervalKindText, nText, verdictNote, verdictView } from '../verdict-view.js';

export const SEED_TABLE_SOURCE = 'Performance Benchmarks (Expected)';

/**
 * The verdicts results.json holds: evaluated once, by the runner (or `merge`), before the final
 * save; files saved without them get them when loaded (verdict/stored.ts). Never evaluated here.
 */
export function verdictsOf(results: Results): ClaimVerdict[] {
  return results.claims;
}

/** Markdown has no colour: a symbol and a bold word carry the verdict (HTML also colours the cell). */
const VERDICT_MARK: Record<ClaimVerdict['verdict'], string> = {
  confirmed: '✓ **confirmed**',
  refuted: '✗ **refuted**',
  inconclusive: '? **inconclusive**',
};

export const VERDICT_TONE: Record<ClaimVerdict['verdict'], CellTone> = { confirmed: 'good', refuted: 'bad', inconclusive: 'neutral' };

export function verdictText(v: ClaimVerdict): string {
  return VERDICT_MARK[v.verdict] ?? v.verdict;
}

/** A verdict's measured value with its unit ('x' for ratios). */
export function measuredText(v: ClaimVerdict): string {
  const unit = v.unit ?? '';
  return unit === 'x' ? formatRatio(v.measured) : formatValue(v.measured, unit);
}

export function ciText(v: ClaimVerdict): string {
  if (!v.ci95) return DASH;
  const unit = v.unit ?? '';
  const f = (x: number) => (unit === 'x' ? formatRatio(x) : formatValue(x, unit));
  return v.ci95[0] === v.ci95[1] ? `${f(v.ci95[0])} (exact)` : `${f(v.ci95[0])} – ${f(v.ci95[1])}`;
}

function comparedText(v: ClaimVerdict): string {
  const { targetId: t, baselineId: b } = v;
  if (t && b) return t === b ? `\`${t}\`` : `\`${t}\` vs \`${b}\``;
  return t ? `\`${t}\`` : DASH;
}

const VERDICT_HEADERS = ['Claim', 'Compared', 'Measured', 'Interval', 'n', 'Interval kind', 'Verdict', 'Gate', 'Why', 'Note'];

export function verdictBlocks(results: Results): Block[] {
  const verdicts = verdictsOf(results);
  const blocks: Block[] = [heading(2, 'Verdicts')];
  if (verdicts.length === 0) {
    blocks.push(paragraph('The scenario states no claims.'));
    return blocks;
  }
  const views = verdicts.map((v) => verdictView(results, v));
  const verdictColumn = VERDICT_HEADERS.indexOf('Verdict');
  blocks.push(
    table(
      VERDICT_HEADERS,
      views.map((view) => {
        const v = view.verdict;
        return [
          `**${v.id}**: ${v.text}`,
          comparedText(v),
          measuredText(v),
          ciText(v),
          nText(view),
          intervalKindText(view),
          verdictText(v),
          v.gate ? 'gate' : 'no',
          v.reason,
          verdictNote(view) || DASH,
        ];
      }),
      undefined,
      views.map((view) => VERDICT_HEADERS.map((_, i) => (i === verdictColumn ? (VERDICT_TONE[view.verdict.verdict] ?? null) : null))),
    ),
    paragraph(
      'Ratios are oriented so that > 1 means the claimed engine is better, and are computed only between targets on the same runtime kind, ' +
        'per interleaved trial pair (see "How each number was obtained"). ' +
        'Confirmed: the whole interval meets the claim; refuted: the whole interval misses it; inconclusive: the interval straddles it, ' +
        'no interval could be formed (n too small) or data is missing. n: the independent trials (pairs) behind the interval.',
    ),
  );
  if (forestVerdicts(results, verdicts).length > 0) {
    blocks.push(chart(FOREST_CHART_ID, false, { title: FOREST_TITLE, file: `${REPORT_CHARTS_DIR}/${FOREST_CHART_ID}.png` }));
  }
  const thresholds = views.filter((view) => view.kind === 'threshold');
  if (thresholds.length > 0) {
    blocks.push(
      paragraph('Threshold claims (absolute values, not ratios: not on the forest plot):'),
      list(
        thresholds.map((view) => {
          const v = view.verdict;
          const limit = view.threshold !== null ? formatValue(view.threshold, view.unit) : DASH;
          const interval = v.ci95 ? `, interval ${ciText(v)} (n=${nText(view)})` : '';
          const note = verdictNote(view);
          return `**${v.id}**: measured ${measuredText(v)}${interval} vs threshold ${limit} — ${verdictText(v)}${note ? ` (${note})` : ''}`;
        }),
      ),
    );
  }
  return blocks;
}

/** "Performance Benchmarks (Expected): Range query (7 days)" -> "Range query (7 days)". */
function seedRow(claim: ClaimSpec): string | null {
  if (!claim.source || !claim.source.includes(SEED_TABLE_SOURCE)) return null;
  const rest = claim.source.slice(claim.source.indexOf(SEED_TABLE_SOURCE) + SEED_TABLE_SOURCE.length).replace(/^[\s:–-]+/, '');
  return rest || claim.text;
}

function expectedOf(claim: ClaimSpec): Record<string, string> {
  const e = claim.expected;
  if (!e || typeof e !== 'object') return {};
  return Object.fromEntries(
    Object.entries(e as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => [k, String(v)]),
  );
}

/** What one target measured for a claim: its metric, or the baseline's metric on baseline targets. */
function measuredOn(claim: ClaimSpec, target: TargetResult): string {
  const baselineMetric = typeof claim.baselineMetric === 'string' ? claim.baselineMetric : null;
  const own = formatMetric(metricOf(target, claim.metric));
  if (!baselineMetric) return own;
  const base = formatMetric(metricOf(target, baselineMetric));
  // Same engine on both sides (aggregate vs raw): every target shows both figures.
  if (claim.target === claim.baseline) return `${own} vs ${base}`;
  if (target.engine === claim.baseline) return base;
  return own;
}

export function seedTableBlocks(results: Results): Block[] {
  const claims = results.scenario.claims ?? [];
  const rows = new Map<string, ClaimSpec[]>();
  for (const c of claims) {
    const row = seedRow(c);
    if (row) rows.set(row, [...(rows.get(row) ?? []), c]);
  }
  if (rows.size === 0) return [];
  const verdicts = verdictsOf(results);
  const targets = results.targets;
  const headers = ['Metric', 'Expected PostgreSQL', 'Expected TimescaleDB', 'Expected improvement', ...targets.map((t) => `${t.id} (${t.runtimeLabel})`), 'Verdict'];
  const body = [...rows.entries()].map(([row, group]) => {
    const expected = Object.assign({}, ...group.map(expectedOf)) as Record<string, string>;
    const primary = group.find((c) => typeof c.factor === 'number') ?? group[0];
    const improvement = expected.improvement ?? (typeof primary.factor === 'number' ? `${primary.factor}x` : DASH);
    const verdictCell = group
      .flatMap((c) => verdicts.filter((v) => v.id === c.id || v.id.startsWith(`${c.id}@`) || v.claim === c.id))
      .map((v) => `${verdictText(v)} (${v.id}: ${measuredText(v)})`)
      .join('; ');
    return [row, expected.postgres ?? DASH, expected.timescaledb ?? DASH, improvement, ...targets.map((t) => measuredOn(primary, t)), verdictCell || DASH];
  });
  return [
    heading(2, 'The seed\'s "Performance Benchmarks (Expected)" table, measured'),
    table(headers, body),
    paragraph("Measured cells show the metric the row's claim is checked on (headline statistic per target); " + 'the verdict uses only same-runtime pairs.'),
  ];
}

export function decisionMatrixBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(2, 'Decision matrix: seed scores beside measured evidence')];
  const rows: string[][] = [];
  const engines = ['timescaledb', 'influxdb'];
  const shown = results.targets.filter((t) => engines.includes(t.engine));
  for (const row of SEED_DECISION_MATRIX) {
    for (const ev of row.evidence) {
      const cells = evidenceFor(ev, shown);
      rows.push([
        row.criterion,
        `${stars(row.scores.timescaledb)} ${row.scores.timescaledb}/5`,
        `${stars(row.scores.influxdb)} ${row.scores.influxdb}/5`,
        row.winner,
        ev.label,
        ...cells.values,
        cells.leader,
      ]);
    }
  }
  blocks.push(
    table(['Criterion', 'Seed TimescaleDB', 'Seed InfluxDB', 'Seed winner', 'Evidence', ...shown.map((t) => `${t.id} (${t.runtimeLabel})`), 'Measured leader'], rows),
    paragraph('The measured leader is named only between targets on the same runtime kind.'),
  );
  return blocks;
}
