/**
 * `tsdb-bench compare <baseline> <current>`: load, compare, print Markdown to stdout, write
 * compare.md, comparison.json and the CI-service JSON files into `out`. Exit code: 0 no
 * regression, 1 regression, 2 bad input or refused comparison (one line on stderr says why).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareResults } from './compare.js';
import { InputError } from '../core/errors.js';
import { loadRuns } from './load.js';
import { renderCompareMarkdown } from './markdown.js';
import { toBencherMetricFormat, toGithubActionBenchmark } from './outputs.js';
import { parseMinEffectFlags } from './thresholds.js';

export interface CompareCommandArgs {
  baseline: string;
  current: string;
  out?: string;
  allowMismatch?: boolean;
  /** `kind=fraction` entries, e.g. ['throughput=0.05', 'query=20%', 'ingest.latency_p99_ms=0.3']. */
  minEffect?: string[];
  alpha?: number;
  /** Relative tolerance for deterministic figures (default 1e-9). */
  tolerance?: number;
}

export interface CompareIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
}

const defaultIo: CompareIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(line + '\n'),
};

/** Files written into `out`. */
export const COMPARE_FILES = {
  markdown: 'compare.md',
  comparison: 'comparison.json',
  smaller: 'customSmallerIsBetter.json',
  bigger: 'customBiggerIsBetter.json',
  bencher: 'bencher.json',
} as const;

export async function compareCommand(args: CompareCommandArgs, io: CompareIo = defaultIo): Promise<number> {
  try {
    if (args.alpha !== undefined && !(args.alpha > 0 && args.alpha < 1)) throw new InputError(`--alpha must be in (0, 1), got ${args.alpha}`);
    if (args.tolerance !== undefined && !(args.tolerance >= 0 && args.tolerance < 1)) {
      throw new InputError(`--tolerance must be in [0, 1), got ${args.tolerance}`);
    }
    let minEffect: Record<string, number>;
    try {
      minEffect = parseMinEffectFlags(args.minEffect ?? []);
    } catch (err) {
      throw new InputError((err as Error).message);
    }
    const baseline = await loadRuns(args.baseline);
    const current = await loadRuns(args.current);
    if (!baseline.length) throw new InputError(`no results.json found under ${args.baseline}`);
    if (!current.length) throw new InputError(`no results.json found under ${args.current}`);
    const comparison = compareResults(
      baseline.map((r) => r.results),
      current.map((r) => r.results),
      {
        alpha: args.alpha,
        tolerance: args.tolerance,
        minEffect,
        allowMismatch: args.allowMismatch ?? false,
        baselineFiles: baseline.map((r) => r.file),
        currentFiles: current.map((r) => r.file),
      },
    );
    if (!comparison.groups.some((g) => g.baselineRuns > 0 && g.currentRuns > 0)) {
      const names = (runs: typeof baseline) => [...new Set(runs.map((r) => r.results.scenario.name))].join(', ');
      throw new InputError(`nothing to compare: baseline scenarios [${names(baseline)}], current scenarios [${names(current)}] share no target`);
    }
    const markdown = renderCompareMarkdown(comparison);
    io.stdout(markdown);
    if (args.out) {
      const dir = resolve(args.out);
      await mkdir(dir, { recursive: true });
      const gab = toGithubActionBenchmark(comparison);
      const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
      await writeFile(join(dir, COMPARE_FILES.markdown), markdown);
      await writeFile(join(dir, COMPARE_FILES.comparison), json(comparison));
      await writeFile(join(dir, COMPARE_FILES.smaller), json(gab.customSmallerIsBetter));
      await writeFile(join(dir, COMPARE_FILES.bigger), json(gab.customBiggerIsBetter));
      await writeFile(join(dir, COMPARE_FILES.bencher), json(toBencherMetricFormat(current.map((r) => r.results))));
    }
    const { counts } = comparison;
    if (comparison.status === 'regression') {
      io.stderr(`compare: ${counts.regression} regression(s)${counts.refused ? `, ${counts.refused} target(s) refused` : ''}`);
      return 1;
    }
    if (comparison.status === 'refused') {
      const first = comparison.groups.find((g) => g.status === 'refused')!;
      io.stderr(`compare: refused ${counts.refused} target(s), e.g. ${first.target}: ${first.reason}`);
      return 2;
    }
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`compare: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
