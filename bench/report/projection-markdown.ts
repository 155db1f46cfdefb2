/** `tsdb-bench plan`'s text: the disk projection as a Markdown table with each figure's derivation. */
import type { EngineProjection, ProjectionInput } from '../capacity/projection.js';
import { formatBytes } from '../format/bytes.js';

export function renderProjectionMarkdown(
  projections: EngineProjection[],
  input: ProjectionInput,
  perRow: Map<string, { raw: number; compressed: number | null }>,
  source: string,
  assumed: readonly string[] = [],
): string {
  const lines = [
    `## Disk and memory projection`,
    '',
    `Inputs: ${input.rate.toLocaleString('en-US')} rows/s (${(input.rate * 86_400).toLocaleString('en-US')} rows/day), compression after ${input.compressAfterDays} d, retention ${input.retentionDays} d, chunk interval ${input.chunkDays} d; bytes per row measured in ${source}.`,
    ...(assumed.length ? ['', `Assumed: ${assumed.join('; ')}.`] : []),
    '',
    '| target | raw B/row | compressed B/row | steady-state disk | peak disk (day) | RAM for indexes being written (25% rule) | model |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const p of projections) {
    const r = perRow.get(p.target);
    lines.push(
      `| ${p.target} | ${r ? r.raw.toFixed(1) : '—'} | ${r?.compressed != null ? r.compressed.toFixed(1) : '—'} | ${formatBytes(p.steadyStateBytes)} | ${formatBytes(p.peakBytes)} (day ${p.peakDay}) | ${formatBytes(p.ramForIndexesBytes)} | ${p.note} |`,
    );
  }
  lines.push('', '### How each steady-state figure was derived', '');
  for (const p of projections) {
    lines.push(`- ${p.target}:`);
    for (const d of p.derivation) lines.push(`  - ${d}`);
  }
  lines.push(
    '',
    'Sizes in decimal units (1 GB = 10^9 bytes). Bytes per row come from the measured dataset; they extrapolate linearly and do not model index bloat, WAL, or vacuum lag. ' +
      'Aggregates grow with buckets x keys (one row per bucket and key), not with raw rows: they are projected per bucket x key over the retention window.',
  );
  return lines.join('\n') + '\n';
}
