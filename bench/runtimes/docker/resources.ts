/**
 * Container resource limits, equal for every engine container of a run: scenario-wide
 * `docker: { cpus, memory, shmSize }` with per-engine `engines.<name>.options.docker`
 * overriding single fields. Sizes are bytes or strings like "1g", "512MiB", "2GB".
 */
import { InputError } from '../../core/errors.js';
import type { EngineOptions } from '../../core/scenario.js';

export interface DockerResources {
  /** CPUs (fractional allowed); null = unlimited. */
  cpus: number | null;
  /** Memory limit in bytes; null = unlimited. */
  memoryBytes: number | null;
  /** /dev/shm size in bytes (docker's default 64 MiB is too small for PostgreSQL). */
  shmSizeBytes: number;
}

export const DEFAULT_SHM_BYTES = 1024 ** 3;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/** 1073741824, "1g", "1 GiB", "512MB" -> bytes (k/m/g alone are binary, as docker reads them). */
export function parseSize(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round(value);
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value.replace(/_/g, ''));
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    if (m && unit !== undefined && Number(m[1]) > 0) return Math.round(Number(m[1]) * unit);
  }
  throw new InputError(`${what}: expected a size such as 1g or 512MiB, got ${JSON.stringify(value)}`);
}

function parseCpus(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n;
  throw new InputError(`${what}: expected a positive number of CPUs, got ${JSON.stringify(value)}`);
}

function section(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function dockerResources(scenario: object, options: Pick<EngineOptions, 'options'>): DockerResources {
  // A top-level `docker:` section (not in the scenario schema today; kept for hand-built scenarios).
  const merged = { ...section((scenario as { docker?: unknown }).docker), ...section(options.options?.docker) };
  return {
    cpus: merged.cpus === undefined ? null : parseCpus(merged.cpus, 'docker.cpus'),
    memoryBytes: merged.memory === undefined ? null : parseSize(merged.memory, 'docker.memory'),
    shmSizeBytes: merged.shmSize === undefined ? DEFAULT_SHM_BYTES : parseSize(merged.shmSize, 'docker.shmSize'),
  };
}
