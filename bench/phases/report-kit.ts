/**
 * What a phase module's report section and charts are written against. The report layer sits
 * above the phases, so a phase never imports it: bench/report/ hands these kits in (built from
 * its own formatting and chart helpers), and takes back blocks and Chart.js configurations.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Metric, PhaseResult, PhaseResultOf, Results, TargetResult, ThroughputPoint } from '../core/results.js';
import type { PhaseKind, PhaseSpecs } from '../core/scenario.js';

/** The blocks a phase section may hold (a subset of bench/report/document.ts Block). */
export type PhaseBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'list'; items: string[] }
  /** Where a chart goes; with `prefix`, every chart whose id starts with `${id}-`. */
  | { kind: 'chart'; id: string; prefix?: boolean };

/** One chart: a Chart.js configuration plus its file id and size. */
export interface ChartSpec {
  id: string;
  title: string;
  /** CSS pixels; PNGs are rendered at devicePixelRatio 2. */
  width: number;
  height: number;
  config: ChartConfiguration;
}

/** One target's result for the phase (undefined when the target never reached it). */
export interface PhaseRow<K extends PhaseKind> {
  target: TargetResult;
  phase: PhaseResultOf<K> | undefined;
}

/** What a section or chart renderer gets for one phase id. */
export interface PhaseView<K extends PhaseKind> {
  results: Results;
  phaseId: string;
  spec: PhaseSpecs[K] | undefined;
  rows: PhaseRow<K>[];
  /** Every phase id of this kind, in scenario order (storage charts compare them all). */
  idsOfKind: string[];
}

type Maybe = number | null | undefined;

/** Block constructors and formatting (bench/report/document.ts and format.ts). */
export interface SectionKit {
  paragraph(text: string): PhaseBlock;
  table(headers: string[], rows: string[][]): PhaseBlock;
  chart(id: string, prefix?: boolean): PhaseBlock;
  DASH: string;
  formatBytes(value: Maybe): string;
  formatCount(value: Maybe): string;
  formatNumber(value: Maybe): string;
  formatRate(value: Maybe): string;
  formatRatio(value: Maybe): string;
  formatValue(value: Maybe, unit: string): string;
  formatMetric(m: Metric | undefined): string;
  formatMetricInterval(m: Metric | undefined): string;
  formatMetricWithCI(m: Metric | undefined): string;
  /** "`target@runtime` (runtime label)" */
  who(t: TargetResult): string;
  /** Status cell for a target whose phase did not produce metrics (null when ok). */
  statusNote(phase: PhaseResult | undefined): string | null;
  /** A row whose figures are missing: the note spans the value columns. */
  noteRow(first: string[], note: string, width: number): string[];
  /** A metric cell: its value, else "no data — reason", else —. */
  metricCell(phase: PhaseResult | undefined, key: string, format?: (m: Metric) => string): string;
  /** The first no-data reason of `keys`, as "no data — reason". */
  noDataNote(phase: PhaseResult | undefined, keys: readonly string[]): string | null;
}

/** A section's blocks and the metric names they show (the rest go to the generic table). */
export interface PhaseSection {
  blocks: PhaseBlock[];
  shown: Set<string>;
}

export interface BarSeries {
  label: string;
  color: string;
  values: (Metric | undefined)[];
}

/** Chart helpers shared by every phase's charts (bench/report/chart-specs.ts). */
export interface ChartKit {
  colorOf(target: TargetResult): string;
  /** "id [runtime label]" */
  targetLabel(target: TargetResult): string;
  /** Two-line axis label: target id, runtime label. */
  axisLabel(target: TargetResult): string[];
  formatNumber(value: Maybe): string;
  logTick(value: number | string): string;
  /** How the plotted intervals were formed, short. */
  intervalWords(metrics: readonly Metric[]): string;
  metricOn(target: TargetResult, phaseId: string, name: string): Metric | undefined;
  /** The points a rate-over-time chart plots: whole reporting intervals only (bench/report/rate-intervals.ts). */
  rateChartPoints(points: readonly ThroughputPoint[], nominalMs: number | null): { x: number; y: number }[];
  /** Query (or aggregate) names of metrics `<name><suffix>` of the phase, first seen first. */
  namesWithSuffix(results: Results, phaseId: string, suffix: string): string[];
  /** The shared chart envelope: id, title, size, title/subtitle/legend options. */
  envelope(opts: { id: string; title: string; subtitle: string; size?: 'wide' | 'tall'; config: ChartConfiguration }): ChartSpec;
  /** Bars of one metric per target with CI whiskers. */
  metricBars(results: Results, phaseId: string, metricName: string, id: string, title: string): ChartSpec | null;
  /** Grouped bars: one group per label, one bar per series, optional whiskers, log y. */
  groupedBars(opts: { id: string; title: string; subtitle: string; labels: (string | string[])[]; series: BarSeries[]; yTitle: string; log: boolean }): ChartSpec | null;
}

/** A phase kind's report renderers. */
export interface PhaseReport<K extends PhaseKind = PhaseKind> {
  section?(view: PhaseView<K>, kit: SectionKit): PhaseSection;
  charts?(view: PhaseView<K>, kit: ChartKit): ChartSpec[];
}
