#!/usr/bin/env node
/**
 * tsdb-bench command line. Exit codes: 0 ok; 1 a gate (threshold claim or regression) failed;
 * 2 bad input (scenario, flags, files); 3 an engine or runtime failed; 4 internal error (a bug:
 * one line on the console, the stack trace in a log file); 130 interrupted.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandsFor } from './commands/index.js';
import { loadRuntimes } from './run/registry.js';
import { EXIT, reportError } from './commands/exit.js';
import { joinNegativeValues } from './commands/argv.js';
import { hideUrlSecretsFromPs } from './runtimes/external/url.js';

// `tsdb-bench list | head` closes stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw err;
});

// Anything that escapes a command's own handling is a bug: one line, the stack in a log file, exit 4.
const onUnexpected = (err: unknown): void => {
  process.exit(reportError(err, { engines: false }));
};
process.on('uncaughtException', onUnexpected);
process.on('unhandledRejection', onUnexpected);

const argv = joinNegativeValues(hideBin(process.argv));
// A password typed into --url is visible in `ps` for as long as the process lives: the
// parsed values are kept in memory, and the process title no longer shows them.
hideUrlSecretsFromPs(argv);

const cli = yargs(argv)
  .scriptName('tsdb-bench')
  .usage(
    '$0 <command> [options]\n\nBenchmark and capacity-planning harness for time-series storage: PostgreSQL, TimescaleDB and InfluxDB on docker, native, embedded (WASM) or external runtimes.',
  )
  .strict()
  .demandCommand(1, 'name a command: run, list, report, compare, history, plan or clean')
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version(false)
  .wrap(Math.min(110, process.stdout.columns || 100))
  .epilogue(
    'Exit codes: 0 ok, 1 a gate failed (refuted threshold claim / regression), 2 bad input, 3 an engine or runtime failed, 4 internal error (stack trace in a log file), 130 interrupted.\nSecrets (passwords, tokens) belong in environment variables: --url postgres=postgres://bench:${PGPASSWORD}@db/bench or --url postgres=env:PG_URL.\nDocs: README.md',
  )
  .fail((msg, err) => {
    if (err) process.exit(reportError(err));
    process.stderr.write(`tsdb-bench: ${msg}\nRun with --help for usage.\n`);
    process.exit(EXIT.input);
  });

// Runtimes are found in their folders; each brings its own `run` options.
for (const command of commandsFor([...(await loadRuntimes()).values()])) cli.command(command);

await cli.parseAsync();
