/**
 * Bounds the schema cannot express, checked on the normalized scenario before anything runs:
 *
 * - planning is bounded: every stream is generated once before the run to fingerprint it, and
 *   the key table is held in memory, so keys per table and rows per stream have ceilings
 *   (a `keys: 5G` typo must exit 2, not fill the memory);
 * - spans and durations that rows or steps are spread over are above zero, and a span holds
 *   its rows (every row has a unique microsecond timestamp);
 * - engine settings never move a throwaway server off loopback or change how it is reached:
 *   the runtime chooses addresses, ports and sockets.
 */
import type { EngineOptions, PhaseSpec, Scenario } from '../core/scenario.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from './problems.js';
import { didYouMean } from './suggest.js';

/** Distinct keys per table (symbols, sources...): the key names and popularity table live in memory. */
export const MAX_KEYS = 1_000_000;
/** Rows of one generated stream (one preload / growth load, one ingest trial, one saturate step). */
export const MAX_ROWS_PER_STREAM = 100_000_000;

/** Duration keys (normalized names) that rows or steps are spread over: zero makes no sense. */
const POSITIVE_DURATIONS = ['spanMs', 'durationMs', 'stepDurationMs', 'budgetMs', 'intervalMs'] as const;

/**
 * Settings that would change where or how a server listens (PostgreSQL GUCs; InfluxDB config
 * keys, matched on their last segment so `http.bind-address`, `bind-address`,
 * `meta.bind-address` all count). Matched for every engine: a setting name means the same
 * thing whichever engine it is given to, and no engine needs them.
 */
const LISTEN_SETTINGS = new Set([
  'listen_addresses',
  'port',
  'unix_socket_directories',
  'unix_socket_group',
  'unix_socket_permissions',
  'hba_file',
  'ident_file',
  'bind-address',
  'unix-socket-enabled',
  'unix-socket-path',
  'bind-socket',
  'auth-enabled',
  // InfluxDB 2.x / 3.x (influxd http-bind-address; influxdb3 serve options)
  'http-bind-address',
  'http-bind',
  'admin-token-recovery-http-bind',
  'without-auth',
  'disable-authz',
  'admin-token-file',
]);

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function listenSettingProblems(engines: Readonly<Record<string, EngineOptions>>): Problem[] {
  const problems: Problem[] = [];
  for (const [engine, options] of Object.entries(engines)) {
    for (const key of Object.keys(options.settings ?? {})) {
      const last = key.split('.').pop()!.toLowerCase();
      if (!LISTEN_SETTINGS.has(key.toLowerCase()) && !LISTEN_SETTINGS.has(last)) continue;
      problems.push({
        path: ['engines', engine, 'settings', key],
        message: `setting '${key}' is not allowed: the harness chooses how its throwaway servers listen (loopback, a random free port, a private socket directory, authentication); remove it (for a server of your own, use --url with the external runtime)`,
      });
    }
  }
  return problems;
}

function rowsProblem(path: Problem['path'], rows: number, what: string): Problem[] {
  if (!(rows > MAX_ROWS_PER_STREAM)) return [];
  return [
    {
      path,
      message: `${what} ${fmt(rows)} rows in one stream, above the limit of ${fmt(MAX_ROWS_PER_STREAM)} rows per stream (every stream is generated once before the run to fingerprint it)`,
    },
  ];
}

/** Engines are folders of bench/engines/ with an index module (as bench/run/registry.ts finds them). */
export function knownEngines(): string[] {
  const dir = fileURLToPath(new URL('../engines/', import.meta.url));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ['index.ts', 'index.js'].some((f) => existsSync(join(dir, e.name, f))))
    .map((e) => e.name)
    .sort();
}

/** Targets and `engines:` keys naming an engine that does not exist. */
export function unknownEngineProblems(targets: readonly string[], engineKeys: readonly string[]): Problem[] {
  const known = knownEngines();
  if (known.length === 0) return [];
  const problems: Problem[] = [];
  const check = (name: string, path: Problem['path']): void => {
    if (!known.includes(name)) problems.push({ path, message: `unknown engine '${name}'${didYouMean(name, known)}; engines: ${known.join(', ')}` });
  };
  targets.forEach((t, i) => check(t.split('@')[0], ['targets', i]));
  for (const key of engineKeys) check(key, ['engines', key]);
  return problems;
}

export function phaseLimitProblems(phases: readonly PhaseSpec[]): Problem[] {
  const problems: Problem[] = [];
  phases.forEach((raw, i) => {
    const phase = raw as unknown as Record<string, unknown>;
    const at = (key: string): Problem['path'] => ['phases', i, key];
    for (const key of POSITIVE_DURATIONS) {
      if (phase[key] === 0) problems.push({ path: at(key.slice(0, -2)), message: 'expected a duration above zero; found 0' });
    }
    const num = (key: string): number | undefined => (typeof phase[key] === 'number' && Number.isFinite(phase[key]) ? (phase[key] as number) : undefined);
    const rows = num('rows');
    if (rows !== undefined) problems.push(...rowsProblem(at('rows'), rows, 'found'));
    const span = num('spanMs');
    if (rows !== undefined && span !== undefined && span > 0 && rows <= MAX_ROWS_PER_STREAM && rows > span * 1000) {
      problems.push({
        path: at('rows'),
        message: `${fmt(rows)} rows do not fit in a span of ${fmt(span)} ms (every row has its own microsecond timestamp): at most ${fmt(span * 1000)}`,
      });
    }
    const rate = num('rate');
    const duration = num('durationMs');
    if (rate !== undefined && duration !== undefined) {
      problems.push(...rowsProblem(at('duration'), Math.round((rate * duration) / 1000), 'rate x duration makes'));
    }
    const maxRate = num('maxRate');
    const step = num('stepDurationMs');
    // Generic by field names, as above: a kind with a maximum rate held for a step duration.
    if (maxRate !== undefined && step !== undefined) {
      problems.push(...rowsProblem(at('maxRate'), Math.round((maxRate * step) / 1000), 'maxRate x stepDuration makes'));
    }
  });
  return problems;
}

export function datasetLimitProblems(dataset: Scenario['dataset']): Problem[] {
  const problems: Problem[] = [];
  for (const [table, shape] of Object.entries(dataset.tables)) {
    const keys = (shape as { keys?: unknown } | undefined)?.keys;
    if (typeof keys === 'number' && keys > MAX_KEYS) {
      problems.push({ path: ['dataset', 'tables', table, 'keys'], message: `expected at most ${fmt(MAX_KEYS)} keys per table; found ${fmt(keys)}` });
    }
  }
  return problems;
}
