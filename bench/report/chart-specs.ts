/**
 * Which charts a run gets, as Chart.js configurations built from results.json only.
 * Every title or legend names the target and its runtime label.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { LatencySummary, Metric, Results, TargetResult, ThroughputPoint } from '../core/results.js';
import type { EngineProjection, ProjectionInput } from '../capacity/projection.js';
import { diskProjection, growthSteps, saturateP99Bound, saturateView, targetById } from './capacity-view.js';
import type { ErrorBarOptions } from './chart-plugins.js';
import { formatNumber } from './format.js';
import { phaseIdsOfKind, targetLabel } from './results-view.js';
import { baseOptions, logTick, type ChartSpec } from './chart-common.js';
import { forestPlotSpec } from './chart-forest.js';
import { verdictsOf } from './sections/verdicts.js';
import { rateChartPoints } from './rate-intervals.js';

export type { ChartSpec };

/** Two-line axis label: target id, runtime label. */
function axisLabel(t: TargetResult): string[] {
  return [t.id, t.runtimeLabel];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const PERCENTILES: (keyof LatencySummary)[] = ['p50', 'p90', 'p99', 'p99.9', 'max'];

export function colorOf(results: Results, target: TargetResult): string {
  const i = results.targets.findIndex((t) => t.id === target.id);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

function median(values: number[]): number | null {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

function metricOn(target: TargetResult, phaseId: string, name: string): Metric | undefined {
  return target.phases.find((p) => p.id === phaseId)?.metrics[name];
}

/** Bars of one metric per target with CI whiskers (preload and ingest throughput). */
function throughputChart(results: Results, phaseId: string, metricName: string, id: string, title: string): ChartSpec | null {
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
  const options = baseOptions(title, `whiskers: ${intervalWords(metrics)} · ${metrics[0].label}`);
  return {
    id,
    title,
    width: 900,
    height: 460,
    config: {
      type: 'bar',
      data: { labels: targets.map(axisLabel), datasets },
      options: {
        ...options,
        // The axis labels name target and runtime; a legend would repeat them.
        plugins: { ...options.plugins, legend: { display: false }, errorBars: { bars } },
        scales: {
          x: { ticks: { font: { size: 11 } } },
          y: { beginAtZero: true, title: { display: true, text: metrics[0].unit } },
        },
      },
    },
  };
}

/** How the plotted intervals were formed, short ("95% rerun interval from n=10 trials"); older files: bootstrap. */
function intervalWords(metrics: readonly Metric[]): string {
  const methods = [...new Set(metrics.map((m) => m.intervalMethod).filter((x): x is string => typeof x === 'string'))].map((m) => m.split(':')[0]);
  const distinct = [...new Set(methods)];
  if (distinct.length === 0) return '95% bootstrap CI';
  return distinct.length === 1 ? distinct[0] : 'each metric\'s interval (n in the phase table)';
}

function intervalsOf(trial: Record<string, unknown>): ThroughputPoint[] {
  const raw = trial.intervals;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (p): p is ThroughputPoint =>
      typeof p === 'object' && p !== null && typeof (p as ThroughputPoint).t === 'number' && typeof (p as ThroughputPoint).rowsPerSec === 'number',
  );
}

function ingestRateChart(results: Results, phaseId: string): ChartSpec | null {
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [];
  const firstOfTarget = new Set<number>();
  let targetRate: number | null = null;
  const spec = results.scenario.phases.find((p) => p.id === phaseId) as { intervalMs?: unknown } | undefined;
  for (const t of results.targets) {
    const phase = t.phases.find((p) => p.id === phaseId);
    if (!phase) continue;
    phase.trials.forEach((trial, k) => {
      const nominal = typeof spec?.intervalMs === 'number' ? spec.intervalMs : typeof trial.intervalMs === 'number' ? trial.intervalMs : null;
      // Partial intervals (the trial's tail) are left out: see rate-intervals.ts.
      const points = rateChartPoints(intervalsOf(trial), nominal);
      if (points.length === 0) return;
      if (typeof trial.targetRate === 'number') targetRate = trial.targetRate;
      if (!datasets.some((d) => d.label === targetLabel(t))) firstOfTarget.add(datasets.length);
      datasets.push({
        label: targetLabel(t),
        data: points,
        borderColor: colorOf(results, t),
        backgroundColor: colorOf(results, t),
        borderWidth: 1.5,
        borderDash: k === 0 ? [] : k === 1 ? [6, 3] : [2, 2],
        pointRadius: 0,
      });
    });
  }
  if (datasets.length === 0) return null;
  const title = `Ingest rate over time (${phaseId})`;
  const subtitle = `rows/s per whole reporting interval (partial tail intervals left out); trials 1/2/3 solid/dashed/dotted${targetRate !== null ? `; target ${formatNumber(targetRate)} rows/s (grey)` : ''}`;
  if (targetRate !== null) {
    const xs = datasets.flatMap((d) => d.data.map((p) => p.x));
    datasets.push({
      label: 'target rate',
      data: [
        { x: Math.min(...xs), y: targetRate },
        { x: Math.max(...xs), y: targetRate },
      ],
      borderColor: '#888888',
      borderDash: [4, 4],
      borderWidth: 1,
      pointRadius: 0,
    });
  }
  const options = baseOptions(title, subtitle);
  const keep = new Set(firstOfTarget);
  return {
    id: `ingest-rate-${phaseId}`,
    title,
    width: 900,
    height: 460,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...options,
        parsing: false,
        plugins: {
          ...options.plugins,
          legend: {
            display: true,
            position: 'bottom',
            labels: {
              // One legend entry per target (trials share the colour; dash = trial).
              filter: (item) => keep.has(item.datasetIndex ?? -1) || item.text === 'target rate',
            },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'seconds since trial start' } },
          y: { title: { display: true, text: 'rows/s' } },
        },
      },
    } as ChartConfiguration,
  };
}

