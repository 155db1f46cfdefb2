import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMember,
  encodeBatch,
  encodeMember,
  FIELD_SEPARATOR,
  LATEST_SCRIPT,
  redisEncoder,
  redisEncoderRef,
  respBytes,
  type RedisPayload,
} from '../../bench/engines/redis/encode.js';
import { keyColumnIndex, namespaceFor, RedisKeys } from '../../bench/engines/redis/keys.js';
import { bucketTicks } from '../../bench/engines/redis/queries.js';
import { scriptSha } from '../../bench/engines/redis/session.js';
import type { Row } from '../../bench/core/tables.js';

const T0 = Date.UTC(2025, 2, 3, 14) * 1000; // µs
const cfg = { ns: 'tsdb_bench_t', windowMs: 3_600_000, ttlMs: 3_600_000, queueMaxLen: 10_000, rateLimitWindowMs: 60_000, latestSha: 'abc' };
// market_price_ticks: timestamp, symbol, price, volume, exchange
const rows: Row[] = [
  [T0 + 1, 'BTC-USD', '41234.12345678', '0.50000000', 'binance'],
  [T0 + 3, 'ETH-USD', '2234.10000000', null, 'kraken'],
  [T0 + 2, 'BTC-USD', '41235.00000000', '1.25000000', 'coinbase'],
];

describe('redis keys', () => {
  test('namespace and the seed key names', () => {
    assert.equal(namespaceFor('Run 2025-01-01T00:00'), 'tsdb_bench_run_2025_01_01t00_00');
    const k = new RedisKeys('ns');
    assert.equal(k.latest('source_reliability_metrics', 'src-1'), 'ns:live:source:src-1:behavior');
    assert.equal(k.latest('market_price_ticks', 'BTC-USD'), 'ns:live:price:BTC-USD');
    assert.equal(k.rateLimit('market_price_ticks'), 'ns:ratelimit:api:write_market_price_ticks');
    assert.equal(k.queue, 'ns:queue:ingestion');
    assert.equal(k.hot('market_price_ticks', 'BTC-USD'), 'ns:hot:market_price_ticks:BTC-USD');
    assert.equal(keyColumnIndex('market_price_ticks'), 1);
  });
});

