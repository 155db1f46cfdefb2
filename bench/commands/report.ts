/** `tsdb-bench report <results.json>`: re-renders the reports from a results file alone (no engine needed). */
import { dirname } from 'node:path';
import type { CommandModule } from 'yargs';
import { readResults } from '../run/results-file.js';
import { writeReports } from '../report/index.js';
import { checkOutDir, reportError } from './exit.js';

export const reportCommand: CommandModule<object, { results: string; out?: string }> = {
  command: 'report <results>',
  describe: 'Re-render summary.md, report.html and charts from a results.json (pure function of the file)',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'Path to a results.json' })
      .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default: next to the results file)' }),
  handler: async (args) => {
    try {
      checkOutDir(args.out);
      // Verdicts as stored (a file saved without them gets them when read: verdict/stored.ts).
      const results = readResults(args.results);
      const written = await writeReports(results, args.out ?? dirname(args.results));
      process.stdout.write(written.files.map((f) => `report: ${f}`).join('\n') + '\n');
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.out ?? dirname(args.results), engines: false });
    }
  },
};