function latencyOf(trial: Record<string, unknown>): LatencySummary | null {
  const l = trial.latency;
  return l && typeof l === 'object' && typeof (l as LatencySummary).p50 === 'number' ? (l as LatencySummary) : null;
}

function latencyDistributionChart(results: Results, phaseId: string): ChartSpec | null {
  const datasets: ChartDataset<'line'>[] = [];
  for (const t of results.targets) {
    const phase = t.phases.find((p) => p.id === phaseId);
    const summaries = (phase?.trials ?? []).map(latencyOf).filter((x): x is LatencySummary => x !== null);
    if (summaries.length === 0) continue;
    const values = PERCENTILES.map((p) => median(summaries.map((s) => s[p] as number)));
    datasets.push({
      label: `${targetLabel(t)} (median of ${summaries.length} trials)`,
      data: values as number[],
      borderColor: colorOf(results, t),
      backgroundColor: colorOf(results, t),
      pointRadius: 4,
      borderWidth: 2,
    });
  }
  if (datasets.length === 0) return null;
  const title = `Ingest latency distribution (${phaseId})`;
  const options = baseOptions(title, 'batch latency from the scheduled start (coordinated-omission corrected), log scale');
  return {
    id: `latency-${phaseId}`,
    title,
    width: 900,
    height: 460,
    config: {
      type: 'line',
      data: { labels: PERCENTILES.map(String), datasets },
      options: {
        ...options,
        scales: {
          x: { title: { display: true, text: 'percentile' } },
          y: { type: 'logarithmic', title: { display: true, text: 'ms (log scale)' } },
        },
      },
    },
  };
}

function queryNames(results: Results, phaseId: string, suffix: string): string[] {
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
function groupedBars(
  id: string,
  title: string,
  subtitle: string,
  labels: (string | string[])[],
  series: { label: string; color: string; values: (Metric | undefined)[] }[],
  yTitle: string,
  log: boolean,
): ChartSpec | null {
  if (series.length === 0 || labels.length === 0) return null;
  const bars: ErrorBarOptions['bars'] = {};
  const datasets: ChartDataset<'bar'>[] = series.map((s, i) => {
    bars[i] = s.values.map((m) => m?.ci95 ?? null);
    return {
      label: s.label,
      data: s.values.map((m) => (m ? m.value : null)) as number[],
      backgroundColor: s.color,
    };
  });
  const options = baseOptions(title, subtitle);
  return {
    id,
    title,
    width: 960,
    height: 500,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: {
        ...options,
        plugins: { ...options.plugins, errorBars: { bars } },
        scales: {
          y: log
            ? { type: 'logarithmic', title: { display: true, text: `${yTitle} (log scale)` } }
            : { beginAtZero: true, title: { display: true, text: yTitle } },
        },
      },
    },
  };
}

