/**
 * Finds and reads results.json files: a path is a file (read as is) or a directory (every
 * `results.json` below it, recursively; dot folders and node_modules skipped).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RESULTS_SCHEMA_VERSION, type Results } from '../core/results.js';

export interface LoadedRun {
  file: string;
  results: Results;
}

/** Bad input (missing path, unreadable or foreign JSON): the command exits 2 with the message. */
export class InputError extends Error {}

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

/** Minimal structural check: enough for compare/history to read the file safely. */
export function checkResults(value: unknown, file: string): Results {
  const r = value as Partial<Results> | null;
  if (!r || typeof r !== 'object') throw new InputError(`${file}: not a JSON object`);
  if (typeof r.schemaVersion !== 'number') throw new InputError(`${file}: not a tsdb-bench results file (no schemaVersion)`);
  if (r.schemaVersion > RESULTS_SCHEMA_VERSION) {
    throw new InputError(`${file}: results schema ${r.schemaVersion} is newer than this tool's ${RESULTS_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(r.targets) || !r.scenario || typeof r.scenario.name !== 'string' || !r.dataset) {
    throw new InputError(`${file}: not a tsdb-bench results file (targets, scenario or dataset missing)`);
  }
  return r as Results;
}

export async function loadResultsFile(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: invalid JSON (${(err as Error).message})`);
  }
  return checkResults(parsed, file);
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
