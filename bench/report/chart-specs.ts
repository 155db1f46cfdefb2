/**
 * Which charts a run gets, as Chart.js configurations built from results.json only: each phase
 * kind's charts come from its module (bench/phases/<kind>/report.ts, through CHART_KIT); the
 * capacity charts (saturate, growth, disk projection) are drawn here from the capacity view.
 * Every title or legend names the target and its runtime label.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { Metric, Results, TargetResult } from '../core/results.js';
import type { PhaseKind } from '../core/scenario.js';
import type { EngineProjection, ProjectionInput } from '../capacity/projection.js';
import type { ChartKit } from '../phases/report-kit.js';
import type { PhaseModule } from '../phases/types.js';
import { PHASE_MODULES } from '../run/scenario.js';
import { diskProjection, growthSteps, saturateP99Bound, saturateView, targetById } from './capacity-view.js';
import type { ErrorBarOptions } from './chart-plugins.js';
import { formatNumber } from '../format/numbers.js';
import { phaseIds, phaseIdsOfKind, phaseKind, targetLabel } from './results-view.js';
import { baseOptions, logTick, type ChartSpec } from './chart-common.js';
import { forestPlotSpec } from './chart-forest.js';
import { verdictsOf } from './sections/verdicts.js';
import { rateChartPoints } from './rate-intervals.js';
import { phaseView } from './sections/phases.js';

export type { ChartSpec };

/** Two-line axis label: target id, runtime label. */
function axisLabel(t: TargetResult): string[] {
  return [t.id, t.runtimeLabel];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

export function colorOf(results: Results, target: TargetResult): string {
  const i = results.targets.findIndex((t) => t.id === target.id);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

const SIZES = { normal: [900, 460], wide: [960, 500], tall: [960, 520] } as const;

/**
 * The envelope every chart shares: id, title, size, and the title / subtitle / legend /
 * background options merged under the chart's own (its plugins merged key by key).
 */
export function envelope(opts: { id: string; title: string; subtitle: string; size?: 'wide' | 'tall'; config: ChartConfiguration }): ChartSpec {
  const [width, height] = SIZES[opts.size ?? 'normal'];
  const base = baseOptions(opts.title, opts.subtitle);
  const own = (opts.config.options ?? {}) as { plugins?: object };
  return {
    id: opts.id,
    title: opts.title,
    width,
    height,
    config: { ...opts.config, options: { ...base, ...own, plugins: { ...base.plugins, ...own.plugins } } } as ChartConfiguration,
  };
}

function metricOn(target: TargetResult, phaseId: string, name: string): Metric | undefined {
  return target.phases.find((p) => p.id === phaseId)?.metrics[name];
}

/** How the plotted intervals were formed, short ("95% rerun interval from n=10 trials"); older files: bootstrap. */
function intervalWords(metrics: readonly Metric[]): string {
  const methods = [...new Set(metrics.map((m) => m.intervalMethod).filter((x): x is string => typeof x === 'string'))].map((m) => m.split(':')[0]);
  const distinct = [...new Set(methods)];
  if (distinct.length === 0) return '95% bootstrap CI';
  return distinct.length === 1 ? distinct[0] : "each metric's interval (n in the phase table)";
}

/** Bars of one metric per target with CI whiskers (preload and ingest throughput). */
function metricBars(results: Results, phaseId: string, metricName: string, id: string, title: string): ChartSpec | null {
  const targets = results.targets.filter((t) => metricOn(t, phaseId, metricName));
  if (targets.length === 0) return null;
  const metrics = targets.map((t) => metricOn(t, phaseId, metricName) as Metric);
  const datasets: ChartDataset<'bar'>[] = targets.map((t, i) => ({
    label: targetLabel(t),
    data: targets.map((_, j) => (j === i ? metrics[i].value : null)) as number[],
    backgroundColor: colorOf(results, t),
    grouped: false,
  }));
  const bars: ErrorBarOptions['bars'] = {};
  targets.forEach((_, i) => {
    bars[i] = targets.map((__, j) => (j === i ? metrics[i].ci95 : null));
  });
  return envelope({
    id,
    title,
    subtitle: `whiskers: ${intervalWords(metrics)} · ${metrics[0].label}`,
    config: {
      type: 'bar',
      data: { labels: targets.map(axisLabel), datasets },
      options: {
        // The axis labels name target and runtime; a legend would repeat them.
        plugins: { legend: { display: false }, errorBars: { bars } },
        scales: {
          x: { ticks: { font: { size: 11 } } },
          y: { beginAtZero: true, title: { display: true, text: metrics[0].unit } },
        },
      },
    },
  });
}

/** Metric names `<name><suffix>` of the phase across targets, first seen first. */
function namesWithSuffix(results: Results, phaseId: string, suffix: string): string[] {
  const names: string[] = [];
  for (const t of results.targets) {
    const phase = t.phases.find((p) => p.id === phaseId);
    for (const key of Object.keys(phase?.metrics ?? {})) {
      if (key.endsWith(suffix)) {
        const q = key.slice(0, -suffix.length);
        if (!names.includes(q)) names.push(q);
      }
    }
  }
  return names;
}

/** Grouped bars: one group per label, one bar per dataset, optional whiskers, log y. */
function groupedBars(opts: Parameters<ChartKit['groupedBars']>[0]): ChartSpec | null {
  const { series, labels } = opts;
  if (series.length === 0 || labels.length === 0) return null;
  const bars: ErrorBarOptions['bars'] = {};
  const datasets: ChartDataset<'bar'>[] = series.map((s, i) => {
    bars[i] = s.values.map((m) => m?.ci95 ?? null);
    return { label: s.label, data: s.values.map((m) => (m ? m.value : null)) as number[], backgroundColor: s.color };
  });
  return envelope({
    id: opts.id,
    title: opts.title,
    subtitle: opts.subtitle,
    size: 'wide',
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        plugins: { errorBars: { bars } },
        scales: {
          y: opts.log ? { type: 'logarithmic', title: { display: true, text: `${opts.yTitle} (log scale)` } } : { beginAtZero: true, title: { display: true, text: opts.yTitle } },
        },
      },
    },
  });
}

