/**
 * `tsdb-bench history <dir>`: one offline HTML page with the trend of every metric over the
 * runs found under `dir` (recursively), regressions against previous runs and change points.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { loadRuns } from '../compare/load.js';
import { renderHistoryHtml } from './html.js';
import { buildHistory } from './series.js';

export { buildHistory, HISTORY_WINDOW, type History, type HistoryPoint, type HistoryRun, type MetricSeries } from './series.js';
export { findChangePoints, MIN_SEGMENT, type ChangePoint } from './changepoints.js';
export { renderHistoryHtml } from './html.js';
export { renderSeriesSvg } from './svg.js';

export interface HistoryCommandArgs {
  dir: string;
  /** Output HTML file, or a directory (history.html inside). Default `<dir>/history.html`. */
  out?: string;
  /** Previous runs each run is compared with. Default 5. */
  window?: number;
}

export const HISTORY_FILE = 'history.html';

async function outputPath(dir: string, out: string | undefined): Promise<string> {
  if (!out) return join(resolve(dir), HISTORY_FILE);
  const abs = resolve(out);
  const info = await stat(abs).catch(() => null);
  if (info?.isDirectory() || out.endsWith('/') || !/\.html?$/i.test(out)) return join(abs, HISTORY_FILE);
  return abs;
}

/** Returns 0 when the page was written, 2 when there is nothing to read (message on stderr). */
export async function historyCommand(args: HistoryCommandArgs): Promise<number> {
  try {
    const runs = await loadRuns(args.dir);
    if (!runs.length) throw new InputError(`no results.json found under ${args.dir}`);
    const history = buildHistory(runs, { window: args.window });
    const file = await outputPath(args.dir, args.out);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHistoryHtml(history));
    process.stderr.write(`history: ${runs.length} run(s), ${history.series.length} metric series -> ${file}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`history: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
