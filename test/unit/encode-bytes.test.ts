import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteWriter, escapeTables } from '../../bench/generate/byte-writer.js';
import { TABLES } from '../../bench/core/tables.js';
import { encodeLineProtocol } from '../../bench/engines/influxdb/line-protocol.js';

test('ByteWriter.uint writes exact digits, other numbers as their JavaScript text', () => {
  const w = new ByteWriter(4);
  for (const n of [0, 9, 10, 99_999_999, 100_000_000, 100_000_001, 1_735_689_600_000_001, Number.MAX_SAFE_INTEGER, -5, 1.5]) {
    w.reset();
    w.uint(n);
    assert.equal(w.finish().toString(), String(n));
  }
});

test('ByteWriter grows, keeps earlier bytes and writes UTF-8 (including surrogate pairs)', () => {
  const w = new ByteWriter(2);
  const { special, replace } = escapeTables({ '\t': 't' }, '\n');
  w.string('abc');
  w.escaped('é\t🚀\tx', special, replace);
  w.string('ü'.repeat(100));
  assert.equal(w.finish().toString('utf8'), 'abcé\\t🚀\\tx' + 'ü'.repeat(100));
  w.reset();
  assert.throws(() => w.escaped('a\nb', special, replace), /cannot be encoded/);
  assert.throws(() => w.escaped('é\n', special, replace), /cannot be encoded/);
});

test('line protocol carries non-ASCII tags and strings as UTF-8', () => {
  const out = encodeLineProtocol(TABLES.alert_events, [[1, 'prix_élevé', 'info', 'src 1', '{"n":"ü \\"x\\""}']]);
  assert.equal(out.toString('utf8'), 'alert_events,alert_type=prix_élevé,severity=info,source_ref=src\\ 1 metadata="{\\"n\\":\\"ü \\\\\\"x\\\\\\"\\"}" 1\n');
});
