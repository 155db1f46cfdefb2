/** Writes results.json atomically (temp file + rename) with every registered secret redacted. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Results } from '../core/results.js';
import { redactDeep } from '../core/redact.js';
import { InputError } from '../core/runtime.js';

export function writeResults(file: string, results: Results): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.results.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(redactDeep(results), null, 2) + '\n');
  renameSync(tmp, file);
}

export function readResults(file: string): Results {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: Results;
  try {
    parsed = JSON.parse(text) as Results;
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.schemaVersion !== 'number' || !Array.isArray(parsed.targets)) {
    throw new InputError(`${file}: not a tsdb-bench results file (no schemaVersion/targets)`);
  }
  return parsed;
}
