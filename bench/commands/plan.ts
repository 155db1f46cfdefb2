/**
 * `tsdb-bench plan <results.json> --rate 10k/s --retention 90d --compress-after 7d`:
 * projects disk use day by day to steady state per engine from measured bytes per row,
 * prints the table and writes projection.md, projection.json and a chart.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/runtime.js';
import { readResults } from '../run/results-file.js';
import { parseDuration, parseRate } from '../scenario/units.js';
import { projectDisk, type ProjectionInput } from '../capacity/projection.js';
import { projectionInputs } from '../capacity/inputs.js';
import { renderProjectionMarkdown } from '../capacity/render.js';
import { renderProjectionChart } from '../capacity/chart.js';
import { reportError } from './exit.js';
import { checkPlanFlags } from './plan-bounds.js';

interface PlanArgs {
  results: string;
  rate?: string;
  retention?: string;
  'compress-after'?: string;
  chunk?: string;
  table?: string;
  out?: string;
}

const DAY_MS = 86_400_000;

function parseOr(value: string | undefined, fallback: string, parse: (s: string) => number, flag: string): number {
  try {
    return parse(value ?? fallback);
  } catch (err) {
    throw new InputError(`--${flag}: ${(err as Error).message}`);
  }
}

export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan <results>',
  describe: 'Project disk (day by day to steady state) and index memory per engine from a results.json',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'A results.json with storage (and compress) phases' })
      .option('rate', { type: 'string', describe: 'Ingest rate, e.g. 10k/s (default: the scenario capacity.rate or its ingest rate)' })
      .option('retention', { type: 'string', describe: 'Retention, e.g. 90d (default 90d, the seed\'s policy)' })
      .option('compress-after', { type: 'string', describe: 'Compression age, e.g. 7d (default 7d, the seed\'s policy)' })
      .option('chunk', { type: 'string', describe: 'Chunk interval, e.g. 1d (default: the scenario\'s timescaledb chunkInterval or 1d)' })
      .option('table', { type: 'string', describe: 'Which table\'s figures to use (default: the first measured)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default: next to the results file)' })
      .example('$0 plan reports/10k-ticks-*/results.json --rate 10k/s --retention 90d --compress-after 7d', ''),
  handler: async (args) => {
    try {
      checkPlanFlags(args);
      const results = readResults(args.results);
      const capacity = (results.scenario.capacity ?? {}) as { rate?: number; retentionMs?: number; compressAfterMs?: number };
      const ingestRate = results.scenario.phases.find((p) => p.kind === 'ingest') as { rate?: number } | undefined;
      const rate = args.rate ? parseOr(args.rate, '', parseRate, 'rate') : capacity.rate ?? ingestRate?.rate;
      if (!rate) throw new InputError('--rate is required (the results file has no capacity.rate or ingest rate)');
      const chunkOption = (results.scenario.engines?.timescaledb?.options as { chunkInterval?: string } | undefined)?.chunkInterval;
      const input: ProjectionInput = {
        rate,
        retentionDays: parseOr(args.retention, capacity.retentionMs ? `${capacity.retentionMs}ms` : '90d', parseDuration, 'retention') / DAY_MS,
        compressAfterDays: parseOr(args['compress-after'], capacity.compressAfterMs ? `${capacity.compressAfterMs}ms` : '7d', parseDuration, 'compress-after') / DAY_MS,
        chunkDays: parseOr(args.chunk, chunkOption?.replace(/\s*days?$/, 'd').replace(/\s*hours?$/, 'h') ?? '1d', parseDuration, 'chunk') / DAY_MS,
      };
      const measuredTables = new Set(results.targets.flatMap((t) => t.phases.filter((p) => p.kind === 'storage').flatMap((p) => ((p.details.tables as { table: string }[]) ?? []).map((x) => x.table))));
      const table = args.table ?? [...measuredTables][0];
      if (!table) throw new InputError(`${args.results}: no storage phase with table figures: run a scenario with a storage phase first`);
      const { inputs, skipped } = projectionInputs(results, table);
      if (inputs.length === 0) throw new InputError(`${args.results}: no target has storage figures for ${table} (${skipped.join('; ')})`);
      const projections = inputs.map((i) => projectDisk(i, input));
      const perRow = new Map(inputs.map((i) => [i.target, { raw: i.rawBytesPerRow, compressed: i.compressedBytesPerRow }]));
      const markdown = renderProjectionMarkdown(projections, input, perRow, `${results.scenario.name} (${table}, fingerprint ${results.dataset.fingerprint.slice(0, 12)})`);
      process.stdout.write(markdown);
      for (const s of skipped) process.stderr.write(`skipped ${s}\n`);
      const outDir = args.out ?? dirname(args.results);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'projection.md'), markdown);
      writeFileSync(join(outDir, 'projection.json'), JSON.stringify({ input, table, projections: projections.map((p) => ({ ...p, days: p.days })) }, null, 2));
      const chart = await renderProjectionChart(projections, input, outDir);
      process.stdout.write(`\nwritten: ${join(outDir, 'projection.md')}, ${join(outDir, 'projection.json')}, ${chart}\n`);
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.out, engines: false });
    }
  },
};
