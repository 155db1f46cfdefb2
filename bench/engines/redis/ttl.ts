/**
 * The seed's Redis data is short-lived ("< 1 hour TTL"). Two checks, run at flush():
 * - every key of the run carries a TTL (PTTL >= 0): a key without one would live forever and
 *   the hot tier would grow without bound;
 * - keys written with a short TTL are gone after it: PROBE_KEYS hashes shaped like the live
 *   behaviour hashes, PEXPIRE PROBE_TTL_MS, then after the TTL plus a margin none may exist.
 * Either failing fails the target (the figures would describe a tier that is not short-lived).
 */
import { TargetError } from '../../core/errors.js';
import type { RedisKeys } from './keys.js';

type Send = (args: string[]) => Promise<unknown>;

export const PROBE_KEYS = 20;
export const PROBE_TTL_MS = 500;
export const PROBE_MARGIN_MS = 300;

export async function checkKeysHaveTtl(send: Send, keys: readonly string[]): Promise<void> {
  const ttls = (await Promise.all(keys.map((k) => send(['PTTL', k])))) as number[];
  const forever = keys.filter((_, i) => ttls[i] === -1);
  if (forever.length > 0) throw new TargetError(`redis: ${forever.length} of the run's keys have no TTL (e.g. ${forever[0]})`);
}

/** Writes the probe keys, waits their TTL plus a margin and returns what was checked. */
export async function checkTtlExpiry(send: Send, keys: RedisKeys, ttlMs = PROBE_TTL_MS, marginMs = PROBE_MARGIN_MS): Promise<string> {
  const names = Array.from({ length: PROBE_KEYS }, (_, i) => keys.ttlProbe(i));
  await Promise.all(names.flatMap((k) => [send(['HSET', k, 'trust_score', '0.9', 'error_rate', '0.01']), send(['PEXPIRE', k, String(ttlMs)])]));
  const before = (await send(['EXISTS', ...names])) as number;
  if (before !== names.length) throw new TargetError(`redis TTL check: only ${before} of ${names.length} probe keys exist right after writing`);
  await new Promise((r) => setTimeout(r, ttlMs + marginMs));
  const after = (await send(['EXISTS', ...names])) as number;
  if (after !== 0) throw new TargetError(`redis TTL check: ${after} of ${names.length} keys written with a ${ttlMs} ms TTL still exist after ${ttlMs + marginMs} ms`);
  return `${names.length} keys written with a ${ttlMs} ms TTL were gone ${ttlMs + marginMs} ms later`;
}