/** What a phase module's charts are written against (bench/phases/report-kit.ts). */
function chartKit(results: Results): ChartKit {
  return {
    colorOf: (t) => colorOf(results, t),
    targetLabel,
    axisLabel,
    formatNumber: (v) => formatNumber(v),
    logTick,
    intervalWords,
    metricOn,
    rateChartPoints,
    namesWithSuffix,
    envelope,
    metricBars,
    groupedBars,
  };
}

/** Every phase module's charts, phase by phase in scenario order. */
function phaseCharts(results: Results, modules: ReadonlyMap<string, PhaseModule>): ChartSpec[] {
  const kit = chartKit(results);
  return phaseIds(results).flatMap((phaseId) => {
    const kind = phaseKind(results, phaseId);
    const charts = modules.get(kind)?.report?.charts;
    return charts ? charts(phaseView(results, phaseId, kind as PhaseKind), kit) : [];
  });
}

// ---- capacity -------------------------------------------------------------------------------

type XY = { x: number; y: number };

/**
 * "Hockey stick": batch latency (p99 solid, p50 dashed, log y) against the step's target rate,
 * per target; dots are sustained steps, crosses steps that broke the SLO. The SLO's p99 bound
 * and the needed rate are drawn in grey.
 */
function saturateLatencyChart(results: Results, phaseId: string): ChartSpec | null {
  const datasets: ChartDataset<'line', XY[]>[] = [];
  const rates: number[] = [];
  const latencies: number[] = [];
  let needed: number | null = null;
  for (const t of results.targets) {
    const view = saturateView(t.phases.find((p) => p.id === phaseId));
    if (!view || view.steps.length === 0) continue;
    needed ??= view.neededRate;
    const steps = [...view.steps].sort((a, b) => a.rate - b.rate);
    const color = colorOf(results, t);
    for (const [key, dash, name] of [
      ['p99Ms', [], 'p99'],
      ['p50Ms', [6, 4], 'p50'],
    ] as const) {
      const points = steps.filter((s) => (s[key] ?? 0) > 0);
      if (points.length === 0) continue;
      rates.push(...points.map((s) => s.rate));
      latencies.push(...points.map((s) => s[key]!));
      datasets.push({
        label: `${targetLabel(t)} ${name}`,
        data: points.map((s) => ({ x: s.rate, y: s[key]! })),
        borderColor: color,
        backgroundColor: color,
        pointBackgroundColor: points.map((s) => (s.sustained ? color : '#ffffff')),
        borderWidth: 2,
        borderDash: [...dash],
        pointStyle: points.map((s) => (s.sustained ? 'circle' : 'crossRot')),
        pointRadius: points.map((s) => (s.sustained ? 4 : 8)),
        pointBorderWidth: points.map((s) => (s.sustained ? 1 : 3)),
      } as ChartDataset<'line', XY[]>);
    }
  }
  if (datasets.length === 0) return null;
  const bound = saturateP99Bound(results, phaseId);
  const lo = Math.min(...latencies, bound ?? Infinity);
  const hi = Math.max(...latencies, bound ?? 0);
  const xMin = Math.min(...rates, needed ?? Infinity);
  const xMax = Math.max(...rates, needed ?? 0);
  const guide = (label: string, data: XY[], dash: number[]): ChartDataset<'line', XY[]> => ({
    label,
    data,
    borderColor: '#888888',
    backgroundColor: '#888888',
    borderDash: dash,
    borderWidth: 1.5,
    pointRadius: 0,
  });
  if (bound !== null)
    datasets.push(
      guide(
        `SLO: batch p99 <= ${formatNumber(bound)} ms`,
        [
          { x: xMin, y: bound },
          { x: xMax, y: bound },
        ],
        [4, 4],
      ),
    );
  if (needed !== null)
    datasets.push(
      guide(
        `needed rate ${formatNumber(needed)} rows/s`,
        [
          { x: needed, y: lo },
          { x: needed, y: hi },
        ],
        [2, 3],
      ),
    );
  return envelope({
    id: `capacity-latency-${phaseId}`,
    title: `Batch latency vs ingest rate (${phaseId})`,
    subtitle: 'open-loop steps; latency from the scheduled start; dots: sustained steps, crosses: steps that broke the SLO; log scales',
    size: 'tall',
    config: {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'step target rate, rows/s (log scale)' }, ticks: { callback: logTick } },
          y: { type: 'logarithmic', title: { display: true, text: 'batch latency, ms (log scale)' }, ticks: { callback: logTick } },
        },
      },
    } as ChartConfiguration,
  });
}