function queryLatencyChart(results: Results, phaseId: string): ChartSpec | null {
  const queries = queryNames(results, phaseId, '.p50_ms');
  const targets = results.targets.filter((t) => t.phases.some((p) => p.id === phaseId && Object.keys(p.metrics).length > 0));
  return groupedBars(
    `query-latency-${phaseId}`,
    `Query latency p50 per query and target (${phaseId})`,
    `whiskers: ${intervalWords(targets.flatMap((t) => queries.map((q) => metricOn(t, phaseId, `${q}.p50_ms`))).filter((m): m is Metric => m !== undefined))}, hot cache`,
    queries,
    targets.map((t) => ({
      label: targetLabel(t),
      color: colorOf(results, t),
      values: queries.map((q) => metricOn(t, phaseId, `${q}.p50_ms`)),
    })),
    'ms',
    true,
  );
}

function storageCharts(results: Results): ChartSpec[] {
  const storagePhases = phaseIdsOfKind(results, 'storage');
  if (storagePhases.length === 0) return [];
  const tables = new Set<string>();
  for (const t of results.targets)
    for (const p of t.phases)
      if (storagePhases.includes(p.id)) for (const k of Object.keys(p.metrics)) if (k.endsWith('.bytes')) tables.add(k.slice(0, -'.bytes'.length));
  const targets = results.targets.filter((t) => t.phases.some((p) => storagePhases.includes(p.id) && p.status === 'ok'));
  const labels = targets.map(axisLabel);
  const shades = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d'];
  const charts: ChartSpec[] = [];
  for (const table of tables) {
    const series = (suffix: string) =>
      storagePhases.map((phaseId, i) => ({
        label: phaseId,
        color: shades[i % shades.length],
        values: targets.map((t) => metricOn(t, phaseId, `${table}.${suffix}`)),
      }));
    const bytes = groupedBars(
      `storage-${table}`,
      `Storage of ${table}: ${storagePhases.join(' vs ')}`,
      'bytes on disk per target and storage phase (MB = 10^6 bytes), exact figures',
      labels,
      series('bytes').map((s) => ({
        ...s,
        values: s.values.map((m) => (m ? { ...m, value: m.value / 1e6, ci95: null } : undefined)),
      })),
      'MB',
      false,
    );
    const perRow = groupedBars(
      `bytes-per-row-${table}`,
      `Bytes per point of ${table}: ${storagePhases.join(' vs ')}`,
      'bytes on disk / rows stored',
      labels,
      series('bytes_per_row'),
      'bytes per row',
      false,
    );
    if (bytes) {
      charts.push(bytes);
    }
    if (perRow) charts.push(perRow);
  }
  return charts;
}

