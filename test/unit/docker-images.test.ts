import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseImages, DEFAULT_IMAGE_RULES, howToGet, LOCAL_IMAGES } from '../../bench/runtimes/docker/images.js';

describe('docker image choice', () => {
  test('plain PostgreSQL requirements get the official postgres image, then the local one', () => {
    const c = chooseImages({ engine: 'postgres', family: 'postgresql', requirements: {} });
    assert.equal(c.source, 'default');
    assert.match(c.refs[0], /^postgres:\d+\.\d+-bookworm$/);
    assert.equal(c.refs[1], LOCAL_IMAGES.postgresql);
  });

  test('the timescaledb extension requirement selects the TimescaleDB image, whatever the engine is called', () => {
    const c = chooseImages({ engine: 'my-tsdb', family: 'postgresql', requirements: { extensions: ['timescaledb'] } });
    assert.deepEqual(c.refs, ['timescale/timescaledb:2.24.0-pg16']);
  });

  test('postgres and timescaledb defaults share the PostgreSQL major version', () => {
    const plain = chooseImages({ engine: 'a', family: 'postgresql', requirements: {} }).refs[0];
    const ts = chooseImages({ engine: 'b', family: 'postgresql', requirements: { extensions: ['timescaledb'] } }).refs[0];
    assert.equal(/postgres:(\d+)\./.exec(plain)?.[1], /-pg(\d+)$/.exec(ts)?.[1]);
  });

  test('an extension no default image provides is an error naming the flag', () => {
    assert.throws(() => chooseImages({ engine: 'x', family: 'postgresql', requirements: { extensions: ['citus'] } }), /--image x=<ref>/);
  });

  test('influxdb defaults to the 1.x image with the local image as fallback', () => {
    const c = chooseImages({ engine: 'influxdb', family: 'influxdb', requirements: {} });
    assert.deepEqual(c.refs, ['influxdb:1.11.8', LOCAL_IMAGES.influxdb]);
  });

  test('the CLI flag wins over the scenario, which wins over the default', () => {
    const base = { engine: 'influxdb', family: 'influxdb' as const, requirements: {} };
    assert.deepEqual(chooseImages({ ...base, scenarioImage: 'influxdb:1.8' }), { refs: ['influxdb:1.8'], source: 'scenario' });
    assert.deepEqual(chooseImages({ ...base, scenarioImage: 'influxdb:1.8', flagImages: { influxdb: 'influxdb:2.7.12', postgres: 'x' } }), {
      refs: ['influxdb:2.7.12'],
      source: 'flag',
    });
    assert.equal(chooseImages({ ...base, flagImages: { postgres: 'x' } }).source, 'default');
  });

  test('every default rule lists at least one pinned (non-latest) tag', () => {
    for (const rule of DEFAULT_IMAGE_RULES) {
      for (const ref of rule.refs) assert.match(ref, /:[0-9][\w.-]*$/, ref);
    }
  });

  test('howToGet points local images at the build script and others at docker pull', () => {
    assert.match(howToGet(LOCAL_IMAGES.postgresql), /scripts\/build-images\.sh/);
    assert.equal(howToGet('postgres:16.11-bookworm'), 'docker pull postgres:16.11-bookworm');
  });
});
