/**
 * Per-phase tables. A phase kind's module (bench/phases/<kind>/report.ts) renders its own
 * section; every metric that section does not show is listed generically (value, CI, unit,
 * samples), so a metric added later is never hidden, and a kind without a section (or unknown
 * to this version) is rendered entirely generically.
 */
import type { Metric, PhaseResult, Results, TargetResult } from '../../core/results.js';
import type { PhaseKind } from '../../core/scenario.js';
import type { PhaseModule } from '../../phases/types.js';
import type { PhaseView, SectionKit } from '../../phases/report-kit.js';
import { PHASE_MODULES } from '../../run/scenario.js';
import { heading, table, type Block } from '../document.js';
import { DASH, formatCount, formatNumber, formatRate, formatRatio } from '../../format/numbers.js';
import { formatBytes } from '../../format/bytes.js';
import { formatMetric, formatMetricInterval, formatMetricWithCI } from '../../format/metric.js';
import { formatValue } from '../../format/values.js';
import { phaseAcrossTargets, phaseIds, phaseIdsOfKind, phaseKind } from '../results-view.js';
import { metricCell, noDataNote, noDataText, phaseNoteBlocks } from './phase-notes.js';

interface Row {
  target: TargetResult;
  phase: PhaseResult | undefined;
}

const who = (t: TargetResult) => `\`${t.id}\` (${t.runtimeLabel})`;

/** Status cell for a target whose phase did not produce metrics. */
function statusNote(phase: PhaseResult | undefined): string | null {
  if (!phase) return 'not run';
  if (phase.status === 'ok') return null;
  return `${phase.status}${phase.message ? `: ${phase.message}` : ''}`;
}

/** A row whose phase failed: the note spans the value columns. */
function noteRow(first: string[], note: string, width: number): string[] {
  return [...first, note, ...Array(Math.max(0, width - first.length - 1)).fill('')];
}

/** What a phase module's section is written against (bench/phases/report-kit.ts). */
export const SECTION_KIT: SectionKit = {
  paragraph: (text) => ({ kind: 'paragraph', text }),
  table: (headers, rows) => ({ kind: 'table', headers, rows }),
  chart: (id, prefix) => ({ kind: 'chart', id, ...(prefix ? { prefix } : {}) }),
  DASH,
  formatBytes,
  formatCount,
  formatNumber: (v) => formatNumber(v),
  formatRate,
  formatRatio,
  formatValue: (v, unit) => formatValue(v, unit as Metric['unit']),
  formatMetric,
  formatMetricInterval,
  formatMetricWithCI,
  who,
  statusNote,
  noteRow,
  metricCell: (phase, key, format) => metricCell(phase, key, format),
  noDataNote,
};

/** The view of one phase id a module's renderers get (rows narrowed to the module's kind). */
export function phaseView<K extends PhaseKind>(results: Results, phaseId: string, kind: K): PhaseView<K> {
  const rows = phaseAcrossTargets(results, phaseId);
  return {
    results,
    phaseId,
    spec: results.scenario.phases.find((p) => p.id === phaseId && p.kind === kind) as PhaseView<K>['spec'],
    // Results of one phase id share its kind (a phase of another kind under the id is not shown as this one).
    rows: rows.map(({ target, phase }) => ({ target, phase: phase?.kind === kind ? (phase as PhaseView<K>['rows'][number]['phase']) : undefined })),
    idsOfKind: phaseIdsOfKind(results, kind),
  };
}

function samplesText(m: Metric): string {
  if (m.sampleKind === 'exact') return 'exact';
  const n = m.samples.length;
  const head = m.samples
    .slice(0, 5)
    .map((x) => formatNumber(x))
    .join(', ');
  return `${n} ${m.sampleKind}${n === 1 ? '' : 's'}: ${head}${n > 5 ? ', …' : ''}`;
}

/** Every metric of the phase not already shown: value, CI, unit, samples. */
function genericTable(rows: Row[], shown: Set<string>): Block[] {
  const body: string[][] = [];
  for (const { target, phase } of rows) {
    for (const [name, m] of Object.entries(phase?.metrics ?? {})) {
      if (shown.has(name)) continue;
      body.push([who(target), `\`${name}\``, m.label, formatValue(m.value, m.unit), formatMetricInterval(m), m.unit, `${m.statistic}, ${m.better} is better`, samplesText(m)]);
    }
    // Metrics that could not be measured: shown as no data, never as 0.
    for (const name of Object.keys(phase?.noData ?? {})) {
      if (shown.has(name) || phase?.metrics[name]) continue;
      body.push([who(target), `\`${name}\``, DASH, noDataText(phase, name) ?? DASH, DASH, DASH, DASH, DASH]);
    }
  }
  if (body.length === 0) return [];
  return [table(['Target', 'Metric', 'Label', 'Value', 'Interval (n)', 'Unit', 'Statistic', 'Samples'], body)];
}

function failedPhaseNotes(rows: Row[]): string[][] {
  return rows.filter(({ phase }) => phase && phase.status !== 'ok' && Object.keys(phase.metrics).length === 0).map(({ target, phase }) => [who(target), statusNote(phase) ?? DASH]);
}

/** `modules`: the phase kinds to render with (default: the built-in ones). */
export function phaseBlocks(results: Results, modules: ReadonlyMap<string, PhaseModule> = PHASE_MODULES): Block[] {
  const blocks: Block[] = [heading(2, 'Phases')];
  for (const phaseId of phaseIds(results)) {
    const kind = phaseKind(results, phaseId);
    const rows = phaseAcrossTargets(results, phaseId);
    blocks.push(heading(3, `${phaseId} (${kind})`));
    const section = modules.get(kind)?.report?.section;
    if (section) {
      const r = section(phaseView(results, phaseId, kind as PhaseKind), SECTION_KIT);
      blocks.push(...r.blocks, ...genericTable(rows, r.shown));
    } else {
      blocks.push(...genericTable(rows, new Set()));
      const notes = failedPhaseNotes(rows);
      if (notes.length) blocks.push(table(['Target', 'Status'], notes));
    }
    blocks.push(...phaseNoteBlocks(rows));
  }
  return blocks;
}
