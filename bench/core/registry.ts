/**
 * Engines, runtimes and phases are discovered from their folders: adding one means adding a
 * folder (bench/engines/<name>/index.ts exporting `engine`, bench/runtimes/<kind>/index.ts
 * exporting `runtime`) or a file (bench/phases/<kind>.ts exporting `phase`). Nothing else lists them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine } from './engine.js';
import type { Runtime } from './runtime.js';
import type { PhaseRunner } from '../phases/types.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function moduleFile(path: string): string | null {
  for (const ext of ['.ts', '.js']) if (existsSync(path + ext)) return path + ext;
  return null;
}

async function importAll<T>(folder: string, exportName: string, perFolder: boolean): Promise<T[]> {
  const dir = join(benchDir, folder);
  const found: T[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = perFolder
      ? entry.isDirectory()
        ? moduleFile(join(dir, entry.name, 'index'))
        : null
      : entry.isFile() && /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')
        ? join(dir, entry.name)
        : null;
    if (!file) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    if (mod[exportName]) found.push(mod[exportName] as T);
  }
  return found;
}

let engines: Map<string, Engine> | undefined;
let runtimes: Map<string, Runtime> | undefined;
let phases: Map<string, PhaseRunner> | undefined;

export async function loadEngines(): Promise<Map<string, Engine>> {
  engines ??= new Map((await importAll<Engine>('engines', 'engine', true)).map((e) => [e.name, e]));
  return engines;
}

export async function loadRuntimes(): Promise<Map<string, Runtime>> {
  runtimes ??= new Map((await importAll<Runtime>('runtimes', 'runtime', true)).map((r) => [r.kind, r]));
  return runtimes;
}

export async function loadPhases(): Promise<Map<string, PhaseRunner>> {
  phases ??= new Map((await importAll<PhaseRunner>('phases', 'phase', false)).map((p) => [p.kind, p]));
  return phases;
}
