/**
 * market_price_ticks: (timestamp, symbol, price DECIMAL(18,8), volume DECIMAL(18,8), exchange).
 * Each symbol's price is a geometric random walk from a realistic level with a weak pull back
 * to it (so long streams stay plausible); each exchange quotes a small fixed spread around it.
 * Volume is a random notional (exponential, mean ~$2,000) divided by the price.
 */
import type { Row } from '../../core/tables.js';
import { clamp, fixed8 } from '../fixed.js';
import { ZipfSampler } from '../zipf.js';
import type { RowFactory, RowFactoryContext, TableModule } from './table-module.js';

/** Well-known pairs with their approximate price levels (USD). */
const KNOWN_SYMBOLS: readonly (readonly [string, number])[] = [
  ['BTC-USD', 60_000],
  ['ETH-USD', 3_000],
  ['SOL-USD', 150],
  ['BNB-USD', 550],
  ['XRP-USD', 0.55],
  ['DOGE-USD', 0.15],
  ['ADA-USD', 0.45],
  ['AVAX-USD', 35],
  ['LINK-USD', 15],
  ['DOT-USD', 7],
  ['TRX-USD', 0.12],
  ['MATIC-USD', 0.7],
  ['LTC-USD', 80],
  ['SHIB-USD', 0.000025],
  ['UNI-USD', 8],
  ['ATOM-USD', 9],
  ['XLM-USD', 0.11],
  ['NEAR-USD', 6],
  ['ARB-USD', 1.1],
  ['PEPE-USD', 0.000012],
];

const KNOWN_EXCHANGES: readonly string[] = ['binance', 'coinbase', 'kraken', 'okx', 'bybit', 'bitstamp', 'gemini', 'kucoin', 'bitfinex', 'htx'];

/** Per-tick volatility (relative) and pull back to the starting level. */
const SIGMA = 0.0008;
const REVERSION = 0.0002;
const MIN_PRICE = 0.00000001;
const MAX_VALUE = 9_999_999_999;
const MEAN_NOTIONAL_USD = 2_000;

export function symbolNames(count: number): string[] {
  const names = KNOWN_SYMBOLS.slice(0, count).map(([s]) => s);
  for (let i = names.length; i < count; i++) names.push(`ALT${String(i + 1).padStart(4, '0')}-USD`);
  return names;
}

export function exchangeNames(count: number): string[] {
  const names = KNOWN_EXCHANGES.slice(0, count);
  for (let i = names.length; i < count; i++) names.push(`exchange-${String(i + 1).padStart(3, '0')}`);
  return names;
}

function startingPrice(index: number, u: number): number {
  const known = KNOWN_SYMBOLS[index];
  if (known) return known[1];
  return 0.01 * Math.pow(10, 3 * u); // unknown alts: $0.01 .. $10
}

function createRowFactory(ctx: RowFactoryContext): RowFactory {
  const { keys, picker, rng, setupRng, shape } = ctx;
  const exchanges = exchangeNames(Math.max(1, shape.exchanges));
  const exchangePopularity = new ZipfSampler(exchanges.length, 0.8);
  const spread = new Float64Array(exchanges.length);
  for (let e = 0; e < exchanges.length; e++) spread[e] = 1 + (setupRng.float() - 0.5) * 0.001;
  const level = new Float64Array(keys.length);
  const price = new Float64Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    level[k] = startingPrice(k, setupRng.float());
    price[k] = level[k] * (1 + (rng.float() - 0.5) * 0.02);
  }
  return (timeUs: number): Row => {
    const k = picker.pick();
    const e = exchangePopularity.pick(rng.float());
    let p = price[k];
    p += p * SIGMA * rng.centered() + (level[k] - p) * REVERSION;
    p = clamp(p, MIN_PRICE, MAX_VALUE);
    price[k] = p;
    const quoted = clamp(p * spread[e], MIN_PRICE, MAX_VALUE);
    const volume = clamp((MEAN_NOTIONAL_USD * rng.exponential()) / quoted, MIN_PRICE, MAX_VALUE);
    return [timeUs, keys[k], fixed8(quoted), fixed8(volume), exchanges[e]];
  };
}

export const marketPriceTicks: TableModule = {
  table: 'market_price_ticks',
  defaultShape: () => ({
    keys: 20,
    skew: 1.1,
    outOfOrder: 0,
    maxLatenessMs: 5_000,
    burstFraction: 0.05,
    burstFactor: 4,
    nullFraction: 0.01,
    exchanges: 4,
  }),
  keyNames: symbolNames,
  createRowFactory,
};
