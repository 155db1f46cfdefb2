/** The ingest section (rate, latency percentiles, lag, dropped/late) and its three charts. */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { LatencySummary } from '../../core/results.js';
import { median } from '../../measure/stats.js';
import type { ChartKit, ChartSpec, PhaseReport, PhaseView } from '../report-kit.js';

const PERCENTILES = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const satisfies readonly (keyof LatencySummary)[];

function rateChart({ phaseId, spec, rows }: PhaseView<'ingest'>, c: ChartKit): ChartSpec | null {
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = [];
  const firstOfTarget = new Set<number>();
  let targetRate: number | null = null;
  for (const { target: t, phase } of rows) {
    phase?.trials.forEach((trial, k) => {
      // Partial intervals (the trial's tail) are left out: see bench/report/rate-intervals.ts.
      const points = c.rateChartPoints(trial.intervals ?? [], spec?.intervalMs ?? null);
      if (points.length === 0) return;
      if (typeof trial.targetRate === 'number') targetRate = trial.targetRate;
      if (!datasets.some((d) => d.label === c.targetLabel(t))) firstOfTarget.add(datasets.length);
      datasets.push({
        label: c.targetLabel(t),
        data: points,
        borderColor: c.colorOf(t),
        backgroundColor: c.colorOf(t),
        borderWidth: 1.5,
        borderDash: k === 0 ? [] : k === 1 ? [6, 3] : [2, 2],
        pointRadius: 0,
      });
    });
  }
  if (datasets.length === 0) return null;
  const title = `Ingest rate over time (${phaseId})`;
  const subtitle = `rows/s per whole reporting interval (partial tail intervals left out); trials 1/2/3 solid/dashed/dotted${targetRate !== null ? `; target ${c.formatNumber(targetRate)} rows/s (grey)` : ''}`;
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
  const keep = new Set(firstOfTarget);
  return c.envelope({
    id: `ingest-rate-${phaseId}`,
    title,
    subtitle,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        plugins: {
          legend: {
            display: true,
            position: 'bottom',
            // One legend entry per target (trials share the colour; dash = trial).
            labels: { filter: (item) => keep.has(item.datasetIndex ?? -1) || item.text === 'target rate' },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'seconds since trial start' } },
          y: { title: { display: true, text: 'rows/s' } },
        },
      },
    } as ChartConfiguration,
  });
}

function latencyChart({ phaseId, rows }: PhaseView<'ingest'>, c: ChartKit): ChartSpec | null {
  const datasets: ChartDataset<'line'>[] = [];
  for (const { target: t, phase } of rows) {
    const summaries = (phase?.trials ?? []).map((trial) => trial.latency).filter((l): l is LatencySummary => typeof l?.p50 === 'number');
    if (summaries.length === 0) continue;
    datasets.push({
      label: `${c.targetLabel(t)} (median of ${summaries.length} trials)`,
      data: PERCENTILES.map((p) => {
        const values = summaries.map((s) => s[p]).filter(Number.isFinite);
        return values.length ? median(values) : null;
      }) as number[],
      borderColor: c.colorOf(t),
      backgroundColor: c.colorOf(t),
      pointRadius: 4,
      borderWidth: 2,
    });
  }
  if (datasets.length === 0) return null;
  return c.envelope({
    id: `latency-${phaseId}`,
    title: `Ingest latency distribution (${phaseId})`,
    subtitle: 'batch latency from the scheduled start (coordinated-omission corrected), log scale',
    config: {
      type: 'line',
      data: { labels: [...PERCENTILES], datasets },
      options: {
        scales: {
          x: { title: { display: true, text: 'percentile' } },
          y: { type: 'logarithmic', title: { display: true, text: 'ms (log scale)' } },
        },
      },
    },
  });
}

export const report: PhaseReport<'ingest'> = {
  section({ phaseId, rows }, k) {
    const headers = ['Target', 'Target rate', 'Achieved (interval, n)', 'p50', 'p99', 'p99.9', 'Lag p99', 'Dropped', 'Late'];
    const total = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) : null);
    const body = rows.map(({ target, phase }) => {
      const note = k.statusNote(phase);
      const m = phase?.metrics ?? {};
      // No figures and no recorded reason per metric: one note for the row; else each cell says what it has.
      if (!m.achieved_rows_per_s && !m.latency_p50_ms && (note || !k.noDataNote(phase, ['achieved_rows_per_s', 'latency_p50_ms'])))
        return k.noteRow([k.who(target)], note ?? k.DASH, headers.length);
      const trials = phase?.trials ?? [];
      const rate = phase?.details?.targetRate ?? trials[0]?.targetRate;
      return [
        k.who(target),
        k.formatRate(rate),
        k.metricCell(phase, 'achieved_rows_per_s', k.formatMetricWithCI),
        k.metricCell(phase, 'latency_p50_ms'),
        k.metricCell(phase, 'latency_p99_ms'),
        k.metricCell(phase, 'latency_p999_ms'),
        k.metricCell(phase, 'lag_p99_ms'),
        k.formatCount(total(trials.map((t) => t.dropped).filter(Number.isFinite))),
        k.formatCount(total(trials.map((t) => t.late).filter(Number.isFinite))),
      ];
    });
    return {
      blocks: [
        k.table(headers, body),
        k.paragraph("Latency percentiles: median over trials of each trial's HDR-histogram percentile; dropped and late: totals over trials."),
        k.chart(`ingest-throughput-${phaseId}`),
        k.chart(`ingest-rate-${phaseId}`),
        k.chart(`latency-${phaseId}`),
      ],
      shown: new Set(['achieved_rows_per_s', 'latency_p50_ms', 'latency_p99_ms', 'latency_p999_ms', 'lag_p99_ms']),
    };
  },
  charts(view, c) {
    const { results, phaseId } = view;
    return [
      c.metricBars(results, phaseId, 'achieved_rows_per_s', `ingest-throughput-${phaseId}`, `Ingest throughput achieved at the target rate (${phaseId})`),
      rateChart(view, c),
      latencyChart(view, c),
    ].filter((s): s is ChartSpec => s !== null);
  },
};
