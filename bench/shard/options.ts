/**
 * The shard flags of `run`: `--shard i/N` (or `--shard env/N`: the index from
 * JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it; `--shard env:VAR/N`: from VAR) and
 * `--start-at <ISO instant>`. Bad values are InputErrors naming the flag.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { Scenario } from '../core/scenario.js';

export interface ShardOptions {
  index: number;
  count: number;
  /** Wall-clock epoch ms the measured phases start at; undefined: start when ready. */
  startAtMs?: number;
  /** How late a shard may start before it is reported as late (ms). */
  lateBoundMs: number;
  /** Longest shard 0 waits for the other shards' rows before its single-writer phases (ms). */
  unionWaitMs: number;
}

/** Bound on lateness at the start barrier: later than this, a shard is reported as late. */
export const DEFAULT_LATE_BOUND_MS = 1000;
export const DEFAULT_UNION_WAIT_MS = 10 * 60_000;
export const DEFAULT_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  const m = /^(env(?::([A-Za-z_][A-Za-z0-9_]*))?|\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InputError(`--shard ${value}: expected i/N (e.g. 0/4), env/N (index from $${DEFAULT_INDEX_ENV}) or env:VAR/N`);
  const count = Number(m[3]);
  let raw = m[1];
  if (raw.startsWith('env')) {
    const name = m[2] ?? DEFAULT_INDEX_ENV;
    const v = env[name];
    if (v === undefined || !/^\d+$/.test(v.trim()))
      throw new InputError(`--shard ${value}: environment variable ${name} is ${v === undefined ? 'not set' : `'${v}', not a shard index`}`);
    raw = v.trim();
  }
  const index = Number(raw);
  if (!(count >= 1) || !Number.isSafeInteger(count)) throw new InputError(`--shard ${value}: the shard count must be a positive integer`);
  if (!(index >= 0 && index < count)) throw new InputError(`--shard ${value}: the index must be in 0..${count - 1}`);
  return { index, count };
}

export function parseStartAt(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value.trim()) || !Number.isFinite(ms)) throw new InputError(`--start-at ${value}: expected an ISO 8601 instant, e.g. 2026-12-01T21:00:00Z`);
  return ms;
}

/**
 * The run id all shards of one sharded run share (it names the engine namespace they write
 * into): derived from what every shard is given alike — scenario, seed, shard count, start instant.
 */
export function shardGroupRunId(scenario: Scenario, opts: Pick<ShardOptions, 'count' | 'startAtMs'>): string {
  const h = createHash('sha256')
    .update(JSON.stringify([scenario.name, scenario.dataset.seed, opts.count, opts.startAtMs ?? null, scenario.phases]))
    .digest('hex');
  return `shard${opts.count}-${h.slice(0, 12)}`;
}
