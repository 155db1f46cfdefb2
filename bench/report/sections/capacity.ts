/**
 * The Capacity section: headroom (saturate), throughput as the table grows (growth), queries
 * under ingest load (mixed) and the disk projection from measured bytes per row. Present only
 * when the run has a capacity phase or the scenario a `capacity` section. Every figure names
 * its target and runtime, and the machine it was measured on.
 */
import type { Results, TargetResult } from '../../core/results.js';
import type { PhaseSpec } from '../../core/scenario.js';
import { diskProjection, growthSteps, hasCapacity, mixedIngest, mixedQueries, saturateView, targetById, type SaturateView } from '../capacity-view.js';
import { chart, heading, list, paragraph, table, type Block } from '../document.js';
import { formatBytes } from '../../format/bytes.js';
import { DASH, formatCount, formatDuration, formatMs, formatNumber, formatRate, formatRatio } from '../../format/numbers.js';
import { phaseAcrossTargets, phaseIdsOfKind } from '../results-view.js';
import { intervalKindText, verdictView } from '../verdict-view.js';
import { ciText, measuredText, verdictsOf, verdictText } from './verdicts.js';

const who = (t: TargetResult) => `\`${t.id}\` (${t.runtimeLabel})`;

/** The claim metric the seed's "handles 100k+ inserts/sec" verdicts are checked on. */
export const SUSTAINED_RATE_METRIC = 'max_sustained_rows_per_s';

/** "2 cores (AMD EPYC 7B13), 8.33 GB RAM": the machine every capacity figure was measured on. */
export function machineText(results: Results): string {
  const env = results.environment;
  const cores = typeof env?.cores === 'number' ? `${env.cores} core${env.cores === 1 ? '' : 's'}` : `${DASH} cores`;
  const cpu = env?.cpuModel ? ` (${env.cpuModel})` : '';
  return `${cores}${cpu}, ${formatBytes(env?.memoryBytes)} RAM`;
}

/** The caveat beside every capacity figure: which runtime, on which machine. */
function caveat(results: Results, runtimeLabel: string | null): string {
  return `${runtimeLabel ?? DASH} on ${machineText(results)}`;
}

