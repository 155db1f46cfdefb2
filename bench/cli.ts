#!/usr/bin/env node
/**
 * tsdb-bench command line. Exit codes: 0 ok; 1 a gate (threshold claim or regression) failed;
 * 2 bad input (scenario, flags, files); 3 an engine or runtime failed; 130 interrupted.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { EXIT } from './commands/exit.js';

const cli = yargs(hideBin(process.argv))
  .scriptName('tsdb-bench')
  .usage('$0 <command> [options]\n\nBenchmark and capacity-planning harness for time-series storage: PostgreSQL, TimescaleDB and InfluxDB on docker, native, embedded (WASM) or external runtimes.')
  .strict()
  .demandCommand(1, 'name a command: run, list, report, compare, history, plan or clean')
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version(false)
  .wrap(Math.min(110, process.stdout.columns || 100))
  .epilogue('Exit codes: 0 ok, 1 a gate failed (refuted threshold claim / regression), 2 bad input, 3 an engine or runtime failed, 130 interrupted.\nDocs: README.md')
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`tsdb-bench: ${msg}\nRun with --help for usage.\n`);
    process.exit(EXIT.input);
  });

for (const command of commands) cli.command(command);

await cli.parseAsync();
