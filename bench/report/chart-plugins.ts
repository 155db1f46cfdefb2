/**
 * Chart.js plugins for server-side rendering: a white background (PNG has no page behind it)
 * and error bars (whiskers) for confidence intervals, read from the plugin options.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

/** Per dataset index, per data index: [low, high] in data units, or null. */
export interface ErrorBarOptions {
  bars: Record<number, ([number, number] | null)[]>;
  color?: string;
  /** Whiskers along the x axis (forest plot) instead of the y axis. */
  horizontal?: boolean;
}

/** Vertical lines across the chart area at x values (forest plot: 1 = no difference). */
export interface ReferenceLineOptions {
  x: { value: number; color?: string; dash?: number[]; label?: string }[];
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter must match chart.js's declaration to merge with it
  interface PluginOptionsByType<TType extends ChartType> {
    errorBars?: ErrorBarOptions;
    background?: { color?: string };
    referenceLines?: ReferenceLineOptions;
  }
}

export const backgroundPlugin: Plugin = {
  id: 'background',
  beforeDraw(chart: Chart, _args, options: { color?: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options?.color ?? '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export const errorBarsPlugin: Plugin = {
  id: 'errorBars',
  afterDatasetsDraw(chart: Chart, _args, options: ErrorBarOptions) {
    if (!options?.bars) return;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = options.color ?? '#222222';
    ctx.lineWidth = 1.5;
    for (const [indexText, bars] of Object.entries(options.bars)) {
      const datasetIndex = Number(indexText);
      if (!chart.isDatasetVisible(datasetIndex)) continue;
      const meta = chart.getDatasetMeta(datasetIndex);
      const scale = chart.scales[(options.horizontal ? meta.xAxisID : meta.yAxisID) ?? (options.horizontal ? 'x' : 'y')];
      if (!scale) continue;
      meta.data.forEach((element, i) => {
        const bar = bars[i];
        if (!bar || !Number.isFinite(bar[0]) || !Number.isFinite(bar[1])) return;
        if (scale.type === 'logarithmic' && (bar[0] <= 0 || bar[1] <= 0)) return;
        if (options.horizontal) {
          const y = element.y;
          const left = scale.getPixelForValue(bar[0]);
          const right = scale.getPixelForValue(bar[1]);
          ctx.beginPath();
          ctx.moveTo(left, y);
          ctx.lineTo(right, y);
          ctx.moveTo(left, y - 6);
          ctx.lineTo(left, y + 6);
          ctx.moveTo(right, y - 6);
          ctx.lineTo(right, y + 6);
          ctx.stroke();
          return;
        }
        const x = element.x;
        const props = element as unknown as { width?: number };
        const half = Math.max(3, Math.min(8, (props.width ?? 12) / 4));
        const top = scale.getPixelForValue(bar[1]);
        const bottom = scale.getPixelForValue(bar[0]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - half, top);
        ctx.lineTo(x + half, top);
        ctx.moveTo(x - half, bottom);
        ctx.lineTo(x + half, bottom);
        ctx.stroke();
      });
    }
    ctx.restore();
  },
};

export const referenceLinesPlugin: Plugin = {
  id: 'referenceLines',
  beforeDatasetsDraw(chart: Chart, _args, options: ReferenceLineOptions) {
    if (!options?.x?.length) return;
    const scale = chart.scales.x;
    if (!scale) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const line of options.x) {
      if (scale.type === 'logarithmic' && line.value <= 0) continue;
      const x = scale.getPixelForValue(line.value);
      if (!Number.isFinite(x) || x < chartArea.left - 0.5 || x > chartArea.right + 0.5) continue;
      ctx.strokeStyle = line.color ?? '#555555';
      ctx.lineWidth = 1.5;
      ctx.setLineDash(line.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      if (line.label) {
        ctx.setLineDash([]);
        ctx.fillStyle = line.color ?? '#555555';
        const family = (chart.options as { font?: { family?: string } }).font?.family ?? 'DejaVu Sans';
        ctx.font = `11px "${family}"`;
        ctx.textAlign = 'left';
        ctx.fillText(line.label, x + 4, chartArea.top + 12);
      }
    }
    ctx.restore();
  },
};
