/** "How each number was obtained": one text per phase kind, plus the facts each phase recorded. */
import type { PhaseSpec } from '../../core/scenario.js';
import type { Results } from '../../core/results.js';
import { heading, list, paragraph, type Block } from '../document.js';
import { formatCount, formatDuration, formatRate } from '../../format/numbers.js';
import { phaseAcrossTargets, phaseIds, phaseKind } from '../results-view.js';
import { MIN_TRIALS } from '../../measure/paired.js';
import { MAX_RESOURCE_SAMPLES_PER_PHASE, RESOURCE_SAMPLE_INTERVAL_MS } from '../../core/runtime.js';

/**
 * How intervals and ratios are formed, after bench/measure/paired.ts (its module comment is
 * the source of truth; this is its account for readers).
 */
export function intervalMethodText(): string[] {
  return [
    'Ratios between two targets are formed per interleaved trial pair (trial i of A and trial i of B ran back to back in one round, order rotated per round), ' +
      'so drift between rounds cancels within each pair. Every interval is formed from per-trial values (trials are the independent unit; iterations inside one trial share its machine state), ' +
      'on the log scale: l_i = ln(x_i), with x_i one value per trial or the ratio of one trial pair; the estimate is the geometric mean exp(mean(l)), and ' +
      "the interval is a 95% prediction interval for the next run's estimate: exp(mean(ln r) ± t(0.975, n-1) · sd(ln r) · sqrt(2/n)). " +
      "sqrt(2/n) because the next run's mean of n trials differs from this run's by a variable with twice the variance of one mean; a plain 95% CI of the mean (sqrt(1/n)) " +
      `would contain another run's estimate only about 83% of the time. With n < ${MIN_TRIALS} pairs (or trials) no interval is formed and the report says so, rather than print [min, max].`,
    'n beside an interval is the number of trials (pairs) it was formed from. Exact figures (byte counts) have no interval; a saturate search reports its bracket ' +
      '(highest sustained .. first failing rate). Verdicts: confirmed when the whole interval meets the claim, refuted when the whole interval misses it, inconclusive otherwise.',
  ];
}

/**
 * How native servers' CPU and memory samples are taken, the same for PostgreSQL, influxd and
 * redis-server (bench/runtimes/native/process/tree-sampler.ts is the source of truth; the
 * sampling interval is the runner's, bench/run/runner.ts startSampler).
 */
export function nativeResourceSamplingText(): string {
  return (
    `Server resource samples on the native runtime (PostgreSQL, influxd and redis-server alike) are taken every ${formatDuration(RESOURCE_SAMPLE_INTERVAL_MS)} during each phase (at most ${MAX_RESOURCE_SAMPLES_PER_PHASE} per phase): ` +
    "memory = PSS summed over the server's whole process tree (the server pid and every descendant, from /proc/<pid>/smaps_rollup; a shared page such as shared_buffers is divided among the processes that map it, so it counts once), " +
    "or VmRSS summed over the same tree where smaps_rollup cannot be read (the target's server details, resourceSampling, say which); " +
    'CPU = the growth of utime + stime over the tree (plus cutime + cstime, the CPU of descendants that exited) between two samples, divided by CLK_TCK (read from getconf) and by the wall time between them, in percent of one core.'
  );
}

type Spec = Record<string, unknown>;
const num = (s: Spec | undefined, k: string): number | null => (typeof s?.[k] === 'number' ? (s[k] as number) : null);

