/** `tsdb-bench clean`: removes containers left behind by earlier runs (by label). */
import type { CommandModule } from 'yargs';
import { cleanContainers } from '../runtimes/docker/index.js';
import { reportError } from './exit.js';

export const cleanCommand: CommandModule<object, { 'run-id'?: string }> = {
  command: 'clean',
  describe: 'Remove every container labelled tsdb-bench=1 (left by runs that were killed), or only one run\'s',
  builder: (y) => y.option('run-id', { type: 'string', describe: 'Only the containers of this run id' }),
  handler: async (args) => {
    try {
      const removed = await cleanContainers({ runId: args['run-id'] });
      process.stdout.write(`removed ${removed} container(s)\n`);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  },
};
