/** Warnings a reader must see before trusting a figure. */
import type { Results } from '../../core/results.js';
import { coefficientOfVariation } from '../../measure/stats.js';
import { heading, list, paragraph, type Block } from '../document.js';

export const CV_LIMIT = 0.1;

export function collectWarnings(results: Results): string[] {
  const out: string[] = [];
  if (results.status !== 'complete') out.push(`Run ${results.status}: ${results.statusReason ?? 'no reason recorded'}.`);
  const runtimes = [...new Set(results.targets.map((t) => t.runtimeLabel))];
  if (runtimes.length > 1) {
    out.push(`Mixed runtimes (${runtimes.join(', ')}): figures from different runtime kinds are not comparable; ` + 'ratios and verdicts use only same-runtime pairs.');
  }
  const embedded = results.targets.filter((t) => t.runtime === 'embedded');
  if (embedded.length) {
    out.push(
      `Embedded (WASM) figures (${embedded.map((t) => t.id).join(', ')}): PostgreSQL compiled to WebAssembly, in-process, no background workers; ` +
        "loads and queries run slower than a native server. Compare them with each other only. Storage byte counts equal native PostgreSQL's for the same table.",
    );
  }
  for (const t of results.targets) {
    if (t.status === 'failed' || t.status === 'incomplete' || t.status === 'skipped') out.push(`Target ${t.id} ${t.status}${t.error ? `: ${t.error}` : ''}.`);
    for (const p of t.phases) {
      if (p.status === 'failed') out.push(`${t.id} phase ${p.id} failed${p.message ? `: ${p.message}` : ''}.`);
      for (const w of p.warnings) out.push(`${t.id} phase ${p.id}: ${w}`);
      for (const [name, m] of Object.entries(p.metrics)) {
        if (m.sampleKind !== 'trial' || m.samples.length < 2) continue;
        const cv = coefficientOfVariation(m.samples);
        if (Number.isFinite(cv) && cv > CV_LIMIT) {
          out.push(`${t.id} ${p.id}.${name}: trials vary by ${(cv * 100).toFixed(1)}% (coefficient of variation > ${CV_LIMIT * 100}%); treat the figure with care.`);
        }
      }
    }
  }
  for (const a of results.answers) if (a.status === 'mismatch') out.push(`Answers differ for query ${a.query} (see Answer check).`);
  out.push(...results.warnings);
  return out;
}

export function warningBlocks(results: Results): Block[] {
  const warnings = collectWarnings(results);
  return [heading(2, 'Warnings'), warnings.length ? list(warnings) : paragraph('None.')];
}
