/** `tsdb-bench list`: the shipped scenarios with their descriptions. */
import type { CommandModule } from 'yargs';
import { listScenarios } from '../scenario/load.js';
import { reportError } from './exit.js';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'List the shipped scenarios (scenarios/*.yaml) with their descriptions',
  handler: () => {
    try {
      const all = listScenarios();
      const width = Math.max(...all.map((s) => s.name.length), 8);
      for (const s of all) {
        const [first, ...rest] = s.description.trim().split('\n');
        process.stdout.write(`${s.name.padEnd(width)}  ${first}\n`);
        for (const line of rest) if (line.trim()) process.stdout.write(`${' '.repeat(width)}  ${line.trim()}\n`);
      }
      process.stdout.write(`\nRun one with: npm run bench -- --scenario <name>\n`);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  },
};
