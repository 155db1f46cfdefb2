/**
 * The redis engine on a real redis-server started by the native runtime: a few thousand
 * generated ticks (older than the hot window, inside it, and live after the anchor) written
 * through the TableWriter, the dashboard reads answering exactly like PostgreSQL on the same
 * rows, trimming to the window, TTLs on every key and their expiry, the INFO memory figure,
 * the password being required, and nothing left behind after stop().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { needs } from '../helpers/require.js';
import type { EngineContext, EngineSession } from '../../bench/core/engine.js';
import type { RunningServer, ServerRequest } from '../../bench/core/runtime.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { RedisEndpoint } from '../../bench/core/sql.js';
import { silentLogger } from '../../bench/core/log.js';
import type { Row } from '../../bench/core/tables.js';
import { queryById, queryParams } from '../../bench/queries/catalog.js';
import { diffAnswers } from '../../bench/queries/compare.js';
import { engine as redisEngine } from '../../bench/engines/redis/index.js';
import { engine as postgresEngine } from '../../bench/engines/postgres/index.js';
import { RedisKeys, namespaceFor } from '../../bench/engines/redis/keys.js';
import { checkTtlExpiry } from '../../bench/engines/redis/ttl.js';
import { connectRedis } from '../../bench/engines/redis/client.js';
import { LATEST_SCRIPT } from '../../bench/engines/redis/encode.js';
import { scriptSha } from '../../bench/engines/redis/session.js';
import { redisNative } from '../../bench/runtimes/native/redis.js';
import { postgresqlNative } from '../../bench/runtimes/native/postgresql.js';
import { defaultShape, generateBatches, mostPopularKey } from '../../bench/generate/index.js';
import type { StreamSpec } from '../../bench/generate/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const A = Date.UTC(2025, 2, 3, 14);
const SEED = 42;
const TABLE = 'market_price_ticks' as const;
const scenario = { name: 'redis-native', dataset: { seed: SEED, anchorMs: A }, phases: [] } as unknown as Scenario;

function request(engine: string, family: 'redis' | 'postgresql', runId: string): ServerRequest {
  return { engine, family, requirements: {}, options: { settings: {}, options: {} }, scenario, runId, log: silentLogger, signal: new AbortController().signal, flags: {} };
}

function context(runId: string, options: Record<string, unknown> = {}): EngineContext {
  return { scenario, runId, options: { settings: {}, options }, log: silentLogger, signal: new AbortController().signal };
}

/** Ticks two to three hours old (trimmed by Redis), the last 55 minutes, and 2 live minutes. */
function batches(): Row[][] {
  const shape = { ...defaultShape(TABLE), keys: 5 };
  const stream = (name: string, startMs: number, endMs: number, rows: number): StreamSpec => ({ table: TABLE, seed: SEED, stream: name, shape, anchorMs: A, startMs, endMs, rows });
  return [
    ...generateBatches(stream('old', A - 3 * HOUR, A - 2 * HOUR, 1_000), 500),
    ...generateBatches(stream('preload', A - 55 * MIN, A, 4_000), 500),
    ...generateBatches(stream('ingest', A, A + 2 * MIN, 500), 250),
  ];
}

async function load(session: EngineSession, data: readonly Row[][]): Promise<void> {
  const w = await session.writer(TABLE, 'copy');
  try {
    for (const rows of data) await w.write(w.encode(rows));
  } finally {
    await w.close();
  }
}

