/** One byte formatter, decimal units (bench/format/bytes.ts), used by reports, plan and compare alike. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteUnit, formatByteCount, formatBytes } from '../../bench/format/bytes.js';
import { formatValue } from '../../bench/format/values.js';
import { formatPreciseValue } from '../../bench/format/precise.js';
import { formatBytes as reportFormatBytes } from '../../bench/format/bytes.js';
import { renderProjectionMarkdown } from '../../bench/report/projection-markdown.js';
import { projectDisk } from '../../bench/capacity/projection.js';

test('decimal units: 1 kB = 1000 B, 1 MB = 10^6 B, 1 GB = 10^9 B, three significant digits', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1000), '1 kB');
  assert.equal(formatBytes(1024), '1.02 kB');
  assert.equal(formatBytes(4_300_800), '4.3 MB');
  assert.equal(formatBytes(1.5e9), '1.5 GB');
  assert.equal(formatBytes(2_345_678_901_234), '2.35 TB');
  assert.equal(formatBytes(3e15), '3 PB');
  assert.equal(formatBytes(null), '—');
  assert.equal(formatBytes(Number.NaN), '—');
  assert.deepEqual(byteUnit(8_330_000_000), { unit: 'GB', divisor: 1e9 });
});

test('every byte figure goes through the one formatter: report, metric values, comparisons', () => {
  assert.equal(reportFormatBytes, formatBytes);
  assert.equal(formatValue(4_300_800, 'bytes'), '4.3 MB');
  // Comparisons show every byte (a one-byte change must stay visible), still decimal: plain B.
  assert.equal(formatByteCount(110_234_112), '110,234,112 B');
  assert.equal(formatPreciseValue(110_234_112, 'bytes'), '110,234,112 B');
});

test('the plan text is in decimal units, never KiB/MiB/GiB', () => {
  const input = { rate: 10_000, retentionDays: 90, compressAfterDays: 7, chunkDays: 1 };
  const projection = projectDisk({ target: 't', rawBytesPerRow: 100, compressedBytesPerRow: 10, indexBytesPerRow: 20, partitioned: true }, input);
  const md = renderProjectionMarkdown([projection], input, new Map([['t', { raw: 100, compressed: 10 }]]), 'test');
  assert.ok(md.includes(formatBytes(projection.steadyStateBytes)), md);
  assert.match(md, /\d (GB|TB) \|/);
  assert.doesNotMatch(md, /[KMGTP]iB/);
  assert.match(md, /Sizes in decimal units \(1 GB = 10\^9 bytes\)/);
});
