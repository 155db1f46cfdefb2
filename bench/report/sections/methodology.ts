/** "How each number was obtained": one text per phase kind, plus the facts each phase recorded. */
import type { PhaseSpec } from '../../core/scenario.js';
import type { Results } from '../../core/results.js';
import { heading, list, paragraph, type Block } from '../document.js';
import { formatCount, formatDuration, formatRate } from '../format.js';
import { phaseAcrossTargets, phaseIds, phaseKind } from '../results-view.js';

type Spec = Record<string, unknown>;
const num = (s: Spec | undefined, k: string): number | null => (typeof s?.[k] === 'number' ? (s[k] as number) : null);

const TEXTS: Record<string, (s: Spec | undefined, results: Results) => string> = {
  preload: (s, r) =>
    `Closed-loop bulk load of ${formatCount(num(s, 'rows'))} rows of \`${String(s?.table ?? '')}\` generated from seed ${r.dataset.seed}, ` +
    `in batches of ${formatCount(num(s, 'batchSize'))}. Throughput per trial = rows / wall time from the first send to the last acknowledgement ` +
    '(generation and encoding included and reported as harnessMs); the headline is the median over trials with a 95% bootstrap CI. ' +
    'The row count is verified in the engine after loading.',
  ingest: (s) =>
    `Open-loop ingest at a target rate of ${formatRate(num(s, 'rate'))} for ${formatDuration(num(s, 'durationMs'))} per trial ` +
    `(first ${formatDuration(num(s, 'warmupMs'))} excluded as warm-up), batches of ${formatCount(num(s, 'batchSize'))}. ` +
    'Each batch has a scheduled start; latency is measured from the scheduled start (coordinated-omission corrected) into an HDR histogram, ' +
    `schedule lag = actual start − scheduled start, a batch not started within ${formatDuration(num(s, 'maxLagMs'))} is dropped and counted. ` +
    `Throughput is reported per ${formatDuration(num(s, 'intervalMs'))} interval.`,
  query: (s) =>
    `Each query runs ${formatCount(num(s, 'warmup'))} warm-up times (excluded, so caches are hot) and then ${formatCount(num(s, 'iterations'))} times sequentially; ` +
    'p50/p99 are over those iterations with a 95% bootstrap CI. Every engine answers the same question for the same bounds, and answers are compared (Answer check).',
  storage: () =>
    'After flush (CHECKPOINT / cache flush), one accounting method for every engine: allocated bytes of the table\'s files on disk; ' +
    'where the runtime cannot see files (embedded in-memory, external) the engine\'s own headline figure is used. Engine figures are listed beside it. Exact figures: no CI.',
  compress: (s) =>
    `Compression of every chunk older than ${formatDuration(num(s, 'olderThanMs'))} before the anchor, applied by running the engine's policy job from the harness ` +
    '(deterministic on every runtime); duration per trial, ratio = bytes before / bytes after.',
  retention: (s) => `Retention dropping data older than ${formatDuration(num(s, 'dropAfterMs'))} before the anchor, applied by the harness; duration per trial and rows removed.`,
  downsample: (s) =>
    `Aggregates created and refreshed by the harness (refresh time per trial); the same question then answered from raw rows and from the aggregate, ` +
    `${formatCount(num(s, 'warmup'))} warm-up + ${formatCount(num(s, 'iterations'))} timed runs each.`,
};

function scalarDetails(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .filter(([k]) => k !== 'method')
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}`);
}

export function methodologyBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(2, 'How each number was obtained')];
  for (const phaseId of phaseIds(results)) {
    const kind = phaseKind(results, phaseId);
    const spec = results.scenario.phases.find((p: PhaseSpec) => p.id === phaseId) as Spec | undefined;
    // The phase's own account (details.method, written by the code that measured) comes first;
    // the generic text per kind only stands in for results files that lack it.
    const recorded = phaseAcrossTargets(results, phaseId).map(({ phase }) => phase?.details.method).find((m): m is string => typeof m === 'string');
    const text = recorded ?? TEXTS[kind]?.(spec, results) ?? `Phase kind \`${kind}\`: metrics as recorded in results.json (see each metric's statistic and samples).`;
    blocks.push(heading(3, `${phaseId} (${kind})`), paragraph(text));
    // Targets that recorded the same facts share one line.
    const byFacts = new Map<string, string[]>();
    for (const { target, phase } of phaseAcrossTargets(results, phaseId)) {
      if (!phase) continue;
      const facts = scalarDetails(phase.details);
      const key = facts.length ? facts.join('; ') : 'no further details recorded';
      byFacts.set(key, [...(byFacts.get(key) ?? []), `\`${target.id}\``]);
    }
    const items = [...byFacts.entries()].map(([facts, targets]) => `${targets.join(', ')}: ${facts}`);
    if (items.length) blocks.push(list(items));
  }
  return blocks;
}
