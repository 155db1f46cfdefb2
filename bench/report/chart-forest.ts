/**
 * Forest plot of the ratio claims: one row per verdict, the measured ratio as a dot coloured by
 * its verdict, the interval it was decided on as whiskers, the claimed factor as a grey bar on
 * the same row, and a dashed line at 1 (no difference), on a log x axis (a ratio of 10 and one
 * of 0.1 are equally far from 1). Each row's label carries n and the interval kind. Threshold
 * claims (absolute values) are not ratios: the verdict section lists them beside the chart.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Results } from '../core/results.js';
import { baseOptions, logTick, type ChartSpec } from './chart-common.js';
import type { ErrorBarOptions, ReferenceLineOptions } from './chart-plugins.js';
import { comparedWithRuntime, intervalKindText, verdictView, type VerdictView } from './verdict-view.js';

export const FOREST_CHART_ID = 'claims-forest';
export const FOREST_TITLE = 'Claims: measured ratio with its interval vs the claimed factor';

export const VERDICT_COLOR = { confirmed: '#2ca02c', refuted: '#d62728', inconclusive: '#7f7f7f' } as const;

/** Verdicts the forest plot shows: ratio claims with a positive measured ratio. */
export function forestVerdicts(results: Results, verdicts: Results['claims']): VerdictView[] {
  return verdicts.map((v) => verdictView(results, v)).filter((view) => view.kind === 'ratio' && typeof view.verdict.measured === 'number' && view.verdict.measured > 0);
}

/** Row label: claim id, what was compared on which runtime, then n and the interval kind. */
export function forestLabel(results: Results, view: VerdictView): string[] {
  const compared = comparedWithRuntime(results, view);
  const interval = view.intervalKind === 'exact' ? 'exact figures' : `${view.n !== null ? `n=${view.n}` : 'n=—'} · ${intervalKindText(view)}`;
  return [view.verdict.id, ...(compared ? [compared] : []), interval];
}

export function forestPlotSpec(results: Results, verdicts: Results['claims']): ChartSpec | null {
  const views = forestVerdicts(results, verdicts);
  if (views.length === 0) return null;
  const labels = views.map((view) => forestLabel(results, view));
  // Category labels are matched by value: use the joined text as the key of each row.
  const keys = labels.map((l) => l.join('\n'));
  const measured = views.map((v, i) => ({ x: v.verdict.measured as number, y: keys[i] }));
  const factors = views.flatMap((v, i) => (v.factor !== null && v.factor > 0 ? [{ x: v.factor, y: keys[i] }] : []));
  // An exact figure's interval is its value: no whiskers.
  const intervals = views.map((v) => {
    const ci = v.verdict.ci95;
    return ci && ci[0] > 0 && ci[1] > 0 && ci[0] !== ci[1] ? ci : null;
  });
  const xs = [1, ...measured.map((p) => p.x), ...factors.map((p) => p.x), ...intervals.flatMap((c) => (c ? c : []))];
  const min = Math.min(...xs) / 1.6;
  const max = Math.max(...xs) * 1.6;
  const bars: ErrorBarOptions = { bars: { 0: intervals }, horizontal: true };
  const references: ReferenceLineOptions = { x: [{ value: 1, dash: [5, 4], color: '#444444', label: '1 = equal' }] };
  const options = baseOptions(FOREST_TITLE);
  const subtitle = [
    '> 1: the claimed engine is better. Dot: measured ratio (green confirmed, red refuted, grey inconclusive);',
    'whiskers: the interval the verdict was decided on; grey bar: the claimed factor; dashed line: 1; log scale',
  ];
  const height = Math.max(280, 140 + 66 * views.length);
  return {
    id: FOREST_CHART_ID,
    title: FOREST_TITLE,
    width: 1100,
    height,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'measured ratio',
            data: measured,
            pointRadius: 6,
            pointHoverRadius: 6,
            pointBackgroundColor: views.map((v) => VERDICT_COLOR[v.verdict.verdict] ?? VERDICT_COLOR.inconclusive),
            pointBorderColor: '#222222',
            backgroundColor: VERDICT_COLOR.inconclusive,
            borderColor: '#222222',
          },
          {
            label: 'claimed factor',
            data: factors,
            pointStyle: 'line',
            rotation: 90,
            pointRadius: 11,
            borderWidth: 4,
            borderColor: '#9e9e9e',
            backgroundColor: '#9e9e9e',
          },
        ],
      },
      options: {
        ...options,
        plugins: {
          ...options.plugins,
          subtitle: { display: true, text: subtitle, padding: { bottom: 8 } },
          // The subtitle explains the marks; a legend would take its colour from the first dot.
          legend: { display: false },
          errorBars: bars,
          referenceLines: references,
        },
        scales: {
          x: {
            type: 'logarithmic',
            min,
            max,
            title: { display: true, text: 'ratio, claimed engine vs baseline (log scale)' },
            ticks: { callback: logTick, maxRotation: 0, autoSkip: false },
          },
          y: {
            type: 'category',
            labels: keys,
            offset: true,
            ticks: { callback: (_value: unknown, index: number) => labels[index] ?? '' },
            grid: { display: false },
          },
        },
      },
    } as unknown as ChartConfiguration,
  };
}
