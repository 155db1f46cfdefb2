/**
 * The architecture check (npm test runs it through test/unit/architecture.test.ts; also
 * `npx depcruise bench`): imports run one way, the way data flows — scenario → plan → targets →
 * phases → results → reports — and never in a circle.
 *
 * LAYERS lists the folders of bench/ from the bottom up. A module may import its own folder and
 * any folder below it; importing a folder above it is an "upward import" and fails the check.
 * Type-only imports count too (they are dependencies of the design, if not of the bundle).
 */
const LAYERS = [
  'core', // contracts (Engine, Runtime, results, scenario types), errors, logging, cleanup
  'format', // numbers, bytes, durations as the reports print them
  'measure', // clocks, histograms, statistics, progress
  'sql', // SQL endpoints over the wire and in WASM
  'generate', // seeded datasets, key spaces, streams
  'queries', // the named queries and their answers
  'verdict', // metric catalogue and claim evaluation
  'scenario', // loading, validating and normalizing scenario files
  'engines', // one folder per engine
  'runtimes', // one folder per runtime
  'phases', // one folder per phase kind
  'shard', // splitting a run into shards and merging them
  'run', // the runner: plan, targets, trials, results file
  'capacity', // projections from results
  'report', // Markdown and HTML reports
  'compare', // comparing two results files
  'history', // series over many results files
  'commands', // the CLI's commands
  'cli.ts', // the entry point
];

const folder = (name) => (name.endsWith('.ts') ? `^bench/${name.replace('.', '\\.')}$` : `^bench/${name}/`);

const upward = LAYERS.slice(0, -1).map((name, i) => ({
  name: `upward-from-${name.replace('.ts', '')}`,
  comment: `bench/${name} may import only ${LAYERS.slice(0, i + 1).join(', ')}: the folders above it (${LAYERS.slice(i + 1).join(', ')}) depend on it, not the other way round`,
  severity: 'error',
  from: { path: folder(name) },
  to: {
    path: LAYERS.slice(i + 1)
      .map(folder)
      .join('|'),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a circle of imports: each module would need the others to be loaded first',
      severity: 'error',
      from: { path: '^bench/' },
      to: { circular: true },
    },
    {
      name: 'unknown-folder',
      comment: 'every module under bench/ belongs to a layer of .dependency-cruiser.cjs (add a new folder to LAYERS)',
      severity: 'error',
      from: { path: '^bench/', pathNot: LAYERS.map(folder).join('|') },
      to: {},
    },
    ...upward,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
