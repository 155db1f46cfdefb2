import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { editInfluxConfig, parseInfluxdVersion } from '../../bench/runtimes/native/influxd-config.js';
import { findInfluxd } from '../../bench/runtimes/native/influxdb.js';

const defaults = [
  'reporting-enabled = false',
  'bind-address = "127.0.0.1:8088"',
  '',
  '[meta]',
  '  dir = "/root/.influxdb/meta"',
  '  retention-autocreate = true',
  '',
  '[data]',
  '  dir = "/root/.influxdb/data"',
  '  cache-max-memory-size = 1073741824',
  '  cache-snapshot-write-cold-duration = "10m0s"',
  '',
  '[http]',
  '  enabled = true',
  '  bind-address = ":8086"',
  '',
  '[[graphite]]',
  '  enabled = false',
  '  bind-address = ":2003"',
  '',
].join('\n');

describe('influxd config editing', () => {
  test('top-level and section keys keep their quoting style', () => {
    const out = editInfluxConfig(defaults, {
      'bind-address': '127.0.0.1:1234',
      'http.bind-address': '127.0.0.1:5678',
      'data.cache-snapshot-write-cold-duration': '10s',
      'data.cache-max-memory-size': '2048',
      'reporting-enabled': 'false',
    });
    assert.match(out, /^bind-address = "127.0.0.1:1234"$/m);
    assert.match(out, /^\s+bind-address = "127.0.0.1:5678"$/m);
    assert.match(out, /^\s+cache-snapshot-write-cold-duration = "10s"$/m);
    assert.match(out, /^\s+cache-max-memory-size = 2048$/m);
    // the graphite section is untouched
    assert.match(out, /\[\[graphite\]\]\n\s+enabled = false\n\s+bind-address = ":2003"/);
  });
  test('missing keys are added to their section, missing sections appended', () => {
    const out = editInfluxConfig(defaults, { 'data.wal-dir': '/tmp/x/wal', 'logging.level': 'warn', 'reporting-disabled': 'true' });
    const data = out.slice(out.indexOf('[data]'), out.indexOf('[http]'));
    assert.match(data, /wal-dir = "\/tmp\/x\/wal"/);
    assert.match(out, /\[logging\]\n\s+level = "warn"/);
    const top = out.slice(0, out.indexOf('[meta]'));
    assert.match(top, /^reporting-disabled = true$/m);
  });
  test('bad names are refused', () => {
    assert.throws(() => editInfluxConfig(defaults, { 'data.bad key': '1' }), /bad influxd setting/);
  });
  test('version parsing and PATH lookup', () => {
    assert.equal(parseInfluxdVersion('InfluxDB v1.6.7~rc0 (git: unknown unknown)'), '1.6.7~rc0');
    assert.equal(parseInfluxdVersion('garbage'), null);
    assert.equal(findInfluxd(''), null);
  });
});
