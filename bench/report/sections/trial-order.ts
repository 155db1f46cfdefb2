/**
 * The interleaving of a run, compactly: targets get letters (A = postgres@native, ...), then
 * per phase the order of every round: "preload: trial 1 A,B; trial 2 B,A; ...".
 */
import type { Results, TrialRound } from '../../core/results.js';
import { list, paragraph, type Block } from '../document.js';

/** A, B, ..., Z, then T27, T28, ... (never ambiguous). */
function letter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `T${i + 1}`;
}

export function trialOrderLines(rounds: readonly TrialRound[], letters: Map<string, string>): string[] {
  const byPhase = new Map<string, TrialRound[]>();
  for (const r of rounds) byPhase.set(r.phase, [...(byPhase.get(r.phase) ?? []), r]);
  return [...byPhase.entries()].map(([phase, rs]) => {
    const trials = [...rs].sort((a, b) => a.trial - b.trial).map((r) => `trial ${r.trial} ${r.order.map((id) => letters.get(id) ?? id).join(',')}`);
    return `\`${phase}\`: ${trials.join('; ')}`;
  });
}

export function trialOrderBlocks(results: Results): Block[] {
  const rounds = Array.isArray(results.trialOrder) ? results.trialOrder : [];
  if (rounds.length === 0) {
    return [paragraph('Trial order: not recorded in this results file (written before interleaved trials: targets ran one after another).')];
  }
  const ids: string[] = results.targets.map((t) => t.id);
  for (const r of rounds) for (const id of r.order) if (!ids.includes(id)) ids.push(id);
  const letters = new Map(ids.map((id, i) => [id, letter(i)]));
  const legend = ids.filter((id) => rounds.some((r) => r.order.includes(id))).map((id) => `${letters.get(id)} = \`${id}\``);
  return [
    paragraph(
      `**Trial order** (interleaved: every measured phase runs trial by trial across targets, the order rotated per round, so drift hits every target alike). ${legend.join(', ')}.`,
    ),
    list(trialOrderLines(rounds, letters)),
  ];
}
