/**
 * `tsdb-bench merge <shard dirs...> --out <dir>`: the results of the N shards of a sharded run
 * (`run --shard i/N --start-at ...`) as one run: results.json, summary.md and report.html as
 * a single run writes them, claims and gates evaluated on the merged data (bench/shard/merge.ts).
 * Exit codes as `run` (gate failed: 1); shards that are not parts of one run: exit 2.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/errors.js';
import { readResults, writeResults } from '../run/results-file.js';
import { runExit, statusTable } from '../run/outcome.js';
import { evaluateClaims } from '../verdict/claims.js';
import { writeReports } from '../report/index.js';
import { mergeShards } from '../shard/merge.js';
import { checkOutDir, reportError } from './exit.js';

interface MergeArgs {
  shards: string[];
  out: string;
  strict?: boolean;
}

function resultsIn(dir: string): string {
  const file = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? join(dir, 'results.json') : dir;
  if (!existsSync(file)) throw new InputError(`merge: ${dir}: no results.json there`);
  return file;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'Merge the result directories of the shards of a sharded run into one run (histograms added, counters summed; claims on the merged data)',
  builder: (y) =>
    y
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'Result directories (or results.json files) of shards 0..N-1, any order' })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Output directory of the merged results.json and reports' })
      .option('strict', { type: 'boolean', default: false, describe: 'As for run: a skipped target fails the merge (exit 3)' })
      .example('$0 merge shards/0 shards/1 shards/2 shards/3 --out merged', 'one report for four shards'),
  handler: async (args) => {
    try {
      checkOutDir(args.out);
      for (const dir of args.shards)
        if (resolve(dir) === resolve(args.out)) throw new InputError(`merge: --out ${args.out} is one of the shard directories (it would overwrite that shard's results.json)`);
      const inputs = args.shards.map((dir) => ({ dir, results: readResults(resultsIn(dir)) }));
      const merged = mergeShards(inputs, ['tsdb-bench', ...process.argv.slice(2)].join(' '));
      // The merged run's verdicts, evaluated once on the merged figures (shards store none), as the runner does for a run.
      merged.claims = evaluateClaims(merged);
      const file = join(args.out, 'results.json');
      writeResults(file, merged);
      const written = await writeReports(merged, args.out);
      process.stdout.write(`merged ${inputs.length} shards\nresults: ${file}\n${written.files.map((f) => `report:  ${f}`).join('\n')}\n`);
      for (const c of merged.claims) process.stdout.write(`claim ${c.id}: ${c.verdict.toUpperCase()} — ${c.reason}\n`);
      process.stdout.write(`${statusTable(merged)}\n`);
      const exit = runExit(merged, { strict: !!args.strict });
      for (const r of exit.reasons) process.stderr.write(`tsdb-bench: ${r}\n`);
      process.exitCode = exit.code;
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.out, engines: false });
    }
  },
};
