/**
 * The dashboard's point reads on the hot tier, with the same semantics as the SQL and InfluxQL
 * forms of the catalogue (bench/queries/catalog.ts):
 * - hot_last_price: per symbol, the newest tick in [anchor - 1h, anchor) with a price —
 *   `ZRANGE hot (to from BYSCORE REV LIMIT 0 n` per symbol (all symbols pipelined);
 * - hot_last_5m: ticks of one symbol in [anchor - 5 min, anchor), 10-second buckets (ticks,
 *   high, low, volume) — `ZRANGE hot from (to BYSCORE`, bucketed by the client, which is what a
 *   dashboard does with the raw ticks it reads.
 * Scores are µs; `(x` is Redis's exclusive bound, so windows are half-open like everywhere.
 */
import type { QueryParams } from '../../queries/catalog.js';
import { HOT_RECENT_MS, HOT_WINDOW_MS } from '../../queries/catalog.js';
import { TABLES } from '../../core/tables.js';
import { decodeMember } from './encode.js';
import { keyColumnIndex, type RedisKeys } from './keys.js';

export type Send = (args: string[]) => Promise<unknown>;

export const HOT_QUERY_IDS: readonly string[] = ['hot_last_price', 'hot_last_5m'];
export const BUCKET_MS = 10_000;

const TICKS = 'market_price_ticks' as const;
const cols = TABLES[TICKS].columns.map((c) => c.name);
const TIME = 0;
const PRICE = cols.indexOf('price');
const VOLUME = cols.indexOf('volume');
const KEY = keyColumnIndex(TICKS);
/** Ticks fetched per round trip while looking for the newest one with a price. */
const PAGE = 4;

function num(v: string | null): number | null {
  return v === null ? null : Number(v);
}

async function newestWithPrice(send: Send, hot: string, symbol: string, fromUs: number, toUs: number): Promise<(string | null)[] | null> {
  for (let offset = 0; ; offset += PAGE) {
    const members = (await send(['ZRANGE', hot, `(${toUs}`, String(fromUs), 'BYSCORE', 'REV', 'LIMIT', String(offset), String(PAGE)])) as string[];
    for (const m of members) {
      const row = decodeMember(m, symbol, KEY);
      if (row[PRICE] !== null) return row;
    }
    if (members.length < PAGE) return null;
  }
}

export async function hotLastPrice(send: Send, keys: RedisKeys, p: QueryParams): Promise<Record<string, unknown>[]> {
  const symbols = ((await send(['SMEMBERS', keys.registry(TICKS)])) as string[]).sort();
  const fromUs = (p.toMs - HOT_WINDOW_MS) * 1000;
  const toUs = p.toMs * 1000;
  const rows = await Promise.all(symbols.map((s) => newestWithPrice(send, keys.hot(TICKS, s), s, fromUs, toUs)));
  const out: Record<string, unknown>[] = [];
  rows.forEach((row, i) => {
    if (row) out.push({ symbol: symbols[i], last_time: Math.floor(Number(row[TIME]) / 1000), last_price: num(row[PRICE]) });
  });
  return out;
}

interface Bucket {
  ticks: number;
  high: number | null;
  low: number | null;
  volume: number | null;
}

/** Rows of one symbol -> 10-second buckets aligned to the epoch (SQL: date_bin / time_bucket). */
export function bucketTicks(rows: readonly (string | null)[][]): Record<string, unknown>[] {
  const buckets = new Map<number, Bucket>();
  for (const row of rows) {
    const ms = Math.floor(Number(row[TIME]) / 1000);
    const start = ms - (((ms % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = { ticks: 0, high: null, low: null, volume: null }));
    b.ticks++;
    const price = num(row[PRICE]);
    if (price !== null) {
      b.high = b.high === null ? price : Math.max(b.high, price);
      b.low = b.low === null ? price : Math.min(b.low, price);
    }
    const volume = num(row[VOLUME]);
    if (volume !== null) b.volume = (b.volume ?? 0) + volume;
  }
  return [...buckets].map(([bucket, b]) => ({ bucket, ...b }));
}

export async function hotLast5m(send: Send, keys: RedisKeys, p: QueryParams): Promise<Record<string, unknown>[]> {
  const fromUs = (p.toMs - HOT_RECENT_MS) * 1000;
  const members = (await send(['ZRANGE', keys.hot(TICKS, p.symbol), String(fromUs), `(${p.toMs * 1000}`, 'BYSCORE'])) as string[];
  return bucketTicks(members.map((m) => decodeMember(m, p.symbol, KEY)));
}