test('redis engine on native redis-server: answers, trimming, TTL, memory, password, cleanup', async (t) => {
  const probe = await redisNative.probe(request('redis', 'redis', 'probe'));
  if (!needs(t, probe.available, probe.reason)) return;
  const pgProbe = await postgresqlNative.probe(request('postgres', 'postgresql', 'probe'));
  if (!needs(t, pgProbe.available, pgProbe.reason)) return;

  const data = batches();
  const shape = { ...defaultShape(TABLE), keys: 5 };
  const params = queryParams(A, mostPopularKey(TABLE, shape, SEED));
  const servers: RunningServer[] = [];
  const sessions: EngineSession[] = [];
  try {
    const redisServer = await redisNative.start(request('redis', 'redis', 'redis-native'));
    servers.push(redisServer);
    const pgServer = await postgresqlNative.start(request('postgres', 'postgresql', 'redis-native'));
    servers.push(pgServer);
    const redis = await redisEngine.open(redisServer.endpoint, context('redis-native'));
    sessions.push(redis);
    const pg = await postgresEngine.open(pgServer.endpoint, context('redis-native'));
    sessions.push(pg);
    assert.match(redis.info.version, /^Redis \d+\.\d+/);
    assert.equal(redis.info.settings.save, '', 'no RDB snapshots');
    assert.equal(redis.info.settings.appendonly, 'no', 'no AOF');

    await redis.createTables([TABLE]);
    await pg.createTables([TABLE]);
    await load(redis, data);
    await load(pg, data);

    await t.test("the hot sets hold exactly the rows within one hour of each symbol's newest tick", async () => {
      const newest = new Map<string, number>();
      for (const b of data) for (const r of b) newest.set(String(r[1]), Math.max(newest.get(String(r[1])) ?? 0, r[0] as number));
      let expected = 0;
      for (const b of data) for (const r of b) if ((r[0] as number) >= newest.get(String(r[1]))! - HOUR * 1000) expected++;
      assert.ok(expected < 5_500 && expected > 4_000, `trimming removed the old rows (${expected} kept)`);
      assert.equal(await redis.count(TABLE), expected);
      assert.equal(await pg.count(TABLE), 5_500);
    });

    await t.test('the dashboard reads answer like PostgreSQL', async () => {
      assert.deepEqual(redis.supportedQueries().sort(), ['hot_last_5m', 'hot_last_price']);
      for (const id of redis.supportedQueries()) {
        const a = await redis.runQuery(id, params);
        const b = await pg.runQuery(id, params);
        assert.ok(a.rows.length > 0, `${id} returned rows`);
        assert.deepEqual(diffAnswers(queryById(id)!, a, b), [], id);
      }
    });

    await t.test('a late row enters the hot set but never overwrites the newer live:price hash', async () => {
      const ep = redisServer.endpoint as RedisEndpoint;
      const conn = await connectRedis(ep, 'late');
      const keys = new RedisKeys(namespaceFor('redis-native'));
      try {
        assert.equal(await conn.send(['SCRIPT', 'EXISTS', scriptSha(LATEST_SCRIPT)]).then((r) => (r as number[])[0]), 1, 'script loaded under its SHA1');
        const symbol = params.symbol;
        const newest = Math.max(
          ...data
            .flat()
            .filter((r) => r[1] === symbol)
            .map((r) => r[0] as number),
        );
        const before = (await conn.send(['HGET', keys.latest(TABLE, symbol), 'time_us'])) as string;
        assert.equal(Number(before), newest);
        const late: Row = [A * 1000 - 10 * MIN * 1000 + 7, symbol, '1.00000000', '1.00000000', 'late-exchange'];
        const countBefore = await redis.count(TABLE);
        await load(redis, [[late]]);
        assert.equal(await redis.count(TABLE), countBefore + 1);
        assert.equal(await conn.send(['HGET', keys.latest(TABLE, symbol), 'time_us']), before);
        assert.ok(((await conn.send(['PTTL', keys.latest(TABLE, symbol)])) as number) > 0);
      } finally {
        await conn.close();
      }
    });

    await t.test('every key has a TTL, short TTLs expire, memory figures are positive', async () => {
      await redis.flush();
      assert.match(redis.info.settings.ttl_check, /all carry a TTL; 20 keys written with a 500 ms TTL were gone/);
      const [s] = await redis.storage([TABLE]);
      assert.equal(s.primary, 'used_memory_delta');
      assert.ok(s.engineBytes.used_memory_delta > 0, 'used_memory grew');
      assert.ok(s.engineBytes.memory_usage > 0 && s.engineBytes.bytes_per_key > 0);
      assert.deepEqual(s.dataPaths, []);
      assert.equal(await redisServer.allocatedBytes(), null, 'nothing on disk without persistence');
    });

    await t.test('keys written with a short TTL are gone after it (1 s TTL)', async () => {
      const ep = redisServer.endpoint as RedisEndpoint;
      const conn = await connectRedis(ep, 'ttl-test');
      try {
        const text = await checkTtlExpiry((a) => conn.send(a), new RedisKeys(namespaceFor('ttl-test')), 1000, 500);
        assert.match(text, /gone 1500 ms later/);
      } finally {
        await conn.close();
      }
    });

    await t.test('a client without the password is refused', async () => {
      const ep = redisServer.endpoint as RedisEndpoint;
      assert.ok(ep.password && ep.password.length >= 20);
      await assert.rejects(async () => {
        const c = await connectRedis({ ...ep, password: undefined }, 'nopass');
        try {
          await c.send(['PING']);
        } finally {
          await c.close();
        }
      }, /NOAUTH|auth/i);
      await assert.rejects(connectRedis({ ...ep, password: 'wrong' }, 'wrongpass'), /WRONGPASS|invalid|auth/i);
      // The same seen by an independent client, when installed (Debian ships it with redis-server).
      const cli = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(ep.port), 'PING'], { encoding: 'utf8', env: { ...process.env, REDISCLI_AUTH: '' } });
      if (!cli.error) {
        assert.match(cli.stdout + cli.stderr, /NOAUTH/);
        const ok = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(ep.port), 'PING'], { encoding: 'utf8', env: { ...process.env, REDISCLI_AUTH: ep.password } });
        assert.match(ok.stdout, /PONG/);
      }
    });

    await t.test("close() removes the run's keys", async () => {
      await redis.close();
      const conn = await connectRedis(redisServer.endpoint as RedisEndpoint, 'after');
      try {
        const [, keys] = (await conn.send(['SCAN', '0', 'MATCH', `${namespaceFor('redis-native')}:*`, 'COUNT', '10000'])) as [string, string[]];
        assert.deepEqual(keys, []);
      } finally {
        await conn.close();
      }
    });

    await t.test('resource samples: redis-server and PostgreSQL measured alike (one process module)', async () => {
      assert.deepEqual(redisServer.details.resourceSampling, pgServer.details.resourceSampling, 'same scope, memory measure and CLK_TCK');
      const redisSample = await redisServer.sampleResources!();
      const pgSample = await pgServer.sampleResources!();
      assert.ok(redisSample.memoryBytes !== null && redisSample.memoryBytes > 0);
      assert.ok(pgSample.memoryBytes !== null && pgSample.memoryBytes > 0);
    });

    await t.test('stop() ends the process and removes the directory', async () => {
      const { pid, dir } = redisServer.details as { pid: number; dir: string };
      assert.ok(existsSync(dir));
      await redisServer.stop();
      assert.equal(existsSync(dir), false, 'temp dir removed');
      assert.throws(() => process.kill(pid, 0), 'process gone');
    });
  } finally {
    for (const s of sessions) await s.close().catch(() => {});
    for (const s of servers) await s.stop().catch(() => {});
  }
});