const TEXTS: Record<string, (s: Spec | undefined, results: Results) => string> = {
  preload: (s, r) =>
    `Closed-loop bulk load of ${formatCount(num(s, 'rows'))} rows of \`${String(s?.table ?? '')}\` generated from seed ${r.dataset.seed}, ` +
    `in batches of ${formatCount(num(s, 'batchSize'))}. Throughput per trial = rows / wall time from the first send to the last acknowledgement ` +
    '(generation and encoding included and reported as harnessMs); the headline and its interval are formed over trials (see Intervals and ratios). ' +
    'The row count is verified in the engine after loading.',
  ingest: (s) =>
    `Open-loop ingest at a target rate of ${formatRate(num(s, 'rate'))} for ${formatDuration(num(s, 'durationMs'))} per trial ` +
    `(first ${formatDuration(num(s, 'warmupMs'))} excluded as warm-up), batches of ${formatCount(num(s, 'batchSize'))}. ` +
    'Each batch has a scheduled start; latency is measured from the scheduled start (coordinated-omission corrected) into an HDR histogram, ' +
    `schedule lag = actual start − scheduled start, a batch not started within ${formatDuration(num(s, 'maxLagMs'))} is dropped and counted. ` +
    `Throughput is reported per ${formatDuration(num(s, 'intervalMs'))} interval.`,
  query: (s) =>
    `Each query runs ${formatCount(num(s, 'warmup'))} warm-up times (excluded, so caches are hot) and then ${formatCount(num(s, 'iterations'))} times sequentially; ` +
    "p50/p99 are over those iterations; their interval is formed as each metric's interval method says (n beside it). Every engine answers the same question for the same bounds, and answers are compared (Answer check).",
  storage: () =>
    "After flush (CHECKPOINT / cache flush), one accounting method for every engine: allocated bytes of the table's files on disk; " +
    "where the runtime cannot see files (embedded in-memory, external) the engine's own headline figure is used. Engine figures are listed beside it. Exact figures: no CI.",
  compress: (s) =>
    `Compression of every chunk older than ${formatDuration(num(s, 'olderThanMs'))} before the anchor, applied by running the engine's policy job from the harness ` +
    '(deterministic on every runtime); duration per trial, ratio = bytes before / bytes after.',
  retention: (s) => `Retention dropping data older than ${formatDuration(num(s, 'dropAfterMs'))} before the anchor, applied by the harness; duration per trial and rows removed.`,
  downsample: (s) =>
    `Aggregates created and refreshed by the harness (refresh time per trial); the same question then answered from raw rows and from the aggregate, ` +
    `${formatCount(num(s, 'warmup'))} warm-up + ${formatCount(num(s, 'iterations'))} timed runs each.`,
};

function scalarDetails(details: object): string[] {
  return Object.entries(details)
    .filter(([k]) => k !== 'method')
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}`);
}

export function methodologyBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(2, 'How each number was obtained'), heading(3, 'Intervals and ratios'), ...intervalMethodText().map(paragraph)];
  if (results.targets.some((t) => t.runtime === 'native')) blocks.push(heading(3, 'Server resource samples'), paragraph(nativeResourceSamplingText()));
  for (const phaseId of phaseIds(results)) {
    const kind = phaseKind(results, phaseId);
    const spec = results.scenario.phases.find((p: PhaseSpec) => p.id === phaseId) as Spec | undefined;
    // The phase's own account (details.method, written by the code that measured) comes first;
    // the generic text per kind only stands in for results files that lack it.
    const recorded = phaseAcrossTargets(results, phaseId)
      .map(({ phase }) => phase?.details?.method)
      .find((m): m is string => typeof m === 'string');
    const text = recorded ?? TEXTS[kind]?.(spec, results) ?? `Phase kind \`${kind}\`: metrics as recorded in results.json (see each metric's statistic and samples).`;
    blocks.push(heading(3, `${phaseId} (${kind})`), paragraph(text));
    // Targets that recorded the same facts share one line.
    const byFacts = new Map<string, string[]>();
    for (const { target, phase } of phaseAcrossTargets(results, phaseId)) {
      if (!phase) continue;
      const facts = scalarDetails(phase.details ?? {});
      const key = facts.length ? facts.join('; ') : 'no further details recorded';
      byFacts.set(key, [...(byFacts.get(key) ?? []), `\`${target.id}\``]);
    }
    const items = [...byFacts.entries()].map(([facts, targets]) => `${targets.join(', ')}: ${facts}`);
    if (items.length) blocks.push(list(items));
  }
  return blocks;
}