/** Closed-loop rows/s per growth step against the table's size after the step, per target. */
function growthChart(results: Results, phaseId: string): ChartSpec | null {
  const datasets: ChartDataset<'line', XY[]>[] = [];
  for (const t of results.targets) {
    const steps = growthSteps(t.phases.find((p) => p.id === phaseId));
    if (steps.length === 0) continue;
    datasets.push({
      label: targetLabel(t),
      data: steps.map((s) => ({ x: s.tableRowsAfter, y: s.rowsPerSec })),
      borderColor: colorOf(results, t),
      backgroundColor: colorOf(results, t),
      borderWidth: 2,
      pointRadius: 4,
    });
  }
  if (datasets.length === 0) return null;
  return envelope({
    id: `capacity-growth-${phaseId}`,
    title: `Ingest rate as the table grows (${phaseId})`,
    subtitle: 'closed-loop rows/s of each step, plotted at the table size after the step',
    config: {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'rows in the table after the step' } },
          y: { beginAtZero: true, title: { display: true, text: 'rows/s' } },
        },
      },
    } as ChartConfiguration,
  });
}

export interface ProjectionChartOptions {
  /** Chart id (default 'disk-projection'). */
  id?: string;
  /** Legend text of a projection (default: its target id). */
  labelOf?: (target: string) => string;
  /** Line colour of a projection (default: a palette colour by position). */
  colorOf?: (target: string, index: number) => string;
  /** Decimal, as every figure the harness prints (bench/format/bytes.ts). Default GB. */
  unit?: 'GB' | 'TB';
  /** Named in the title, e.g. the table the bytes per row were measured on. */
  table?: string;
}

const PROJECTION_UNIT_BYTES = { GB: 1e9, TB: 1e12 } as const;

/** The disk projection (bench/capacity/projection.ts) as disk use per day, one line per target. */
export function projectionChartSpec(projections: EngineProjection[], input: ProjectionInput, opts: ProjectionChartOptions = {}): ChartSpec {
  const unit = opts.unit ?? 'GB';
  const divisor = PROJECTION_UNIT_BYTES[unit];
  return envelope({
    id: opts.id ?? 'disk-projection',
    title: `Projected disk use at ${formatNumber(input.rate)} rows/s${opts.table ? ` (${opts.table})` : ''}`,
    subtitle: `compression after ${formatNumber(input.compressAfterDays)} d, retention ${formatNumber(input.retentionDays)} d, chunks of ${formatNumber(input.chunkDays)} d; from measured bytes per row`,
    config: {
      type: 'line',
      data: {
        datasets: projections.map((p, i) => {
          const color = opts.colorOf?.(p.target, i) ?? PALETTE[i % PALETTE.length];
          return {
            label: opts.labelOf?.(p.target) ?? p.target,
            data: p.days.map((d) => ({ x: d.day, y: Number((d.bytes / divisor).toFixed(3)) })),
            borderColor: color,
            backgroundColor: color,
            pointRadius: 0,
            borderWidth: 2,
          };
        }),
      },
      options: {
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'day' } },
          y: { beginAtZero: true, title: { display: true, text: unit } },
        },
      },
    } as ChartConfiguration,
  });
}

function diskProjectionChart(results: Results): ChartSpec | null {
  const view = diskProjection(results);
  if (!view) return null;
  const spec = projectionChartSpec(view.projections, view.input, {
    id: 'capacity-disk-projection',
    unit: Math.max(...view.projections.map((p) => p.peakBytes)) >= 1e12 ? 'TB' : 'GB',
    table: view.table,
    labelOf: (id) => {
      const t = targetById(results, id);
      return t ? targetLabel(t) : id;
    },
    colorOf: (id, i) => {
      const t = targetById(results, id);
      return t ? colorOf(results, t) : PALETTE[i % PALETTE.length];
    },
  });
  return spec;
}

function capacityCharts(results: Results): (ChartSpec | null)[] {
  return [
    ...phaseIdsOfKind(results, 'saturate').map((id) => saturateLatencyChart(results, id)),
    ...phaseIdsOfKind(results, 'growth').map((id) => growthChart(results, id)),
    diskProjectionChart(results),
  ];
}

/** Every chart the results support; `modules`: the phase kinds (default: the built-in ones). */
export function chartSpecs(results: Results, modules: ReadonlyMap<string, PhaseModule> = PHASE_MODULES): ChartSpec[] {
  const specs: (ChartSpec | null)[] = [forestPlotSpec(results, verdictsOf(results)), ...phaseCharts(results, modules), ...capacityCharts(results)];
  return specs.filter((s): s is ChartSpec => s !== null);
}
