import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Row } from '../../bench/core/tables.js';
import { datasetFingerprint, Fingerprinter, fingerprintStream, generateBatches, resolveShape } from '../../bench/generate/index.js';
import type { StreamSpec } from '../../bench/generate/index.js';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2025, 2, 1);

function spec(anchorMs: number, overrides: Partial<StreamSpec> = {}): StreamSpec {
  return {
    table: 'alert_events',
    seed: 3,
    stream: 'preload',
    shape: resolveShape('alert_events', { outOfOrder: 0.05, maxLatenessMs: 60_000 }),
    anchorMs,
    startMs: anchorMs - 7 * DAY,
    endMs: anchorMs,
    rows: 5_000,
    ...overrides,
  };
}

test('fingerprintStream counts rows and gives a sha256 hex digest', () => {
  const r = fingerprintStream(spec(ANCHOR));
  assert.equal(r.rows, 5_000);
  assert.match(r.fingerprint, /^[0-9a-f]{64}$/);
  assert.deepEqual(fingerprintStream(spec(ANCHOR)), r);
});

test('moving only the anchor (and the span with it) keeps the fingerprint', () => {
  const a = fingerprintStream(spec(ANCHOR));
  const b = fingerprintStream(spec(ANCHOR + 37 * DAY + 123));
  assert.equal(b.fingerprint, a.fingerprint);
  // ... while the rows themselves did move.
  const first = (s: StreamSpec) => (generateBatches(s, 10).next().value as Row[])[0][0] as number;
  assert.equal(first(spec(ANCHOR + DAY)) - first(spec(ANCHOR)), DAY * 1000);
});

test('the fingerprint depends on the data: seed, stream, row count, span', () => {
  const a = fingerprintStream(spec(ANCHOR)).fingerprint;
  assert.notEqual(fingerprintStream(spec(ANCHOR, { seed: 4 })).fingerprint, a);
  assert.notEqual(fingerprintStream(spec(ANCHOR, { stream: 'ingest' })).fingerprint, a);
  assert.notEqual(fingerprintStream(spec(ANCHOR, { rows: 4_999 })).fingerprint, a);
  assert.notEqual(fingerprintStream(spec(ANCHOR, { startMs: ANCHOR - 6 * DAY })).fingerprint, a);
});

test('one changed value (or a value turned null) changes the fingerprint', () => {
  const rows: Row[] = [];
  for (const batch of generateBatches(spec(ANCHOR), 1_000)) rows.push(...batch);
  const digest = (rs: Row[]) => new Fingerprinter(ANCHOR).update(rs).digest();
  const base = digest(rows);
  assert.equal(base, fingerprintStream(spec(ANCHOR)).fingerprint, 'batching does not matter');
  const changed = rows.map((r) => [...r]);
  changed[2_500][4] = (changed[2_500][4] as string).replace('}', ',"x":1}');
  assert.notEqual(digest(changed), base);
  const nulled = rows.map((r) => [...r]);
  const i = nulled.findIndex((r) => r[3] !== null);
  nulled[i][3] = null;
  assert.notEqual(digest(nulled), base);
  const shifted = rows.map((r) => [...r]);
  shifted[10][0] = (shifted[10][0] as number) + 1;
  assert.notEqual(digest(shifted), base);
  // Field boundaries are part of the encoding: moving text between columns is a change.
  const a = new Fingerprinter(0).update([[1, 'ab', 'c', null, '{}']]).digest();
  const b = new Fingerprinter(0).update([[1, 'a', 'bc', null, '{}']]).digest();
  assert.notEqual(a, b);
});

test('Fingerprinter: incremental updates equal one update, rows are counted', () => {
  const rows: Row[] = [
    [1_000, 'x', 1.5],
    [2_000, 'y', null],
  ];
  const once = new Fingerprinter(0).update(rows);
  const twice = new Fingerprinter(0).update(rows.slice(0, 1)).update(rows.slice(1));
  assert.equal(once.rows, 2);
  assert.equal(twice.rows, 2);
  assert.equal(once.digest(), twice.digest());
});

test('dataset fingerprint combines stream fingerprints in order', () => {
  const a = fingerprintStream(spec(ANCHOR)).fingerprint;
  const b = fingerprintStream(spec(ANCHOR, { table: 'sentiment_scores', shape: resolveShape('sentiment_scores') })).fingerprint;
  const ab = datasetFingerprint([a, b]);
  assert.match(ab, /^[0-9a-f]{64}$/);
  assert.equal(datasetFingerprint([a, b]), ab);
  assert.notEqual(datasetFingerprint([b, a]), ab);
  assert.notEqual(datasetFingerprint([a]), ab);
});
