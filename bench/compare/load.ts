/**
 * Finds and reads results.json files: a path is a file (read as is) or a directory (every
 * `results.json` below it, recursively; dot folders and node_modules skipped).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Results } from '../core/results.js';
import { InputError } from '../core/errors.js';
import { parseResultsText } from '../run/results-file.js';

export interface LoadedRun {
  file: string;
  results: Results;
}

export const RESULTS_FILE_NAME = 'results.json';

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, found);
    else if (entry.isFile() && entry.name === RESULTS_FILE_NAME) found.push(path);
  }
}

/** Every results file a path denotes (a file itself, or results.json files below a directory). */
export async function findResultFiles(path: string): Promise<string[]> {
  const abs = resolve(path);
  const info = await stat(abs).catch(() => null);
  if (!info) throw new InputError(`${path}: no such file or directory`);
  if (info.isFile()) return [abs];
  const found: string[] = [];
  await walk(abs, found);
  return found;
}

export async function loadResultsFile(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseResultsText(text, file);
}

/** Loads every run found under the given paths, ordered by startedAt. */
export async function loadRuns(paths: string | readonly string[]): Promise<LoadedRun[]> {
  const list = typeof paths === 'string' ? [paths] : paths;
  const files: string[] = [];
  for (const p of list) files.push(...(await findResultFiles(p)));
  const runs: LoadedRun[] = [];
  for (const file of [...new Set(files)]) runs.push({ file, results: await loadResultsFile(file) });
  return runs.sort((a, b) => String(a.results.startedAt).localeCompare(String(b.results.startedAt)));
}
