/** The preload section: rows, throughput with its interval, method; and its throughput chart. */
import type { PhaseReport } from '../report-kit.js';

export const report: PhaseReport<'preload'> = {
  section({ phaseId, spec, rows }, k) {
    const headers = ['Target', 'Rows', 'Throughput', 'Interval (n)', 'Trials', 'Method'];
    const body = rows.map(({ target, phase }) => {
      const note = k.statusNote(phase);
      const m = phase?.metrics.rows_per_s;
      if (!m) return k.noteRow([k.who(target)], note ?? k.noDataNote(phase, ['rows_per_s']) ?? k.DASH, headers.length);
      const rowsLoaded = spec?.rows ?? phase?.trials[0]?.rows;
      return [k.who(target), k.formatCount(rowsLoaded), k.formatMetric(m), k.formatMetricInterval(m), String(m.samples.length), phase?.details?.method ?? k.DASH];
    });
    return { blocks: [k.table(headers, body), k.chart(`preload-throughput-${phaseId}`)], shown: new Set(['rows_per_s']) };
  },
  charts({ results, phaseId }, c) {
    const chart = c.metricBars(results, phaseId, 'rows_per_s', `preload-throughput-${phaseId}`, `Bulk load throughput (${phaseId})`);
    return chart ? [chart] : [];
  },
};
