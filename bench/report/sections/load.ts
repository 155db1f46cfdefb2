/**
 * Machine load around every phase of every target (results: PhaseResult.load): the 1-minute
 * load average before -> after, CPU busy and steal time (each sample: share of CPU time since
 * the previous sample), so noise in a figure can be explained
 * from the report alone. Absent for results files that recorded no load.
 */
import type { LoadSample, Results } from '../../core/results.js';
import { paragraph, table, type Block } from '../document.js';
import { DASH, formatNumber } from '../../format/numbers.js';
import { phaseAcrossTargets, phaseIds } from '../results-view.js';

const loadavg = (s: LoadSample | undefined): string => (s && Array.isArray(s.loadavg) ? formatNumber(s.loadavg[0], 3) : DASH);
const percent = (x: number | null | undefined): string => (typeof x === 'number' && Number.isFinite(x) ? `${formatNumber(x, 3)} %` : DASH);

export function loadBlocks(results: Results): Block[] {
  const rows: string[][] = [];
  let steal = false;
  for (const phaseId of phaseIds(results)) {
    for (const { target, phase } of phaseAcrossTargets(results, phaseId)) {
      const load = phase?.load;
      if (!load) continue;
      const stealAfter = load.after?.stealPercent;
      if (typeof stealAfter === 'number' || typeof load.before?.stealPercent === 'number') steal = true;
      rows.push([
        `\`${phaseId}\``,
        `\`${target.id}\``,
        `${loadavg(load.before)} → ${loadavg(load.after)}`,
        `${percent(load.before?.busyPercent)} → ${percent(load.after?.busyPercent)}`,
        `${percent(load.before?.stealPercent)} → ${percent(stealAfter)}`,
      ]);
    }
  }
  if (rows.length === 0) return [];
  const headers = ['Phase', 'Target', 'Load average (1 min) before → after', 'CPU busy before → after', 'Steal before → after'];
  const shown = steal ? rows : rows.map((r) => r.slice(0, 4));
  return [
    paragraph(
      `**Machine load per phase** (${results.environment?.cores ?? DASH} cores): a load average near or above the core count, or steal time, means other work competed with the engines and figures are noisier.` +
        (steal ? '' : ' Steal time is not visible on this machine.'),
    ),
    table(steal ? headers : headers.slice(0, 4), shown, ['left', 'left', 'right', 'right', 'right']),
  ];
}
