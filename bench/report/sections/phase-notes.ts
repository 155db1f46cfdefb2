/**
 * What every phase table needs beside its figures: how the intervals were formed (once per
 * phase), metrics that could not be measured ("no data — <reason>", never 0), and whether the
 * phase's trials append to the same table (ingest: the table grows trial by trial).
 */
import type { PhaseResult, TargetResult } from '../../core/results.js';
import { list, paragraph, type Block } from '../document.js';
import { DASH } from '../../format/numbers.js';
import { formatMetric } from '../../format/metric.js';

interface Row {
  target: TargetResult;
  phase: PhaseResult | undefined;
}

/** "no data — <reason>" for a metric the phase recorded as unmeasurable, else null. */
export function noDataText(phase: PhaseResult | undefined, key: string): string | null {
  const reason = phase?.noData?.[key];
  return typeof reason === 'string' ? `no data — ${reason}` : null;
}

/** A metric cell: its value, else "no data — reason", else —. */
export function metricCell(phase: PhaseResult | undefined, key: string, format: (m: PhaseResult['metrics'][string]) => string = formatMetric): string {
  const m = phase?.metrics[key];
  if (m) return format(m);
  return noDataText(phase, key) ?? DASH;
}

/** The note of a row whose headline metrics are all missing: the first no-data reason of `keys`. */
export function noDataNote(phase: PhaseResult | undefined, keys: readonly string[]): string | null {
  for (const k of keys) {
    const text = noDataText(phase, k);
    if (text) return text;
  }
  return null;
}

const who = (t: TargetResult) => `\`${t.id}\``;

/** Distinct interval methods of the phase's metrics, each with the targets that used it. */
function intervalMethodBlocks(rows: readonly Row[]): Block[] {
  const byMethod = new Map<string, string[]>();
  for (const { target, phase } of rows) {
    for (const m of Object.values(phase?.metrics ?? {})) {
      if (typeof m.intervalMethod !== 'string' || m.intervalMethod === '') continue;
      const targets = byMethod.get(m.intervalMethod) ?? [];
      if (!targets.includes(who(target))) targets.push(who(target));
      byMethod.set(m.intervalMethod, targets);
    }
  }
  if (byMethod.size === 0) return [];
  if (byMethod.size === 1) return [paragraph(`Intervals: ${[...byMethod.keys()][0]}.`)];
  return [paragraph('Intervals:'), list([...byMethod.entries()].map(([method, targets]) => `${method} (${targets.join(', ')})`))];
}

function noDataBlocks(rows: readonly Row[]): Block[] {
  const items: string[] = [];
  for (const { target, phase } of rows) {
    for (const [key, reason] of Object.entries(phase?.noData ?? {})) items.push(`${who(target)} \`${key}\`: no data — ${reason}`);
  }
  return items.length ? [paragraph('**No data** (not measured, so not reported as 0; a claim on one is inconclusive):'), list(items)] : [];
}

function appendBlocks(rows: readonly Row[]): Block[] {
  const appending = rows.filter(({ phase }) => {
    const details = phase?.details;
    return details !== undefined && 'trialsAppend' in details && details.trialsAppend === true;
  });
  if (appending.length === 0) return [];
  return [
    paragraph(
      `**Trials append**: each trial of this phase appends its rows to the same table (${appending.map(({ target }) => who(target)).join(', ')}), ` +
        'so the table grows trial by trial and later trials write into a larger table; trials are not independent repeats of one table state.',
    ),
  ];
}

export function phaseNoteBlocks(rows: readonly Row[]): Block[] {
  return [...intervalMethodBlocks(rows), ...noDataBlocks(rows), ...appendBlocks(rows)];
}
