/**
 * Engines, runtimes and phase kinds are discovered from their folders: adding one means adding a
 * folder. Nothing else lists them.
 *
 * - bench/engines/<name>/index.ts exporting `engine`;
 * - bench/runtimes/<kind>/index.ts exporting `runtime`;
 * - bench/phases/<kind>/index.ts exporting `phase` (a PhaseModule: kind, spec schema and
 *   defaults, runner, report). A folder whose index does not export `phase` (or has no index,
 *   like bench/phases/write/) is shared code, not a kind.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine } from '../core/engine.js';
import type { Runtime } from '../core/runtime.js';
import type { PhaseModule } from '../phases/types.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function moduleFile(path: string): string | null {
  for (const ext of ['.ts', '.js']) if (existsSync(path + ext)) return path + ext;
  return null;
}

/** `exportName` of every `<dir>/<folder>/index` module that has it, folders in name order. */
async function importAll<T>(dir: string, exportName: string): Promise<T[]> {
  const found: T[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = entry.isDirectory() ? moduleFile(join(dir, entry.name, 'index')) : null;
    if (!file) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    if (mod[exportName]) found.push(mod[exportName] as T);
  }
  return found;
}

function isPhaseModule(value: unknown): value is PhaseModule {
  const m = value as Partial<PhaseModule> | null;
  return typeof m?.kind === 'string' && typeof m.run === 'function' && typeof m.schema === 'object' && typeof m.defaults === 'object';
}

let engines: Map<string, Engine> | undefined;
let runtimes: Map<string, Runtime> | undefined;
let phases: Map<string, PhaseModule> | undefined;

export async function loadEngines(): Promise<Map<string, Engine>> {
  engines ??= new Map((await importAll<Engine>(join(benchDir, 'engines'), 'engine')).map((e) => [e.name, e]));
  return engines;
}

export async function loadRuntimes(): Promise<Map<string, Runtime>> {
  runtimes ??= new Map((await importAll<Runtime>(join(benchDir, 'runtimes'), 'runtime')).map((r) => [r.kind, r]));
  return runtimes;
}

/**
 * The phase kinds of bench/phases/ plus those of `extraDirs` (folders laid out the same way,
 * e.g. a test's fixture kinds). A kind found twice is an error, not a silent override.
 */
export async function discoverPhases(extraDirs: readonly string[] = []): Promise<Map<string, PhaseModule>> {
  const found = new Map<string, PhaseModule>();
  for (const dir of [join(benchDir, 'phases'), ...extraDirs]) {
    for (const candidate of await importAll<unknown>(dir, 'phase')) {
      if (!isPhaseModule(candidate)) throw new Error(`${dir}: a folder's index exports \`phase\` that is not a phase module (kind, schema, defaults, run)`);
      if (found.has(candidate.kind)) throw new Error(`phase kind '${candidate.kind}' is defined twice (again in ${dir})`);
      found.set(candidate.kind, candidate);
    }
  }
  return found;
}

/** The phase kinds of bench/phases/ (discovered once). */
export async function loadPhases(): Promise<Map<string, PhaseModule>> {
  phases ??= await discoverPhases();
  return phases;
}
