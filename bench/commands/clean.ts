/** `tsdb-bench clean`: removes containers left behind by earlier runs (by label). */
import type { CommandModule } from 'yargs';
import { createLogger } from '../core/log.js';
import { cleanContainers } from '../runtimes/docker/index.js';
import { reportError } from './exit.js';

export const cleanCommand: CommandModule<object, { 'run-id'?: string }> = {
  command: 'clean',
  describe: 'Remove containers labelled tsdb-bench=1 left by runs that were killed (those of runs in progress are kept), or every container of one run',
  builder: (y) => y.option('run-id', { type: 'string', describe: 'Only the containers of this run id' }),
  handler: async (args) => {
    try {
      // The logger says which containers were kept (their run is still in progress) and why.
      const removed = await cleanContainers({ runId: args['run-id'], log: createLogger() });
      process.stdout.write(`removed ${removed} container(s)\n`);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  },
};
