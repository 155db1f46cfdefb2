/** The query section: portable queries (engine comparisons), idiomatic ones apart; its latency chart. */
import { queryById } from '../../queries/catalog.js';
import type { PhaseBlock, PhaseReport, PhaseRow } from '../report-kit.js';

function queriesWith(rows: readonly PhaseRow<'query'>[], suffix: string): string[] {
  const names: string[] = [];
  for (const { phase } of rows)
    for (const key of Object.keys(phase?.metrics ?? {})) if (key.endsWith(suffix) && !names.includes(key.slice(0, -suffix.length))) names.push(key.slice(0, -suffix.length));
  return names;
}

/** Portable queries first (catalogue order), then idiomatic ones; unknown names count as portable. */
function byVariant(queries: string[]): { portable: string[]; idiomatic: string[] } {
  const idiomatic = queries.filter((q) => queryById(q)?.variant === 'idiomatic');
  return { portable: queries.filter((q) => !idiomatic.includes(q)), idiomatic };
}

export const report: PhaseReport<'query'> = {
  section({ phaseId, rows }, k) {
    const { portable, idiomatic } = byVariant(queriesWith(rows, '.p50_ms'));
    const headers = ['Query', 'Target', 'p50', 'Interval (p50, n trials)', 'p99', 'Iterations'];
    const body: string[][] = [];
    const shown = new Set<string>();
    for (const q of portable) {
      for (const { target, phase } of rows) {
        const p50 = phase?.metrics[`${q}.p50_ms`];
        const p99 = phase?.metrics[`${q}.p99_ms`];
        shown.add(`${q}.p50_ms`).add(`${q}.p99_ms`);
        if (!p50) {
          body.push(k.noteRow([`\`${q}\``, k.who(target)], k.statusNote(phase) ?? 'not supported', headers.length));
          continue;
        }
        body.push([`\`${q}\``, k.who(target), k.formatMetric(p50), k.formatMetricInterval(p50), k.formatMetric(p99), String(p50.samples.length)]);
      }
    }
    if (portable.length === 0) {
      for (const { target, phase } of rows) body.push(k.noteRow([k.DASH, k.who(target)], k.statusNote(phase) ?? 'no query metrics', headers.length));
    }
    const blocks: PhaseBlock[] = [
      k.paragraph('**Portable queries**: one SQL text, unchanged, on every SQL engine (and its InfluxQL counterpart). Engine comparisons and claims use these.'),
      k.table(headers, body),
    ];
    if (idiomatic.length > 0) {
      // Only the targets that have an own form: the others answer the question with the portable SQL above.
      const idHeaders = ['Query', 'Same question as', 'Target', 'p50', 'Interval (p50, n trials)', 'p99', 'Iterations', 'Portable p50 ÷ idiomatic p50'];
      const idBody: string[][] = [];
      for (const q of idiomatic) {
        const portableId = queryById(q)?.portableOf ?? k.DASH;
        for (const { target, phase } of rows) {
          const p50 = phase?.metrics[`${q}.p50_ms`];
          const p99 = phase?.metrics[`${q}.p99_ms`];
          shown.add(`${q}.p50_ms`).add(`${q}.p99_ms`);
          if (!p50) continue;
          const portableP50 = phase?.metrics[`${portableId}.p50_ms`];
          idBody.push([
            `\`${q}\``,
            `\`${portableId}\``,
            k.who(target),
            k.formatMetric(p50),
            k.formatMetricInterval(p50),
            k.formatMetric(p99),
            String(p50.samples.length),
            portableP50 && p50.value > 0 ? k.formatRatio(portableP50.value / p50.value) : k.DASH,
          ]);
        }
      }
      blocks.push(
        k.paragraph(
          "**Idiomatic queries**: the same question in an engine's own SQL (e.g. TimescaleDB `last()`/`first()`/`time_bucket`), answers checked against the portable query. " +
            'They show what the engine-specific form gains on that engine; they are not an engine comparison.',
        ),
        k.table(idHeaders, idBody),
      );
    }
    blocks.push(k.chart(`query-latency-${phaseId}`));
    return { blocks, shown };
  },
  charts({ results, phaseId }, c) {
    const queries = c.namesWithSuffix(results, phaseId, '.p50_ms');
    const targets = results.targets.filter((t) => t.phases.some((p) => p.id === phaseId && Object.keys(p.metrics).length > 0));
    const p50s = targets.flatMap((t) => queries.map((q) => c.metricOn(t, phaseId, `${q}.p50_ms`))).filter((m) => m !== undefined);
    const chart = c.groupedBars({
      id: `query-latency-${phaseId}`,
      title: `Query latency p50 per query and target (${phaseId})`,
      subtitle: `whiskers: ${c.intervalWords(p50s)}, hot cache`,
      labels: queries,
      series: targets.map((t) => ({ label: c.targetLabel(t), color: c.colorOf(t), values: queries.map((q) => c.metricOn(t, phaseId, `${q}.p50_ms`)) })),
      yTitle: 'ms',
      log: true,
    });
    return chart ? [chart] : [];
  },
};
