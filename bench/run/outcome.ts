/**
 * What a finished run means for the exit code and the console: the per-target status table
 * printed at the end, and the exit code from results.json alone.
 *
 * Exit codes: 3 when a target failed while running, answers differ, or a gate claim lost its
 * data or has no interval to be decided on (a gate must never pass silently); 3 with --strict when a target was skipped; 1 when a
 * gate claim was refuted; 0 otherwise (a partial run — some targets unavailable on this
 * machine — is a success unless --strict).
 */
import type { ClaimVerdict, Results } from '../core/results.js';

export interface RunExit {
  code: 0 | 1 | 3;
  /** One line per reason the code is not 0. */
  reasons: string[];
}

function missingData(v: ClaimVerdict): boolean {
  return v.verdict === 'inconclusive' && v.measured === null;
}

/** A value but no interval to decide on (e.g. 2 trials): a gate on it would never fire. */
function undecidable(v: ClaimVerdict): boolean {
  return v.verdict === 'inconclusive' && v.ci95 === null && v.intervalKind !== 'exact';
}

export function runExit(results: Results, opts: { strict: boolean }): RunExit {
  const reasons: string[] = [];
  const failed = results.targets.filter((t) => t.status === 'failed');
  for (const t of failed) reasons.push(`${t.id} failed${t.failedPhase ? ` in phase ${t.failedPhase}` : ''}: ${t.error ?? 'unknown error'}`);
  for (const a of results.answers.filter((x) => x.status === 'mismatch')) reasons.push(`answers differ for ${a.query}`);
  for (const v of results.claims.filter((c) => c.gate && missingData(c))) reasons.push(`gate claim ${v.id} has no data: ${v.reason}`);
  for (const v of results.claims.filter((c) => c.gate && !missingData(c) && undecidable(c))) reasons.push(`gate claim ${v.id} cannot be decided (no interval): ${v.reason}`);
  const skipped = results.targets.filter((t) => t.status === 'skipped');
  if (opts.strict) for (const t of skipped) reasons.push(`${t.id} skipped (--strict): ${t.error ?? ''}`);
  if (results.targets.length > 0 && !results.targets.some((t) => t.status === 'ok')) reasons.push('no target could run: nothing was measured');
  if (reasons.length > 0) return { code: 3, reasons };
  const refuted = results.claims.filter((c) => c.gate && c.verdict === 'refuted');
  if (refuted.length > 0) return { code: 1, reasons: refuted.map((c) => `gate claim ${c.id} refuted: ${c.reason}`) };
  return { code: 0, reasons: [] };
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0];
}

/** The console table: one line per target with its status and, when not ok, why. */
export function statusTable(results: Results): string {
  const rows = results.targets.map((t) => {
    const why =
      t.status === 'ok'
        ? `${t.engineVersion ?? ''} on ${t.runtimeLabel}`
        : t.status === 'skipped'
          ? `${firstLine(t.error)}${t.hint ? ` — to include it: ${t.hint}` : ''}`
          : `${t.failedPhase ? `phase ${t.failedPhase}: ` : ''}${firstLine(t.error)}`;
    return [t.id, t.status.toUpperCase(), why];
  });
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(6, ...rows.map((r) => r[1].length));
  const line = (r: string[]) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`;
  const head = `Status: ${results.status.toUpperCase()}${results.statusReason ? ` — ${results.statusReason}` : ''}`;
  return [head, line(['target', 'status', 'details']), ...rows.map(line)].join('\n');
}
