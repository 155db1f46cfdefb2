/** `tsdb-bench history <dir>`: offline HTML page with trend charts over many runs. */
import type { CommandModule } from 'yargs';
import { historyCommand as renderHistory } from '../history/index.js';
import { reportError } from './exit.js';

export const historyCommand: CommandModule<object, { dir: string; out?: string }> = {
  command: 'history <dir>',
  describe: 'Build an offline HTML page with a trend chart per metric over the results files in <dir>',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'Directory searched recursively for results.json files' })
      .option('out', { alias: 'o', type: 'string', describe: 'Output HTML file or directory (default <dir>/history.html)' }),
  handler: async (args) => {
    try {
      process.exitCode = await renderHistory({ dir: args.dir, out: args.out });
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.dir, engines: false });
    }
  },
};