/** Headroom factor with two significant digits, as a reviewer reads it ("3.4x"). */
export function formatHeadroom(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${formatNumber(value, 2)}x` : DASH;
}

/** "10,000 rows/s needed, 34,000 sustained: 3.4x headroom" (or why it cannot be said). */
export function headroomSentence(view: SaturateView): string {
  if (view.maxSustained === null) {
    const first = view.firstFailing !== null ? ` (${formatRate(view.firstFailing)} failed: ${view.firstFailureReason ?? 'no reason recorded'})` : '';
    return `no rate was sustained${first}${view.neededRate !== null ? `; ${formatRate(view.neededRate)} needed` : ''}`;
  }
  const atLeast = view.firstFailing === null ? 'at least ' : '';
  if (view.neededRate === null) return `${atLeast}${formatRate(view.maxSustained)} sustained; no needed rate (set \`capacity.rate\` in the scenario)`;
  return `${formatCount(view.neededRate)} rows/s needed, ${atLeast}${formatCount(view.maxSustained)} sustained: **${formatHeadroom(view.headroom)} headroom**`;
}

function firstFailingText(view: SaturateView): string {
  if (view.firstFailing !== null) return formatRate(view.firstFailing);
  return view.stoppedBy ? `none (${view.stoppedBy})` : DASH;
}

function headroomBlocks(results: Results): Block[] {
  const blocks: Block[] = [];
  for (const phaseId of phaseIdsOfKind(results, 'saturate')) {
    const rows = phaseAcrossTargets(results, phaseId);
    const sentences: string[] = [];
    const body = rows.map(({ target, phase }) => {
      const view = saturateView(phase);
      if (!view) {
        const note = !phase ? 'not run' : `${phase.status}${phase.message ? `: ${phase.message}` : ''}`;
        return [who(target), note, DASH, DASH, DASH, DASH, caveat(results, target.runtimeLabel)];
      }
      sentences.push(`${who(target)}: ${headroomSentence(view)} — ${caveat(results, target.runtimeLabel)}.`);
      return [
        who(target),
        formatRate(view.maxSustained),
        firstFailingText(view),
        view.firstFailureReason || DASH,
        formatRate(view.neededRate),
        formatHeadroom(view.headroom),
        caveat(results, target.runtimeLabel),
      ];
    });
    blocks.push(
      heading(3, `Headroom: maximum sustained ingest rate (${phaseId})`),
      table(['Target', 'Highest sustained', 'First failing', 'Why it failed', 'Needed', 'Headroom', 'Measured on'], body, [
        'left',
        'right',
        'right',
        'left',
        'right',
        'right',
        'left',
      ]),
    );
    if (sentences.length) blocks.push(list(sentences));
    const method = rows.map(({ phase }) => phase?.details?.method).find((m): m is string => typeof m === 'string');
    blocks.push(
      paragraph(
        `Headroom = highest sustained rate / needed rate (\`capacity.rate\`, else the ingest phase's rate). ` +
          `These rates hold for this machine and runtime only: a server with more cores, memory or faster disks sustains more, an embedded (WASM) runtime is single-threaded and in-process.` +
          (method ? ` Method: ${method}.` : ''),
      ),
      chart(`capacity-latency-${phaseId}`),
    );
  }
  return blocks;
}

/** The seed's "handles 100k+ inserts/sec" verdicts, beside the headroom with the same caveat. */
function sustainedClaimBlocks(results: Results): Block[] {
  const verdicts = verdictsOf(results).filter((v) => v.metric.endsWith(SUSTAINED_RATE_METRIC));
  if (verdicts.length === 0) return [];
  const body = verdicts.map((v) => {
    const targetId = v.targetId ?? null;
    const target = targetId ? targetById(results, targetId) : undefined;
    const runtimeLabel = v.runtimeLabel ?? target?.runtimeLabel ?? null;
    const view = verdictView(results, v);
    return [
      `**${v.id}**: ${v.text}`,
      targetId ? `\`${targetId}\`` : DASH,
      measuredText(v),
      `${ciText(v)} (${intervalKindText(view)}${view.n !== null ? `, n=${view.n}` : ''})`,
      typeof v.threshold === 'number' ? formatRate(v.threshold) : DASH,
      verdictText(v),
      v.reason,
      caveat(results, runtimeLabel),
    ];
  });
  return [
    heading(3, "The seed's sustained-ingest claims"),
    table(['Claim', 'Target', 'Measured', 'Interval', 'Threshold', 'Verdict', 'Why', 'Measured on'], body),
    paragraph('A verdict on a sustained rate is a verdict for this machine and runtime: "handles 100k+ inserts/sec" on production hardware needs a run there.'),
  ];
}

function growthBlocks(results: Results): Block[] {
  const blocks: Block[] = [];
  for (const phaseId of phaseIdsOfKind(results, 'growth')) {
    const body: string[][] = [];
    for (const { target, phase } of phaseAcrossTargets(results, phaseId)) {
      const steps = growthSteps(phase);
      if (steps.length === 0) {
        body.push([who(target), !phase ? 'not run' : `${phase.status}${phase.message ? `: ${phase.message}` : ''}`, DASH, DASH, DASH, DASH, DASH]);
        continue;
      }
      const first = steps[0].rowsPerSec;
      for (const s of steps) {
        body.push([
          who(target),
          String(s.step),
          formatCount(s.tableRowsAfter),
          formatRate(s.rowsPerSec),
          first > 0 ? formatRatio(s.rowsPerSec / first) : DASH,
          formatMs(s.batchP50Ms),
          formatMs(s.batchP99Ms),
        ]);
      }
    }
    blocks.push(
      heading(3, `Ingest rate as the table grows (${phaseId})`),
      table(['Target', 'Step', 'Table rows after', 'Rows/s', 'vs step 1', 'Batch p50', 'Batch p99'], body, ['left', 'right', 'right', 'right', 'right', 'right', 'right']),
      paragraph(`Closed-loop load, one measurement per step (the table keeps growing, so there are no trials); measured on ${machineText(results)}.`),
      chart(`capacity-growth-${phaseId}`),
    );
  }
  return blocks;
}

function slowdown(loaded: number | null, idle: number | null): string {
  return loaded !== null && idle !== null && idle > 0 ? formatRatio(loaded / idle) : DASH;
}

function mixedBlocks(results: Results): Block[] {
  const blocks: Block[] = [];
  for (const phaseId of phaseIdsOfKind(results, 'mixed')) {
    const spec = results.scenario.phases.find((p): p is Extract<PhaseSpec, { kind: 'mixed' }> => p.kind === 'mixed' && p.id === phaseId);
    const queries: string[][] = [];
    const ingest: string[][] = [];
    for (const { target, phase } of phaseAcrossTargets(results, phaseId)) {
      const note = !phase ? 'not run' : phase.status !== 'ok' ? `${phase.status}${phase.message ? `: ${phase.message}` : ''}` : null;
      const qs = mixedQueries(phase);
      if (qs.length === 0) queries.push([who(target), note ?? 'no queries under load', DASH, DASH, DASH, DASH, DASH]);
      for (const q of qs) {
        queries.push([who(target), `\`${q.query}\``, formatCount(q.runs), formatMs(q.p50Ms), formatMs(q.p99Ms), formatMs(q.idleP50Ms), slowdown(q.p50Ms, q.idleP50Ms)]);
      }
      const i = mixedIngest(phase);
      if (note && i.achievedRate === null && i.latencyP99Ms === null) {
        ingest.push([who(target), note, DASH, DASH, DASH, DASH, DASH]);
        continue;
      }
      ingest.push([
        who(target),
        formatRate(i.achievedRate),
        formatMs(i.latencyP99Ms),
        formatMs(i.idleLatencyP99Ms),
        formatMs(i.lagP99Ms),
        formatMs(i.idleLagP99Ms),
        slowdown(i.lagP99Ms, i.idleLagP99Ms),
      ]);
    }
    const load = spec?.rate ? ` with ingest at ${formatRate(spec.rate)}${spec.durationMs ? ` for ${formatDuration(spec.durationMs)}` : ''}` : '';
    blocks.push(
      heading(3, `Queries under ingest load (${phaseId})`),
      table(['Target', 'Query', 'Runs', 'p50 under load', 'p99 under load', 'Idle p50', 'p50 load / idle'], queries, ['left', 'left', 'right', 'right', 'right', 'right', 'right']),
      table(['Target', 'Ingest achieved', 'Batch p99 under load', 'Idle batch p99', 'Lag p99 under load', 'Idle lag p99', 'Lag load / idle'], ingest, [
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
      ]),
      paragraph(
        `Queries run back to back${load}; idle figures come from the same target's earlier query and ingest phases (— when the scenario has none). Client wall time, measured on ${machineText(results)}.`,
      ),
    );
  }
  return blocks;
}

function projectionBlocks(results: Results): Block[] {
  const view = diskProjection(results);
  if (!view) {
    if (!results.scenario.capacity) return [];
    return [
      heading(3, 'Disk projection'),
      paragraph('No projection: it needs `capacity.rate` in the scenario and a storage phase with figures for the table (run a scenario with storage and compress phases).'),
    ];
  }
  const { input } = view;
  const body = view.projections.map((p) => {
    const target = targetById(results, p.target);
    const inputs = view.inputs.find((i) => i.target === p.target);
    return [
      target ? who(target) : `\`${p.target}\``,
      inputs ? formatNumber(inputs.rawBytesPerRow) : DASH,
      inputs?.compressedBytesPerRow != null ? formatNumber(inputs.compressedBytesPerRow) : DASH,
      formatBytes(p.steadyStateBytes),
      `${formatBytes(p.peakBytes)} (day ${p.peakDay})`,
      formatBytes(p.ramForIndexesBytes),
      p.note,
      p.derivation.join('; '),
    ];
  });
  for (const s of view.skipped) {
    const id = s.slice(0, s.indexOf(':'));
    const target = targetById(results, id);
    body.push([target ? who(target) : `\`${id}\``, DASH, DASH, DASH, DASH, DASH, s.slice(s.indexOf(':') + 1).trim(), DASH]);
  }
  const blocks: Block[] = [
    heading(3, `Disk projection (${view.table})`),
    paragraph(
      `Inputs: ${formatRate(input.rate)} (${formatCount(input.rate * 86_400)} rows/day), compression after ${formatNumber(input.compressAfterDays)} d, ` +
        `retention ${formatNumber(input.retentionDays)} d, chunk interval ${formatNumber(input.chunkDays)} d; bytes per row measured in this run's storage and compress phases.`,
    ),
    table(['Target', 'Raw B/row', 'Compressed B/row', 'Steady-state disk', 'Peak disk (day)', 'RAM for indexes being written (25% rule)', 'Model', 'Derivation'], body, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
      'left',
    ]),
  ];
  if (view.assumed.length) blocks.push(paragraph(`Assumed: ${view.assumed.join('; ')}.`));
  blocks.push(
    paragraph(
      'Sizes in decimal units (1 GB = 10^9 bytes). Bytes per row extrapolate linearly; index bloat, WAL and vacuum lag are not modelled. ' +
        'Aggregates grow with buckets x keys, not with raw rows: their measured bytes per bucket x key are multiplied by the buckets of the retention window and the keys (see Derivation). `tsdb-bench plan` recomputes this with other inputs.',
    ),
    chart('capacity-disk-projection'),
  );
  return blocks;
}

export function capacityBlocks(results: Results): Block[] {
  if (!hasCapacity(results)) return [];
  return [
    heading(2, 'Capacity'),
    paragraph(`Every figure below was measured on this machine: ${machineText(results)}; each row names its target and runtime.`),
    ...headroomBlocks(results),
    ...sustainedClaimBlocks(results),
    ...growthBlocks(results),
    ...mixedBlocks(results),
    ...projectionBlocks(results),
  ];
}
