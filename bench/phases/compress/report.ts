/** The compress section: run time with its interval, ratio per table, method. */
import type { PhaseReport } from '../report-kit.js';

export const report: PhaseReport<'compress'> = {
  section({ rows }, k) {
    const headers = ['Target', 'Status', 'Duration', 'Interval (n)', 'Compression ratio', 'Method'];
    const shown = new Set<string>(['duration_ms']);
    const body = rows.map(({ target, phase }) => {
      const m = phase?.metrics ?? {};
      const ratios = Object.entries(m).filter(([key]) => key.endsWith('.compression_ratio'));
      ratios.forEach(([key]) => shown.add(key));
      const note = k.statusNote(phase);
      if (note) return k.noteRow([k.who(target)], note, headers.length);
      return [
        k.who(target),
        'ok',
        k.formatMetric(m.duration_ms),
        k.formatMetricInterval(m.duration_ms),
        ratios.map(([key, r]) => `${key.replace('.compression_ratio', '')}: ${k.formatRatio(r.value)}`).join(', ') || k.DASH,
        phase?.details?.method ?? k.DASH,
      ];
    });
    return { blocks: [k.table(headers, body)], shown };
  },
};
