/**
 * Chart.js plugins for server-side rendering: a white background (PNG has no page behind it)
 * and error bars (whiskers) for confidence intervals, read from the plugin options.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

/** Per dataset index, per data index: [low, high] in data units, or null. */
export interface ErrorBarOptions {
  bars: Record<number, ([number, number] | null)[]>;
  color?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    errorBars?: ErrorBarOptions;
    background?: { color?: string };
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
      const scale = chart.scales[meta.yAxisID ?? 'y'];
      if (!scale) continue;
      meta.data.forEach((element, i) => {
        const bar = bars[i];
        if (!bar || !Number.isFinite(bar[0]) || !Number.isFinite(bar[1])) return;
        if (scale.type === 'logarithmic' && (bar[0] <= 0 || bar[1] <= 0)) return;
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
