/**
 * `tsdb-bench list`: the shipped scenarios with their descriptions; `--queries` the named
 * queries; `--metrics` the metric keys claims can name (for one scenario with `--scenario`,
 * else the catalogue's patterns per phase kind).
 */
import type { CommandModule } from 'yargs';
import { QUERIES } from '../queries/catalog.js';
import { listScenarios } from '../scenario/load.js';
import { loadScenario, PHASE_MODULES } from '../run/scenario.js';
import { phaseTables } from '../scenario/normalize.js';
import { catalogueLines, scenarioMetrics, type CataloguedPhase } from '../verdict/metric-catalog.js';
import { reportError } from './exit.js';

interface ListArgs {
  metrics?: boolean;
  queries?: boolean;
  scenario?: string;
}

function out(line = ''): void {
  process.stdout.write(line + '\n');
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows)
    out(
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    );
}

function listShippedScenarios(): void {
  const all = listScenarios();
  const width = Math.max(...all.map((s) => s.name.length), 8);
  for (const s of all) {
    const [first, ...rest] = s.description.trim().split('\n');
    out(`${s.name.padEnd(width)}  ${first}`);
    for (const line of rest) if (line.trim()) out(`${' '.repeat(width)}  ${line.trim()}`);
  }
  out(`\nRun one with: npm run bench -- --scenario <name>`);
  out('Metric keys for claims: tsdb-bench list --metrics [--scenario <name>]; named queries: tsdb-bench list --queries');
}

function listQueries(): void {
  table([['query id', 'table', 'what it asks'], ...QUERIES.map((q) => [q.id, q.table, q.title])]);
}

function listMetrics(scenarioName: string | undefined): void {
  if (scenarioName === undefined) {
    out('Metric keys are <phase id>.<metric>; per phase kind:\n');
    table([['phase kind', 'metric', 'what it is'], ...catalogueLines(PHASE_MODULES).map((l) => [l.kind, l.name, l.description])]);
    out("\n<query id>: see `tsdb-bench list --queries`; <table>: the tables the scenario loads. For one scenario's exact keys: tsdb-bench list --metrics --scenario <name>");
    return;
  }
  const scenario = loadScenario(scenarioName);
  const metrics = scenarioMetrics(scenario.phases as unknown as CataloguedPhase[], phaseTables(scenario.phases), PHASE_MODULES);
  out(`Metric keys of scenario ${scenario.name} (what claims' metric / baselineMetric can name):\n`);
  table([['metric key', 'phase kind', 'what it is'], ...[...metrics.entries()].map(([key, m]) => [key, m.kind, m.description])]);
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'List the shipped scenarios (scenarios/*.yaml); --queries the named queries; --metrics the metric keys claims can name',
  builder: (y) =>
    y
      .option('metrics', { type: 'boolean', describe: 'List metric keys (per phase kind, or of one scenario with --scenario)' })
      .option('queries', { type: 'boolean', describe: 'List the named queries (ids usable in query/mixed phases and metric keys)' })
      .option('scenario', { alias: 's', type: 'string', describe: 'With --metrics: the exact metric keys of this scenario (name or path)' }),
  handler: (args) => {
    try {
      if (args.queries) listQueries();
      if (args.metrics) {
        if (args.queries) out();
        listMetrics(args.scenario);
      }
      if (!args.queries && !args.metrics) listShippedScenarios();
    } catch (err) {
      process.exitCode = reportError(err, { engines: false });
    }
  },
};
