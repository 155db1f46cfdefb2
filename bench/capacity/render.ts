/** Text renderings of a disk projection: a Markdown table and a compact day-by-day listing. */
import type { EngineProjection, ProjectionInput } from './projection.js';

export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function renderProjectionMarkdown(
  projections: EngineProjection[],
  input: ProjectionInput,
  perRow: Map<string, { raw: number; compressed: number | null }>,
  source: string,
): string {
  const lines = [
    `## Disk and memory projection`,
    '',
    `Inputs: ${input.rate.toLocaleString('en-US')} rows/s (${(input.rate * 86_400).toLocaleString('en-US')} rows/day), compression after ${input.compressAfterDays} d, retention ${input.retentionDays} d, chunk interval ${input.chunkDays} d; bytes per row measured in ${source}.`,
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
    'Bytes per row come from the measured dataset; they extrapolate linearly and do not model index bloat, WAL, or vacuum lag. ' +
      'Aggregates grow with buckets x keys (one row per bucket and key), not with raw rows: they are projected per bucket x key over the retention window.',
  );
  return lines.join('\n') + '\n';
}
