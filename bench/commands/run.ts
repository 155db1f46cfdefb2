/** `tsdb-bench run --scenario <name|path>`: runs a scenario and writes results.json + reports. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import type { Results } from '../core/results.js';
import { createLogger } from '../core/log.js';
import { runCleanups, runLastResortCleanups } from '../core/cleanup.js';
import { redactDeep } from '../core/redact.js';
import { loadScenario } from '../run/scenario.js';
import { createProgress } from '../measure/progress.js';
import { runScenario } from '../run/runner.js';
import { writeResults } from '../run/results-file.js';
import { runExit, statusTable } from '../run/outcome.js';
import { deadlineSettings, DEFAULT_OP_TIMEOUT_MS, LONG_OP_FACTOR } from '../core/deadlines.js';
import { assessStability, stabilityMarkdown } from '../run/stability.js';
import { writeReports } from '../report/index.js';
import { checkOutDir, EXIT, reportError } from './exit.js';
import type { Runtime } from '../core/runtime.js';
import { addRuntimeOptions, runtimeChoices, runtimeFlags } from './runtime-options.js';
import { shardOptionsFrom } from '../shard/cli.js';

interface RunArgs {
  scenario: string;
  targets?: string;
  runtime?: string;
  out?: string;
  seed?: number;
  set?: string[];
  trials?: number;
  quiet?: boolean;
  verbose?: boolean;
  /** Runtimes' own options (Runtime.cli), by option name. */
  [runtimeOption: string]: unknown;
  strict?: boolean;
  repeat?: number;
  shard?: string;
  'start-at'?: string;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** `run`, with the options of the runtimes found in bench/runtimes/. */
