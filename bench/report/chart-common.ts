/** What every chart spec shares: the spec shape, base options (chart-specs.ts envelope() applies them), log-axis tick labels. */
import { formatNumber } from '../format/numbers.js';

// One chart spec type for the phases' charts and the report's (bench/phases/report-kit.ts).
export type { ChartSpec } from '../phases/report-kit.js';

export function baseOptions(title: string, subtitle?: string) {
  return {
    animation: false as const,
    responsive: false,
    maintainAspectRatio: false,
    plugins: {
      title: { display: true, text: title, font: { size: 15, weight: 'bold' as const } },
      subtitle: { display: Boolean(subtitle), text: subtitle ?? '', padding: { bottom: 8 } },
      legend: { display: true, position: 'bottom' as const },
      background: { color: '#ffffff' },
    },
  };
}

/** Log-axis tick label: only 1, 2 and 5 x 10^n are labelled, so labels never collide. */
export function logTick(value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? formatNumber(v) : '';
}
