/** `tsdb-bench compare <baseline> <current>`: noise-aware regression gate over results files. */
import type { CommandModule } from 'yargs';
import { compareCommand as compareRuns } from '../compare/index.js';
import { checkOutDir, reportError } from './exit.js';

interface CompareArgs {
  baseline: string;
  current: string;
  out?: string;
  'allow-mismatch'?: boolean;
  'min-effect'?: string[];
  alpha?: number;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <baseline> <current>',
  describe: 'Compare two runs (files or directories of results.json): regression / improvement / unchanged per metric; exit 1 on a regression',
  builder: (y) =>
    y
      .positional('baseline', { type: 'string', demandOption: true, describe: 'Baseline results.json or a directory of them' })
      .positional('current', { type: 'string', demandOption: true, describe: 'Current results.json or a directory of them' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write compare.md and benchmark-tool JSON files here' })
      .option('allow-mismatch', { type: 'boolean', default: false, describe: 'Compare even when fingerprint/methodology/runtime/engine version differ (marked on every line)' })
      .option('min-effect', { type: 'string', array: true, describe: 'Minimum relative change per metric kind, e.g. --min-effect throughput=0.1 --min-effect latency=0.15' })
      .option('alpha', { type: 'number', describe: 'Significance level of the Mann-Whitney U test (default 0.01)' }),
  handler: async (args) => {
    try {
      checkOutDir(args.out);
      process.exitCode = await compareRuns({
        baseline: args.baseline,
        current: args.current,
        out: args.out,
        allowMismatch: args['allow-mismatch'],
        minEffect: args['min-effect'],
        alpha: args.alpha,
      });
    } catch (err) {
      process.exitCode = reportError(err, { logDir: args.out, engines: false });
    }
  },
};