export function runCommand(runtimes: readonly Runtime[]): CommandModule<object, RunArgs> {
  return {
    command: 'run',
    describe: 'Run a scenario against its targets and write results.json, summary.md and report.html',
    builder: (y) =>
      addRuntimeOptions(y, runtimes)
        .option('scenario', { alias: 's', type: 'string', demandOption: true, describe: 'Scenario name (scenarios/<name>.yaml; see `tsdb-bench list`) or path to a YAML file' })
        .option('targets', { alias: 't', type: 'string', describe: 'Comma-separated engines, optionally pinned to a runtime: postgres,timescaledb@embedded,influxdb' })
        .option('runtime', {
          alias: 'r',
          type: 'string',
          choices: runtimeChoices(runtimes),
          describe: "How servers are obtained (default: the scenario's, usually auto = docker > native > embedded)",
        })
        .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default reports/<scenario>-<timestamp>/)' })
        .option('seed', { type: 'number', describe: 'Dataset seed (same seed + scenario = same rows and fingerprint)' })
        .option('set', { type: 'string', array: true, describe: 'Override any scenario value: --set phases[1].rate=5k/s --set dataset.tables.market_price_ticks.keys=50' })
        .option('trials', { type: 'number', describe: 'Trials per phase (overrides the scenario)' })
        .option('strict', {
          type: 'boolean',
          default: false,
          describe:
            'A target that is unavailable on this machine (no binary, daemon or image) fails the run (exit 3) instead of being skipped (exit 0, status partial). CI and the nightly workflow use it',
        })
        .option('repeat', {
          type: 'number',
          describe:
            "Stability check: run the scenario K times (into <out>/run-1..K) and write stability.md: per claim, do the verdicts agree and does each run's interval contain the other runs' estimates? Exit 1 when not",
        })
        .option('shard', {
          type: 'string',
          describe:
            "Run shard i of N of the scenario (i/N, e.g. 0/4; env/N takes i from $JOB_COMPLETION_INDEX, env:VAR/N from $VAR): each shard writes its part of the keys at its share of the rate; combine the shards' results with `tsdb-bench merge`",
        })
        .option('start-at', {
          type: 'string',
          describe: 'Sharded runs: the ISO instant every shard starts its measured phases at (e.g. 2026-12-01T21:00:00Z); a shard later than 1 s is reported as late',
        })
        .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Only warnings, errors and the final summary' })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Debug logging' })
        .epilog(
          `Deadlines: an engine that gives no answer to one operation within ${DEFAULT_OP_TIMEOUT_MS / 1000} s (long statements such as compression: ${(DEFAULT_OP_TIMEOUT_MS * LONG_OP_FACTOR) / 60_000} min) is declared stopped and its target fails; the other targets go on. Override with TSDB_BENCH_OP_TIMEOUT=30s. ` +
            'Secrets: give passwords and tokens through environment variables (--url postgres=postgres://bench:${PGPASSWORD}@db/bench), never literally: a literal is hidden from ps only after start-up.',
        )
        .example('$0 run --scenario smoke', 'quick end-to-end check on PostgreSQL (well under a minute)')
        .example('$0 run -s 10k-ticks --targets postgres,timescaledb --runtime embedded --repeat 3', 'do the verdicts hold from run to run? (stability.md)')
        .example('$0 run --scenario 10k-ticks --targets postgres,timescaledb', 'the main scenario on two engines')
        .example('$0 run -s smoke --runtime docker --image postgres=tsdb-bench/postgres:15-bookworm --docker-network host', 'docker runtime with a locally built image'),
    handler: async (args) => {
      const log = createLogger({ quiet: args.quiet, verbose: args.verbose });
      let latest: Results | undefined;
      let resultsFile: string | undefined;
      const controller = new AbortController();
      let interrupted = false;

      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted) {
          // Second signal: no more waiting on graceful shutdowns, but still leave nothing behind:
          // SIGKILL every server the run started and remove every temp dir, synchronously.
          process.stderr.write('tsdb-bench: second signal, killing servers and removing temp dirs now\n');
          runLastResortCleanups();
          process.exit(EXIT.interrupted);
        }
        interrupted = true;
        process.stderr.write(`\ntsdb-bench: ${signal} received — saving partial results and stopping servers...\n`);
        controller.abort(new Error(`interrupted by ${signal}`));
        if (latest && resultsFile) {
          latest.status = 'incomplete';
          latest.statusReason = `interrupted by ${signal}`;
          latest.finishedAt = new Date().toISOString();
          for (const t of latest.targets) if (t.status === 'incomplete') t.error = `interrupted by ${signal}`;
          try {
            writeResults(resultsFile, latest);
            process.stderr.write(`tsdb-bench: partial results (marked incomplete) in ${resultsFile}\n`);
          } catch (err) {
            process.stderr.write(`tsdb-bench: could not save partial results: ${(err as Error).message}\n`);
          }
        }
        void runCleanups().finally(() => process.exit(EXIT.interrupted));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      let code: number = EXIT.ok;
      try {
        checkOutDir(args.out);
        deadlineSettings(); // a bad TSDB_BENCH_OP_TIMEOUT is bad input: exit 2 before anything starts
        const scenario = loadScenario(args.scenario, {
          set: args.set,
          seed: args.seed,
          trials: args.trials,
          targets: args.targets
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          runtime: args.runtime,
        });
        const baseDir = args.out ?? join('reports', `${scenario.name}-${timestamp()}`);
        const repeat = args.repeat ?? 1;
        const shard = shardOptionsFrom(args.shard, args['start-at'], repeat);
        const flags = runtimeFlags(runtimes, args);
        log.info(`scenario ${scenario.name}: ${scenario.description.split('\n')[0]}`);
        log.info(`output: ${baseDir}${repeat > 1 ? ` (${repeat} runs: run-1 .. run-${repeat}, then stability.md)` : ''}`);
        const runs: Results[] = [];
        const dirs: string[] = [];
        for (let k = 1; k <= repeat; k++) {
          const outDir = repeat > 1 ? join(baseDir, `run-${k}`) : baseDir;
          if (repeat > 1) log.info(`== run ${k} of ${repeat}`);
          resultsFile = join(outDir, 'results.json');
          const outcome = await runScenario({
            scenario,
            outDir,
            log,
            progress: createProgress({ quiet: !!args.quiet, tty: !!process.stderr.isTTY, log }),
            signal: controller.signal,
            command: ['tsdb-bench', ...process.argv.slice(2)].join(' '),
            flags,
            onResults: (r) => (latest = r),
            ...(shard ? { shard } : {}),
          });
          // results.json as saved by the runner, verdicts included.
          const results = outcome.results;
          // Reports are rendered from what results.json holds (secrets redacted), as `report` would:
          // the in-memory results still carry e.g. a password typed into the command line.
          const written = await writeReports(redactDeep(results), outDir);
          for (const c of results.claims) log.info(`claim ${c.id}: ${c.verdict.toUpperCase()} — ${c.reason}`);
          process.stdout.write(`results: ${outcome.resultsFile}\n${written.files.map((f) => `report:  ${f}`).join('\n')}\n`);
          process.stdout.write(`${statusTable(results)}\n`);
          const exit = runExit(results, { strict: !!args.strict });
          for (const r of exit.reasons) log.warn(r);
          code = Math.max(code, exit.code);
          runs.push(results);
          dirs.push(outDir);
        }
        if (repeat > 1) {
          const report = assessStability(runs);
          mkdirSync(baseDir, { recursive: true });
          writeFileSync(join(baseDir, 'stability.json'), JSON.stringify(report, null, 2) + '\n');
          writeFileSync(join(baseDir, 'stability.md'), stabilityMarkdown(report, dirs) + '\n');
          for (const it of report.items.filter((i) => i.kind === 'claim')) {
            process.stdout.write(`stability ${it.id}: ${it.stable ? 'holds' : `DOES NOT HOLD — ${it.problems.join('; ')}`}\n`);
          }
          process.stdout.write(`stability: ${report.stable ? 'STABLE' : 'NOT STABLE'} over ${repeat} runs — ${join(baseDir, 'stability.md')}\n`);
          if (!report.stable && code === EXIT.ok) code = EXIT.gate;
        }
      } catch (err) {
        if (interrupted) return new Promise<void>(() => {}); // the signal handler exits
        code = reportError(err, { logDir: resultsFile ? join(resultsFile, '..') : args.out });
      } finally {
        if (!interrupted) await runCleanups();
      }
      process.exitCode = code;
    },
  };
}
