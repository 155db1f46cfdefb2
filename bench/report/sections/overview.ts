/** Title, run status, plan, dataset and machine. */
import type { Results } from '../../core/results.js';
import { heading, paragraph, table, type Block } from '../document.js';
import { loadBlocks } from './load.js';
import { statusBlocks } from './status.js';
import { trialOrderBlocks } from './trial-order.js';
import { DASH, formatCount } from '../../format/numbers.js';
import { formatBytes } from '../../format/bytes.js';

export function titleBlocks(results: Results): Block[] {
  const blocks: Block[] = [heading(1, `tsdb-bench report: ${results.scenario.name}`)];
  if (results.scenario.description) blocks.push(paragraph(results.scenario.description));
  const tool = `${results.tool.name} ${results.tool.version}${results.tool.gitCommit ? ` (${results.tool.gitCommit})` : ''}`;
  blocks.push(
    paragraph(
      `Run \`${results.runId}\` · started ${results.startedAt} · finished ${results.finishedAt ?? DASH} · ` +
        `${tool} · results schema ${results.schemaVersion}, methodology ${results.methodologyVersion} · command \`${results.command}\``,
    ),
  );
  blocks.push(...statusBlocks(results));
  return blocks;
}

export function planBlocks(results: Results): Block[] {
  const rows = results.plan.map((p) => {
    const t = results.targets.find((x) => x.id === p.target);
    return [`\`${p.target}\``, t?.engineVersion ?? DASH, t?.runtimeLabel ?? p.runtime, p.reason, t ? t.status + (t.error ? `: ${t.error}` : '') : 'not started'];
  });
  return [heading(2, 'Plan'), table(['Target', 'Engine version', 'Runtime', 'Why this runtime', 'Status'], rows), ...trialOrderBlocks(results)];
}

export function datasetBlocks(results: Results): Block[] {
  const d = results.dataset;
  const e = results.environment;
  const streams = d.streams.map((s) => `${s.phase}: ${formatCount(s.rows)} rows of ${s.table} (\`${s.fingerprint.slice(0, 19)}…\`)`);
  return [
    heading(2, 'Dataset and machine'),
    table(
      ['Dataset', ''],
      [
        ['Seed', String(d.seed)],
        ['Anchor', `${d.anchor} (${d.anchorSource})`],
        ['Fingerprint', `\`${d.fingerprint}\``],
        ['Rows per stream', streams.length ? streams.join('; ') : DASH],
      ],
    ),
    table(
      ['Machine', ''],
      [
        ['CPU', e.cpuModel],
        ['Cores', String(e.cores)],
        ['RAM', formatBytes(e.memoryBytes)],
        ['OS', `${e.os} (kernel ${e.kernel})`],
        ['Node', e.node],
      ],
    ),
    ...loadBlocks(results),
  ];
}
