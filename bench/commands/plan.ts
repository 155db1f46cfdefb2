/**
 * `tsdb-bench plan <results.json> --rate 10k/s --retention 90d --compress-after 7d`:
 * projects disk use day by day to steady state per engine from measured bytes per row,
 * prints the table and writes projection.md, projection.json and a chart. Works from
 * results.json alone: every input a flag does not give comes from the file (the scenario's
 * capacity section, the chunk interval the engine recorded: capacity/plan-inputs.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/errors.js';
import { readResults } from '../run/results-file.js';
import { parseDuration, parseRate } from '../scenario/units.js';
import { projectDisk } from '../capacity/projection.js';
import { projectionPlan, type ProjectionChoices } from '../capacity/plan-inputs.js';
import { renderProjectionMarkdown } from '../report/projection-markdown.js';
import { renderProjectionChart } from '../report/capacity-chart.js';
import { reportError } from './exit.js';
import { checkPlanFlags, type PlanFlags } from './plan-bounds.js';

interface PlanArgs extends PlanFlags {
  results: string;
  table?: string;
}

/** The flags as projection choices (checkPlanFlags has already said what is malformed or out of range). */
function choicesFrom(args: PlanArgs): ProjectionChoices {
  const ms = (value: string | undefined) => (value === undefined ? undefined : parseDuration(value));
  return {
    ...(args.rate !== undefined ? { rate: parseRate(args.rate) } : {}),
    ...(args.retention !== undefined ? { retentionMs: ms(args.retention) } : {}),
    ...(args['compress-after'] !== undefined ? { compressAfterMs: ms(args['compress-after']) } : {}),
    ...(args.chunk !== undefined ? { chunkMs: ms(args.chunk) } : {}),
    ...(args.table !== undefined ? { table: args.table } : {}),
  };
}

export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan <results>',
  describe: 'Project disk (day by day to steady state) and index memory per engine from a results.json',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'A results.json with storage (and compress) phases' })
      .option('rate', { type: 'string', describe: 'Ingest rate, e.g. 10k/s (default: the scenario capacity.rate or its ingest rate)' })
      .option('retention', { type: 'string', describe: "Retention, e.g. 90d (default: the scenario capacity.retention, else 90d, the seed's policy)" })
      .option('compress-after', { type: 'string', describe: "Compression age, e.g. 7d (default: the scenario capacity.compressAfter, else 7d, the seed's policy)" })
      .option('chunk', { type: 'string', describe: 'Chunk interval, e.g. 1d (default: the chunk_time_interval TimescaleDB ran with, as results.json records it, else 1d)' })
      .option('table', { type: 'string', describe: "Which table's figures to use (default: the capacity phases' table, else the first measured)" })
      .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default: next to the results file)' })
      .example('$0 plan reports/10k-ticks-*/results.json --rate 10k/s --retention 90d --compress-after 7d', ''),
  handler: async (args) => {
    try {
      checkPlanFlags(args);
      const results = readResults(args.results);
      const plan = projectionPlan(results, choicesFrom(args));
      if ('why' in plan) throw new InputError(`${args.results}: ${plan.why}`);
      const { table, input, inputs, skipped, assumed } = plan;
      const projections = inputs.map((i) => projectDisk(i, input));
      const perRow = new Map(inputs.map((i) => [i.target, { raw: i.rawBytesPerRow, compressed: i.compressedBytesPerRow }]));
      const markdown = renderProjectionMarkdown(
        projections,
        input,
        perRow,
        `${results.scenario.name} (${table}, fingerprint ${results.dataset.fingerprint.slice(0, 12)})`,
        assumed,
      );
      process.stdout.write(markdown);
      for (const s of skipped) process.stderr.write(`skipped ${s}\n`);
      const outDir = args.out ?? dirname(args.results);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'projection.md'), markdown);
      writeFileSync(join(outDir, 'projection.json'), JSON.stringify({ input, table, assumed, projections }, null, 2));
      const chart = await renderProjectionChart(projections, input, outDir);
      process.stdout.write(`\nwritten: ${join(outDir, 'projection.md')}, ${join(outDir, 'projection.json')}, ${chart}\n`);
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.out, engines: false });
    }
  },
};