function downsampleCharts(results: Results): ChartSpec[] {
  return phaseIdsOfKind(results, 'downsample').flatMap((phaseId) => {
    const queries = queryNames(results, phaseId, '.aggregate_p50_ms');
    const targets = results.targets.filter((t) => queries.some((q) => metricOn(t, phaseId, `${q}.aggregate_p50_ms`)));
    const labels = targets.flatMap((t) => queries.map((q) => (queries.length > 1 ? [...axisLabel(t), q] : axisLabel(t))));
    const pick = (suffix: string) => targets.flatMap((t) => queries.map((q) => metricOn(t, phaseId, `${q}.${suffix}`)));
    const chart = groupedBars(
      `downsample-${phaseId}`,
      `Aggregate vs raw query p50 (${phaseId}: ${queries.join(', ')})`,
      'same question answered from raw rows and from the pre-computed aggregate, log scale',
      labels,
      [
        { label: 'raw query p50', color: '#9e9e9e', values: pick('raw_p50_ms') },
        { label: 'from aggregate p50', color: '#2ca02c', values: pick('aggregate_p50_ms') },
      ],
      'ms',
      true,
    );
    return chart ? [chart] : [];
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
  if (bound !== null) datasets.push(guide(`SLO: batch p99 <= ${formatNumber(bound)} ms`, [{ x: xMin, y: bound }, { x: xMax, y: bound }], [4, 4]));
  if (needed !== null) datasets.push(guide(`needed rate ${formatNumber(needed)} rows/s`, [{ x: needed, y: lo }, { x: needed, y: hi }], [2, 3]));
  const title = `Batch latency vs ingest rate (${phaseId})`;
  const options = baseOptions(title, 'open-loop steps; latency from the scheduled start; dots: sustained steps, crosses: steps that broke the SLO; log scales');
  return {
    id: `capacity-latency-${phaseId}`,
    title,
    width: 960,
    height: 520,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...options,
        parsing: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'step target rate, rows/s (log scale)' }, ticks: { callback: logTick } },
          y: { type: 'logarithmic', title: { display: true, text: 'batch latency, ms (log scale)' }, ticks: { callback: logTick } },
        },
      },
    } as ChartConfiguration,
  };
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
  const title = `Ingest rate as the table grows (${phaseId})`;
  const options = baseOptions(title, 'closed-loop rows/s of each step, plotted at the table size after the step');
  return {
    id: `capacity-growth-${phaseId}`,
    title,
    width: 900,
    height: 460,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...options,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'rows in the table after the step' } },
          y: { beginAtZero: true, title: { display: true, text: 'rows/s' } },
        },
      },
    } as ChartConfiguration,
  };
}

export interface ProjectionChartOptions {
  /** Chart id (default 'disk-projection'). */
  id?: string;
  /** Legend text of a projection (default: its target id). */
  labelOf?: (target: string) => string;
  /** Line colour of a projection (default: a palette colour by position). */
  colorOf?: (target: string, index: number) => string;
  /** Binary (GiB, the plan command's unit) or decimal (GB/TB, the report's units). Default GiB. */
  unit?: 'GiB' | 'GB' | 'TB';
  /** Named in the title, e.g. the table the bytes per row were measured on. */
  table?: string;
}

const PROJECTION_UNIT_BYTES = { GiB: 1024 ** 3, GB: 1e9, TB: 1e12 } as const;

/** The disk projection (bench/capacity/projection.ts) as disk use per day, one line per target. */
export function projectionChartSpec(projections: EngineProjection[], input: ProjectionInput, opts: ProjectionChartOptions = {}): ChartSpec {
  const unit = opts.unit ?? 'GiB';
  const divisor = PROJECTION_UNIT_BYTES[unit];
  const title = `Projected disk use at ${formatNumber(input.rate)} rows/s${opts.table ? ` (${opts.table})` : ''}`;
  const options = baseOptions(
    title,
    `compression after ${formatNumber(input.compressAfterDays)} d, retention ${formatNumber(input.retentionDays)} d, chunks of ${formatNumber(input.chunkDays)} d; from measured bytes per row`,
  );
  return {
    id: opts.id ?? 'disk-projection',
    title,
    width: 900,
    height: 460,
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
        ...options,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'day' } },
          y: { beginAtZero: true, title: { display: true, text: unit } },
        },
      },
    } as ChartConfiguration,
  };
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

export function chartSpecs(results: Results): ChartSpec[] {
  const specs: (ChartSpec | null)[] = [forestPlotSpec(results, verdictsOf(results))];
  for (const phaseId of phaseIdsOfKind(results, 'preload'))
    specs.push(throughputChart(results, phaseId, 'rows_per_s', `preload-throughput-${phaseId}`, `Bulk load throughput (${phaseId})`));
  for (const phaseId of phaseIdsOfKind(results, 'ingest')) {
    specs.push(
      throughputChart(results, phaseId, 'achieved_rows_per_s', `ingest-throughput-${phaseId}`, `Ingest throughput achieved at the target rate (${phaseId})`),
    );
    specs.push(ingestRateChart(results, phaseId));
    specs.push(latencyDistributionChart(results, phaseId));
  }
  for (const phaseId of phaseIdsOfKind(results, 'query')) specs.push(queryLatencyChart(results, phaseId));
  specs.push(...storageCharts(results));
  specs.push(...downsampleCharts(results));
  specs.push(...capacityCharts(results));
  return specs.filter((s): s is ChartSpec => s !== null);
}
