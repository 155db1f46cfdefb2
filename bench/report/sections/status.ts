/**
 * The top of every report: the run's status in one line, then one row per target — ok,
 * skipped (unavailable at planning time, with how to get it), failed (the phase and the first
 * line of the error) or incomplete (interrupted).
 */
import type { Results, TargetResult } from '../../core/results.js';
import { banner, table, type Block, type Tone } from '../document.js';
import { DASH } from '../../format/numbers.js';

const RUN_TONE: Record<Results['status'], Tone> = { complete: 'ok', partial: 'warning', failed: 'error', incomplete: 'error' };

const RUN_MEANING: Record<Results['status'], string> = {
  complete: 'every target ran every phase',
  partial: 'some targets were skipped (unavailable at planning time); the others ran',
  failed: 'a target failed while running',
  incomplete: 'the run was interrupted',
};

const firstLine = (text: string): string =>
  text
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim() ?? text.trim();

/** The reason cell of one target's status row. */
export function targetStatusReason(t: TargetResult): string {
  switch (t.status) {
    case 'ok':
      return DASH;
    case 'skipped': {
      const why = t.error ? firstLine(t.error) : 'unavailable at planning time';
      return t.hint ? `${why}; to get it: ${t.hint}` : why;
    }
    case 'failed': {
      const phase = t.failedPhase ?? t.phases.find((p) => p.status === 'failed')?.id;
      const error = t.error ? firstLine(t.error) : 'no error recorded';
      return phase ? `in phase \`${phase}\`: ${error}` : error;
    }
    case 'incomplete':
      return t.error ? firstLine(t.error) : 'interrupted before it finished';
    default:
      return t.error ? firstLine(t.error) : DASH;
  }
}

export function statusBlocks(results: Results): Block[] {
  const status = results.status ?? 'complete';
  const notOk = results.targets.filter((t) => t.status !== 'ok');
  // Older files could call a run complete while a target stopped early: say so rather than "every target ran".
  const meaning = status === 'complete' && notOk.length > 0 ? `but ${notOk.map((t) => `${t.id} is ${t.status}`).join(', ')}` : RUN_MEANING[status];
  const reason = results.statusReason ?? meaning ?? 'no reason recorded';
  const line =
    status === 'complete'
      ? `**Run status: complete** — ${reason}.`
      : `**Run status: ${status.toUpperCase()} — ${reason}.** Figures below cover only what finished; missing figures are shown as ${DASH}.`;
  const rows: string[][] = results.targets.map((t) => [`\`${t.id}\``, t.runtimeLabel, t.status, targetStatusReason(t)]);
  // A planned target without a result never started (e.g. interrupted before it).
  for (const p of results.plan ?? []) {
    if (!results.targets.some((t) => t.id === p.target)) rows.push([`\`${p.target}\``, p.runtime, 'not started', p.reason]);
  }
  const tone = status === 'complete' && notOk.length > 0 ? 'warning' : (RUN_TONE[status] ?? 'warning');
  const blocks: Block[] = [banner(tone, line)];
  if (rows.length > 0) blocks.push(table(['Target', 'Runtime', 'Status', 'Reason'], rows));
  return blocks;
}
