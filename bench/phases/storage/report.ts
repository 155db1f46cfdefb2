/** The storage section (bytes, bytes/row, allocated vs engine figures) and the storage charts. */
import type { ChartSpec, PhaseBlock, PhaseReport } from '../report-kit.js';

export const report: PhaseReport<'storage'> = {
  section({ phaseId, rows, idsOfKind }, k) {
    const headers = ['Target', 'Table', 'Rows', 'Bytes', 'Bytes/row', 'Allocated on disk', 'Engine figures'];
    const body: string[][] = [];
    const shown = new Set<string>();
    for (const { target, phase } of rows) {
      const details = phase?.details?.tables ?? [];
      const tables = details.length
        ? details.map((d) => d.table)
        : Object.keys(phase?.metrics ?? {})
            .filter((key) => key.endsWith('.bytes'))
            .map((key) => key.slice(0, -'.bytes'.length));
      if (tables.length === 0) {
        body.push(k.noteRow([k.who(target)], k.statusNote(phase) ?? 'no storage figures', headers.length));
        continue;
      }
      for (const t of tables) {
        const d = details.find((x) => x.table === t);
        const bytes = phase?.metrics[`${t}.bytes`];
        const perRow = phase?.metrics[`${t}.bytes_per_row`];
        shown.add(`${t}.bytes`).add(`${t}.bytes_per_row`);
        const engine = d
          ? Object.entries(d.engineBytes ?? {})
              .map(([name, v]) => `${name}${name === d.primary ? ' (primary)' : ''}: ${k.formatBytes(v)}`)
              .join(', ') || k.DASH
          : k.DASH;
        body.push([
          k.who(target),
          `\`${t}\``,
          k.formatCount(d?.rows),
          k.formatMetric(bytes),
          perRow ? k.formatValue(perRow.value, perRow.unit) : k.formatValue(d?.bytesPerRow, 'bytes/row'),
          k.formatBytes(d?.allocatedBytes),
          engine,
        ]);
      }
    }
    const blocks: PhaseBlock[] = [
      k.table(headers, body),
      k.paragraph('Sizes in decimal units (1 MB = 10^6 bytes). "Allocated on disk" is — where the runtime cannot see the files (embedded in-memory, external).'),
    ];
    // The storage charts compare every storage phase: placed once, after the last one.
    if (phaseId === idsOfKind[idsOfKind.length - 1]) blocks.push(k.chart('storage', true), k.chart('bytes-per-row', true));
    return { blocks, shown };
  },
  charts({ results, phaseId, idsOfKind }, c) {
    if (phaseId !== idsOfKind[idsOfKind.length - 1]) return [];
    const tables = new Set<string>();
    for (const t of results.targets)
      for (const p of t.phases) if (idsOfKind.includes(p.id)) for (const key of Object.keys(p.metrics)) if (key.endsWith('.bytes')) tables.add(key.slice(0, -'.bytes'.length));
    const targets = results.targets.filter((t) => t.phases.some((p) => idsOfKind.includes(p.id) && p.status === 'ok'));
    const labels = targets.map((t) => c.axisLabel(t));
    const shades = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d'];
    const charts: ChartSpec[] = [];
    for (const table of tables) {
      const series = (suffix: string) =>
        idsOfKind.map((id, i) => ({ label: id, color: shades[i % shades.length], values: targets.map((t) => c.metricOn(t, id, `${table}.${suffix}`)) }));
      const bytes = c.groupedBars({
        id: `storage-${table}`,
        title: `Storage of ${table}: ${idsOfKind.join(' vs ')}`,
        subtitle: 'bytes on disk per target and storage phase (MB = 10^6 bytes), exact figures',
        labels,
        series: series('bytes').map((s) => ({ ...s, values: s.values.map((m) => (m ? { ...m, value: m.value / 1e6, ci95: null } : undefined)) })),
        yTitle: 'MB',
        log: false,
      });
      const perRow = c.groupedBars({
        id: `bytes-per-row-${table}`,
        title: `Bytes per point of ${table}: ${idsOfKind.join(' vs ')}`,
        subtitle: 'bytes on disk / rows stored',
        labels,
        series: series('bytes_per_row'),
        yTitle: 'bytes per row',
        log: false,
      });
      if (bytes) charts.push(bytes);
      if (perRow) charts.push(perRow);
    }
    return charts;
  },
};
