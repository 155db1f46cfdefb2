/** `tsdb-bench run --scenario <name|path>`: runs a scenario and writes results.json + reports. */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import type { Results } from '../core/results.js';
import { createLogger } from '../core/log.js';
import { runCleanups } from '../core/cleanup.js';
import { redactDeep } from '../core/redact.js';
import { loadScenario } from '../scenario/load.js';
import { createProgress } from '../measure/progress.js';
import { runScenario } from '../run/runner.js';
import { writeResults } from '../run/results-file.js';
import { evaluateClaims, gateFailed } from '../verdict/claims.js';
import { writeReports } from '../report/index.js';
import { EXIT, parsePairs, reportError } from './exit.js';

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
  image?: string[];
  'docker-network'?: string;
  url?: string[];
  'docker-pull'?: boolean;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run a scenario against its targets and write results.json, summary.md and report.html',
  builder: (y) =>
    y
      .option('scenario', { alias: 's', type: 'string', demandOption: true, describe: 'Scenario name (scenarios/<name>.yaml; see `tsdb-bench list`) or path to a YAML file' })
      .option('targets', { alias: 't', type: 'string', describe: 'Comma-separated engines, optionally pinned to a runtime: postgres,timescaledb@embedded,influxdb' })
      .option('runtime', { alias: 'r', type: 'string', choices: ['auto', 'docker', 'native', 'embedded', 'external'], describe: 'How servers are obtained (default: the scenario\'s, usually auto = docker > native > embedded)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Output directory (default reports/<scenario>-<timestamp>/)' })
      .option('seed', { type: 'number', describe: 'Dataset seed (same seed + scenario = same rows and fingerprint)' })
      .option('set', { type: 'string', array: true, describe: 'Override any scenario value: --set phases[1].rate=5k/s --set dataset.tables.market_price_ticks.keys=50' })
      .option('trials', { type: 'number', describe: 'Trials per phase (overrides the scenario)' })
      .option('image', { type: 'string', array: true, describe: 'Docker image per engine: --image postgres=postgres:16-bookworm' })
      .option('docker-network', { type: 'string', choices: ['bridge', 'host'], describe: 'Docker networking: mapped ports (bridge, default) or host network bound to 127.0.0.1' })
      .option('docker-pull', { type: 'boolean', default: process.env.TSDB_BENCH_DOCKER_PULL !== '0', describe: 'Pull a missing docker image (--no-docker-pull, or TSDB_BENCH_DOCKER_PULL=0, never contacts a registry: for machines without one)' })
      .option('url', { type: 'string', array: true, describe: 'External runtime URL per engine: --url postgres=postgres://bench:${PGPASSWORD}@db:5432/bench (secrets from env vars, redacted everywhere)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Only warnings, errors and the final summary' })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Debug logging' })
      .example('$0 run --scenario smoke', 'quick end-to-end check on PostgreSQL (well under a minute)')
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
        process.stderr.write('tsdb-bench: second signal, exiting now\n');
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
      const scenario = loadScenario(args.scenario, {
        set: args.set,
        seed: args.seed,
        trials: args.trials,
        targets: args.targets?.split(',').map((s) => s.trim()).filter(Boolean),
        runtime: args.runtime,
      });
      const outDir = args.out ?? join('reports', `${scenario.name}-${timestamp()}`);
      resultsFile = join(outDir, 'results.json');
      const flags = {
        images: parsePairs(args.image, 'image'),
        dockerNetwork: args['docker-network'],
        dockerPull: args['docker-pull'],
        urls: parsePairs(args.url, 'url'),
      };
      log.info(`scenario ${scenario.name}: ${scenario.description.split('\n')[0]}`);
      log.info(`output: ${outDir}`);
      const outcome = await runScenario({
        scenario,
        outDir,
        log,
        progress: createProgress({ quiet: !!args.quiet, tty: !!process.stderr.isTTY, log }),
        signal: controller.signal,
        command: ['tsdb-bench', ...process.argv.slice(2)].join(' '),
        flags,
        onResults: (r) => (latest = r),
      });
      const results = outcome.results;
      results.claims = evaluateClaims(results);
      writeResults(outcome.resultsFile, results);
      // Reports are rendered from what results.json holds (secrets redacted), as `report` would:
      // the in-memory results still carry e.g. a password typed into the command line.
      const written = await writeReports(redactDeep(results), outDir);
      for (const c of results.claims) log.info(`claim ${c.id}: ${c.verdict.toUpperCase()} — ${c.reason}`);
      process.stdout.write(`results: ${outcome.resultsFile}\n${written.files.map((f) => `report:  ${f}`).join('\n')}\n`);
      if (outcome.targetFailed) code = EXIT.target;
      else if (gateFailed(results.claims)) {
        log.warn('a gate claim was refuted');
        code = EXIT.gate;
      }
    } catch (err) {
      if (interrupted) return new Promise<void>(() => {}); // the signal handler exits
      code = reportError(err);
    } finally {
      if (!interrupted) await runCleanups();
    }
    process.exitCode = code;
  },
};
