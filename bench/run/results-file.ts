/**
 * results.json on disk: written atomically (temp file + rename) with secrets removed from the
 * values (bench/core/redact.ts, before serialization), and read back only after checking it
 * against results.schema.json, so `report`, `plan`, `compare` and `history` say
 * "X is not a tsdb-bench results file: <first problem>" (exit 2) instead of failing deep inside.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { RESULTS_SCHEMA_VERSION, type Results } from '../core/results.js';
import { redactDeep } from '../core/redact.js';
import { InputError } from '../core/errors.js';
import { formatPath, pointerToPath } from '../scenario/paths.js';
import { withVerdicts } from '../verdict/stored.js';

export const RESULTS_SCHEMA_URL = new URL('../core/results.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
    validator = ajv.compile(JSON.parse(readFileSync(RESULTS_SCHEMA_URL, 'utf8')) as object);
  }
  return validator;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeError(error: ErrorObject, data: unknown): string {
  const path = pointerToPath(error.instancePath, data);
  const where = path.length === 0 ? 'top level' : formatPath(path);
  if (error.keyword === 'required') return `${where}: '${String(error.params.missingProperty)}' is missing`;
  return `${where}: ${error.message ?? 'invalid'}`;
}

/** The parsed JSON of a results file, checked; `file` is how the file is named in messages. */
export function checkResultsValue(value: unknown, file: string): Results {
  const notResults = (why: string): InputError => new InputError(`${file} is not a tsdb-bench results file: ${why}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notResults(`expected a JSON object; found ${kindOf(value)}`);
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > RESULTS_SCHEMA_VERSION) {
    throw new InputError(`${file}: results schema ${version} is newer than this tool's ${RESULTS_SCHEMA_VERSION} (update tsdb-bench)`);
  }
  const check = validate();
  if (!check(value)) throw notResults(describeError(check.errors![0], value));
  // Every reader of a results file comes through here: a file saved without its verdicts gets them once, now.
  return withVerdicts(value as Results);
}

/** Parses and checks the text of a results file. */
export function parseResultsText(text: string, file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const why = err instanceof RangeError ? 'nested too deeply' : (err as Error).message.replace(/\s+/g, ' ').slice(0, 160);
    throw new InputError(`${file} is not a tsdb-bench results file: invalid JSON (${why})`);
  }
  return checkResultsValue(parsed, file);
}

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
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory (name the results.json inside it)' : (code ?? String(err));
    throw new InputError(`${file}: cannot read (${why})`);
  }
  return parseResultsText(text, file);
}
