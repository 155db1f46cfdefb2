/** The downsample section (per aggregate: refresh, size, raw vs aggregate latency) and its chart. */
import { aggregateById } from '../../queries/aggregates.js';
import { queryById } from '../../queries/catalog.js';
import type { PhaseBlock, PhaseReport } from '../report-kit.js';

export const report: PhaseReport<'downsample'> = {
  section({ phaseId, rows }, k) {
    // Aggregate ids across targets (metrics `<id>.refresh_ms`), first seen first.
    const aggregates: string[] = [];
    for (const { phase } of rows)
      for (const key of Object.keys(phase?.metrics ?? {}))
        if (key.endsWith('.refresh_ms') && key !== '.refresh_ms' && !aggregates.includes(key.slice(0, -'.refresh_ms'.length))) aggregates.push(key.slice(0, -'.refresh_ms'.length));
    const headers = ['Aggregate', 'Target', 'Object', 'Refresh', 'Size', 'Answers', 'Raw p50', 'From aggregate p50', 'Speed-up'];
    const body: string[][] = [];
    const shown = new Set<string>(['refresh_ms', 'aggregate_bytes']);
    // One block of rows per aggregate: the same aggregate on every engine, side by side.
    for (const id of aggregates) {
      const answers = queryById(aggregateById(id)?.answers.queryId ?? '')?.id ?? k.DASH;
      for (const { target, phase } of rows) {
        const m = phase?.metrics ?? {};
        const note = k.statusNote(phase);
        const refresh = m[`${id}.refresh_ms`];
        if (note || !refresh) {
          body.push(k.noteRow([`\`${id}\``, k.who(target)], note ?? 'not created', headers.length));
          continue;
        }
        const raw = m[`${id}.raw_p50_ms`];
        const agg = m[`${id}.aggregate_p50_ms`];
        for (const name of ['refresh_ms', 'bytes', 'raw_p50_ms', 'aggregate_p50_ms']) shown.add(`${id}.${name}`);
        body.push([
          `\`${id}\``,
          k.who(target),
          phase?.details?.aggregates?.find((a) => a.name === id)?.object ?? k.DASH,
          k.formatMetric(refresh),
          k.formatMetric(m[`${id}.bytes`]),
          `\`${answers}\``,
          k.formatMetric(raw),
          k.formatMetric(agg),
          raw && agg && agg.value > 0 ? k.formatRatio(raw.value / agg.value) : k.DASH,
        ]);
      }
    }
    if (aggregates.length === 0) {
      for (const { target, phase } of rows) body.push(k.noteRow([k.DASH, k.who(target)], k.statusNote(phase) ?? 'no aggregate metrics', headers.length));
    }
    const totals = rows.flatMap(({ target, phase }) =>
      phase?.metrics.refresh_ms ? [`${target.id}: ${k.formatMetric(phase.metrics.refresh_ms)} refresh, ${k.formatMetric(phase.metrics.aggregate_bytes)}`] : [],
    );
    const blocks: PhaseBlock[] = [
      k.paragraph(
        "The same aggregate set on every engine that supports downsampling (bench/queries/aggregates.ts), each refreshed and measured alone; the answer from the aggregate is checked equal to the raw query's.",
      ),
      k.table(headers, body),
    ];
    if (totals.length) blocks.push(k.paragraph(`All aggregates: ${totals.join('; ')}.`));
    blocks.push(k.chart(`downsample-${phaseId}`));
    return { blocks, shown };
  },
  charts({ results, phaseId }, c) {
    const queries = c.namesWithSuffix(results, phaseId, '.aggregate_p50_ms');
    const targets = results.targets.filter((t) => queries.some((q) => c.metricOn(t, phaseId, `${q}.aggregate_p50_ms`)));
    const labels = targets.flatMap((t) => queries.map((q) => (queries.length > 1 ? [...c.axisLabel(t), q] : c.axisLabel(t))));
    const pick = (suffix: string) => targets.flatMap((t) => queries.map((q) => c.metricOn(t, phaseId, `${q}.${suffix}`)));
    const chart = c.groupedBars({
      id: `downsample-${phaseId}`,
      title: `Aggregate vs raw query p50 (${phaseId}: ${queries.join(', ')})`,
      subtitle: 'same question answered from raw rows and from the pre-computed aggregate, log scale',
      labels,
      series: [
        { label: 'raw query p50', color: '#9e9e9e', values: pick('raw_p50_ms') },
        { label: 'from aggregate p50', color: '#2ca02c', values: pick('aggregate_p50_ms') },
      ],
      yTitle: 'ms',
      log: true,
    });
    return chart ? [chart] : [];
  },
};
