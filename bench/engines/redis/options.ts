/**
 * The redis engine's own knobs (scenario `engines.redis.options`), validated here:
 * - window: how much of each key's history the hot structures keep (trimmed on every write
 *   relative to the newest row of that key), default 1h — the seed's "< 1 hour" hot tier;
 * - ttl: key TTL, refreshed on every write, default = window (a key nobody writes to for that
 *   long disappears, as the seed's short-lived keys do);
 * - queueMaxLen: `XADD queue:ingestion MAXLEN ~ N`, default 10000 entries;
 * - rateLimitWindow: fixed window of the `ratelimit:api:{endpoint}` counter, default 60s;
 * - hourRate: rows/s the "memory per hour" figure is projected at; default the rate of the
 *   scenario's first ingest phase on the table (none: no projection).
 */
import { InputError } from '../../core/errors.js';
import { parseDuration, parseRate } from '../../scenario/units.js';

export interface RedisOptions {
  windowMs: number;
  ttlMs: number;
  queueMaxLen: number;
  rateLimitWindowMs: number;
  hourRate: number | null;
}

const KNOWN = ['window', 'ttl', 'queueMaxLen', 'rateLimitWindow', 'hourRate'];

function duration(options: Record<string, unknown>, key: string, fallback: number): number {
  if (options[key] === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(options[key]);
  } catch {
    throw new InputError(`redis option ${key} must be a duration like 1h, 30m, 90s, got ${JSON.stringify(options[key])}`);
  }
  if (!(ms >= 1000)) throw new InputError(`redis option ${key} must be at least 1s, got ${JSON.stringify(options[key])}`);
  return ms;
}

export function redisOptions(options: Record<string, unknown>): RedisOptions {
  const unknown = Object.keys(options).filter((k) => !KNOWN.includes(k));
  if (unknown.length > 0) throw new InputError(`unknown redis option(s): ${unknown.join(', ')} (known: ${KNOWN.join(', ')})`);
  const windowMs = duration(options, 'window', 3_600_000);
  const ttlMs = duration(options, 'ttl', windowMs);
  const rateLimitWindowMs = duration(options, 'rateLimitWindow', 60_000);
  const queueMaxLen = options.queueMaxLen ?? 10_000;
  if (typeof queueMaxLen !== 'number' || !Number.isInteger(queueMaxLen) || queueMaxLen < 1) {
    throw new InputError(`redis option queueMaxLen must be a positive integer, got ${JSON.stringify(options.queueMaxLen)}`);
  }
  let hourRate: number | null = null;
  if (options.hourRate !== undefined) {
    try {
      hourRate = parseRate(options.hourRate);
    } catch {
      throw new InputError(`redis option hourRate must be a rate like 10k/s, got ${JSON.stringify(options.hourRate)}`);
    }
  }
  return { windowMs, ttlMs, queueMaxLen, rateLimitWindowMs, hourRate };
}