describe('redis encoding', () => {
  test('a member leaves out the key column and round-trips, nulls as empty fields', () => {
    const m = encodeMember(rows[1], 1);
    assert.equal(m, [String(T0 + 3), '2234.10000000', '', 'kraken'].join(FIELD_SEPARATOR));
    assert.deepEqual(decodeMember(m, 'ETH-USD', 1), [String(T0 + 3), 'ETH-USD', '2234.10000000', null, 'kraken']);
  });

  test('one batch: per symbol ZADD + trim + PEXPIRE + newer-wins live hash; per batch registry, rate limit, queue', () => {
    const batch = encodeBatch('market_price_ticks', rows, cfg);
    const { commands } = batch.payload as RedisPayload;
    assert.equal(batch.rows, 3);
    assert.equal(
      batch.bytes,
      commands.reduce((a, c) => a + respBytes(c), 0),
    );
    const btc = 'tsdb_bench_t:hot:market_price_ticks:BTC-USD';
    assert.deepEqual(commands[0], ['ZADD', btc, String(T0 + 1), encodeMember(rows[0], 1), String(T0 + 2), encodeMember(rows[2], 1)]);
    // newest BTC tick is T0+2: everything below T0+2 - 1h (in µs) leaves the window
    assert.deepEqual(commands[1], ['ZREMRANGEBYSCORE', btc, '-inf', `(${T0 + 2 - 3_600_000_000}`]);
    assert.deepEqual(commands[2], ['PEXPIRE', btc, '3600000']);
    assert.deepEqual(commands[3], [
      'EVALSHA',
      'abc',
      '1',
      'tsdb_bench_t:live:price:BTC-USD',
      String(T0 + 2),
      '3600000',
      'price',
      '41235.00000000',
      'volume',
      '1.25000000',
      'exchange',
      'coinbase',
    ]);
    assert.equal(commands[4][0], 'ZADD');
    assert.deepEqual(commands[7].slice(0, 5), ['EVALSHA', 'abc', '1', 'tsdb_bench_t:live:price:ETH-USD', String(T0 + 3)]);
    assert.deepEqual(commands[7].slice(-4), ['volume', '', 'exchange', 'kraken']);
    const rest = commands.slice(8);
    assert.deepEqual(rest[0], ['SADD', 'tsdb_bench_t:hot:market_price_ticks:keys', 'BTC-USD', 'ETH-USD']);
    assert.deepEqual(rest[2], ['INCR', 'tsdb_bench_t:ratelimit:api:write_market_price_ticks']);
    assert.deepEqual(rest[3], ['EXPIRE', 'tsdb_bench_t:ratelimit:api:write_market_price_ticks', '60', 'NX']);
    assert.deepEqual(rest[4], [
      'XADD',
      'tsdb_bench_t:queue:ingestion',
      'MAXLEN',
      '~',
      '10000',
      '*',
      'table',
      'market_price_ticks',
      'rows',
      '3',
      'first_us',
      String(T0 + 1),
      'last_us',
      String(T0 + 3),
    ]);
    assert.deepEqual(rest[5], ['PEXPIRE', 'tsdb_bench_t:queue:ingestion', '3600000']);
    assert.equal(rest.length, 6);
  });

  test('every key a batch writes gets a TTL', () => {
    const { commands } = encodeBatch('source_reliability_metrics', [[T0, 'src-1', 0.9, 120, 0.01]], cfg).payload as RedisPayload;
    const written = new Set(commands.filter((c) => ['ZADD', 'SADD', 'INCR', 'XADD'].includes(c[0])).map((c) => c[1]));
    const expiring = new Set(commands.filter((c) => c[0] === 'PEXPIRE' || c[0] === 'EXPIRE').map((c) => c[1]));
    for (const k of written) assert.ok(expiring.has(k), k);
    // the live hash's TTL is set by the script (ARGV[2])
    const live = commands.find((c) => c[0] === 'EVALSHA')!;
    assert.equal(live[3], 'tsdb_bench_t:live:source:src-1:behavior');
    assert.equal(live[5], '3600000');
    assert.match(LATEST_SCRIPT, /PEXPIRE', KEYS\[1\], ARGV\[2\]/);
  });

  test('the worker-thread encoder gives the same commands and survives structured cloning', () => {
    const ref = redisEncoderRef({ table: 'market_price_ticks', ...cfg });
    assert.equal(ref.factory, 'redisEncoder');
    const args = structuredClone(ref.args) as Parameters<typeof redisEncoder>[0];
    assert.deepEqual(redisEncoder(args)(rows), encodeBatch('market_price_ticks', rows, cfg));
    assert.deepEqual(structuredClone(encodeBatch('market_price_ticks', rows, cfg)), encodeBatch('market_price_ticks', rows, cfg));
  });

  test('an empty batch sends nothing', () => {
    assert.deepEqual((encodeBatch('market_price_ticks', [], cfg).payload as RedisPayload).commands, []);
  });

  test('RESP size of a command', () => {
    assert.equal(respBytes(['PING']), '*1\r\n$4\r\nPING\r\n'.length);
    assert.equal(respBytes(['SET', 'k', 'é']), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n'.length + 1);
  });

  test('script SHA1 digest of the newer-wins script', () => {
    assert.match(scriptSha(LATEST_SCRIPT), /^[0-9a-f]{40}$/);
  });
});

describe('redis last-5-minutes buckets', () => {
  test('10-second buckets aligned to the epoch; nulls skipped like SQL aggregates', () => {
    const ms = Date.UTC(2025, 2, 3, 13, 55);
    const r = (offsetMs: number, price: string | null, volume: string | null) => [String((ms + offsetMs) * 1000), 'BTC-USD', price, volume, 'x'];
    const out = bucketTicks([r(1, '10', '1'), r(9_999, '12', null), r(10_000, null, null), r(10_500, '9', '2.5')]);
    assert.deepEqual(out, [
      { bucket: ms, ticks: 2, high: 12, low: 10, volume: 1 },
      { bucket: ms + 10_000, ticks: 2, high: 9, low: 9, volume: 2.5 },
    ]);
  });
});
