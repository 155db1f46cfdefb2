import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRedisVersion, redisConfig, RESERVED_SETTINGS } from '../../bench/runtimes/native/redis.js';
import { redisArgs, redisDockerSettings, redisEntrypointProfile, REDIS_IMAGE, REDIS_START_SCRIPT } from '../../bench/runtimes/docker/redis-profile.js';
import { selectProfile, type PlanInput } from '../../bench/runtimes/docker/profiles.js';
import { chooseImages } from '../../bench/runtimes/docker/images.js';
import { parseInfo, perHourBytes, perHourName, usedMemory } from '../../bench/engines/redis/memory.js';
import { redisOptions } from '../../bench/engines/redis/options.js';
import { InputError } from '../../bench/core/errors.js';

describe('native redis-server configuration', () => {
  test('version from redis-server --version', () => {
    assert.equal(parseRedisVersion('Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d'), '7.0.15');
    assert.equal(parseRedisVersion('nothing'), null);
  });

  test("loopback, per-run password, no persistence; the runtime's lines come last", () => {
    const conf = redisConfig({ port: 41234, password: 'pw', dir: '/tmp/x', settings: {} });
    const lines = conf.trim().split('\n');
    for (const l of ['save ""', 'appendonly no', 'bind 127.0.0.1', 'port 41234', 'requirepass pw', 'protected-mode yes', 'dir /tmp/x', 'daemonize no'])
      assert.ok(lines.includes(l), l);
    assert.ok(lines.indexOf('bind 127.0.0.1') > lines.indexOf('appendonly no'));
  });

  test('a scenario may ask for persistence but not change where the server listens', () => {
    const conf = redisConfig({ port: 1, password: 'pw', dir: '/d', settings: { appendonly: 'yes', maxmemory: '1gb' } });
    assert.match(conf, /^appendonly yes$/m);
    assert.doesNotMatch(conf, /^appendonly no$/m);
    assert.match(conf, /^maxmemory 1gb$/m);
    for (const key of ['bind', 'port', 'requirepass', 'BIND']) {
      assert.throws(() => redisConfig({ port: 1, password: 'pw', dir: '/d', settings: { [key]: '0.0.0.0' } }), InputError, key);
    }
    assert.ok(RESERVED_SETTINGS.includes('protected-mode'));
    assert.throws(() => redisConfig({ port: 1, password: 'pw', dir: '/d', settings: { maxmemory: '1gb\nbind 0.0.0.0' } }), InputError);
  });
});

const input = (over: Partial<PlanInput> = {}): PlanInput => ({ network: 'host', hostPorts: [40001], settings: {}, preloadLibraries: [], password: 'secret', token: 't', ...over });

describe('docker redis profile', () => {
  test('official image pinned and selected for the redis family', () => {
    assert.equal(REDIS_IMAGE, 'redis:7.4.2-bookworm');
    const choice = chooseImages({ engine: 'redis', family: 'redis', requirements: {} });
    assert.deepEqual(choice, { refs: [REDIS_IMAGE], source: 'default' });
    assert.equal(selectProfile('redis', { ref: REDIS_IMAGE, id: 'sha256:0', labels: {}, env: {} }), redisEntrypointProfile);
  });

  test('host network: loopback on the picked port, password through a file, no persistence', () => {
    const plan = redisEntrypointProfile.plan(input());
    assert.deepEqual(plan.command.slice(0, 4), ['/bin/sh', '-c', REDIS_START_SCRIPT, 'redis-server']);
    const args = plan.command.slice(4);
    assert.deepEqual(args, ['--save', '', '--appendonly', 'no', '--loglevel', 'warning', '--bind', '127.0.0.1', '--port', '40001', '--dir', '/data']);
    assert.ok(!plan.command.some((a) => a.includes('secret')), 'password not on the command line');
    assert.equal(plan.env.REDIS_PASSWORD, 'secret');
    assert.match(REDIS_START_SCRIPT, /umask 077/);
    assert.match(REDIS_START_SCRIPT, /requirepass %s/);
    assert.equal(plan.port, 40001);
    assert.equal(plan.user, 'redis');
    assert.ok(plan.waitLog.pattern.test('1:M 01 Dec 2026 20:00:00.000 * Ready to accept connections tcp'));
    assert.deepEqual(plan.credentials, { username: '', password: 'secret' });
  });

  test('bridge network: all interfaces inside the container on 6379; settings pass through', () => {
    const plan = redisEntrypointProfile.plan(input({ network: 'bridge', hostPorts: [], settings: { save: '900 1' } }));
    assert.equal(plan.port, 6379);
    assert.deepEqual(redisArgs({ save: '900 1' }), ['--save', '900', '1']);
    assert.equal(plan.appliedSettings.bind, '0.0.0.0');
    assert.equal(plan.appliedSettings.save, '900 1');
    assert.throws(() => redisDockerSettings(input({ settings: { requirepass: 'x' } })), /set by the docker runtime/);
  });
});

describe('redis memory figures and options', () => {
  test('INFO parsing and the per-hour projection', () => {
    const info = parseInfo('# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n\r\n');
    assert.equal(usedMemory(info), 1_048_576);
    assert.throws(() => usedMemory({}), /used_memory/);
    // 160 bytes per tick x 10k ticks/s x 3600 s = 5.76 GB
    assert.equal(perHourBytes(160_000, 1000, 10_000), 5_760_000_000);
    assert.equal(perHourBytes(0, 0, 10_000), null);
    assert.equal(perHourName(10_000), 'memory_per_hour_at_10000_rows_s');
  });

  test('options: defaults, units, and one-line errors', () => {
    assert.deepEqual(redisOptions({}), { windowMs: 3_600_000, ttlMs: 3_600_000, queueMaxLen: 10_000, rateLimitWindowMs: 60_000, hourRate: null });
    const o = redisOptions({ window: '30m', ttl: '45m', hourRate: '10k/s', queueMaxLen: 500 });
    assert.equal(o.windowMs, 1_800_000);
    assert.equal(o.ttlMs, 2_700_000);
    assert.equal(o.hourRate, 10_000);
    assert.throws(() => redisOptions({ windw: '1h' }), /unknown redis option\(s\): windw/);
    assert.throws(() => redisOptions({ window: 'soon' }), /redis option window must be a duration/);
    assert.throws(() => redisOptions({ queueMaxLen: -1 }), /queueMaxLen must be a positive integer/);
  });
});
