import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TABLES, TABLE_NAMES } from '../../bench/core/tables.js';
import type { Row, TableName } from '../../bench/core/tables.js';
import type { TableShape } from '../../bench/core/scenario.js';
import { defaultShape, generateBatches, keyValues, mostPopularKey, resolveShape } from '../../bench/generate/index.js';
import type { StreamSpec } from '../../bench/generate/index.js';
import { encodeCopyText } from '../../bench/engines/postgres/encode.js';

const ANCHOR = Date.UTC(2025, 0, 6, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function spec(table: TableName, overrides: Partial<StreamSpec> = {}, shape: Partial<TableShape> = {}): StreamSpec {
  return {
    table,
    seed: 7,
    stream: 'preload',
    shape: resolveShape(table, shape),
    anchorMs: ANCHOR,
    startMs: ANCHOR - DAY,
    endMs: ANCHOR,
    rows: 20_000,
    ...overrides,
  };
}

function allRows(s: StreamSpec, batchSize = 1_000): Row[] {
  const rows: Row[] = [];
  for (const batch of generateBatches(s, batchSize)) {
    assert.ok(batch.length > 0 && batch.length <= batchSize);
    rows.push(...batch);
  }
  return rows;
}

function copyDigest(s: StreamSpec, batchSize = 1_000): string {
  const h = createHash('sha256');
  for (const batch of generateBatches(s, batchSize)) h.update(encodeCopyText(TABLES[s.table], batch));
  return h.digest('hex');
}

describe('determinism', () => {
  for (const table of TABLE_NAMES) {
    test(`${table}: same spec gives identical bytes, another seed or stream does not`, () => {
      const a = copyDigest(spec(table));
      assert.equal(copyDigest(spec(table)), a);
      assert.equal(copyDigest(spec(table), 777), a, 'batch size must not change the rows');
      assert.notEqual(copyDigest(spec(table, { seed: 8 })), a);
      assert.notEqual(copyDigest(spec(table, { stream: 'ingest-1' })), a);
    });
  }

  test('late rows are reproducible too', () => {
    const s = spec('market_price_ticks', {}, { outOfOrder: 0.2, maxLatenessMs: 60_000 });
    assert.equal(copyDigest(s, 333), copyDigest(s, 1_000));
  });
});

describe('row counts and timestamps', () => {
  for (const table of TABLE_NAMES) {
    test(`${table}: exact count, unique strictly increasing µs inside [start, end)`, () => {
      const s = spec(table, { rows: 12_345 });
      const rows = allRows(s);
      assert.equal(rows.length, 12_345);
      let prev = -Infinity;
      for (const row of rows) {
        const t = row[0] as number;
        assert.ok(Number.isSafeInteger(t));
        assert.ok(t > prev, 'strictly increasing');
        prev = t;
      }
      assert.ok((rows[0][0] as number) >= s.startMs * 1000);
      assert.ok((rows[rows.length - 1][0] as number) < s.endMs * 1000);
      for (const row of rows) assert.equal(row.length, TABLES[table].columns.length);
    });
  }

  test('zero and one row', () => {
    assert.deepEqual(allRows(spec('sentiment_scores', { rows: 0 })), []);
    const one = allRows(spec('sentiment_scores', { rows: 1 }));
    assert.equal(one.length, 1);
  });

  test('every microsecond used when rows equal the span in µs (bursts on)', () => {
    const s = spec('alert_events', { startMs: ANCHOR - 2, endMs: ANCHOR, rows: 2_000 }, { burstFraction: 0.5, burstFactor: 10 });
    const times = allRows(s).map((r) => r[0] as number);
    assert.equal(times.length, 2_000);
    times.forEach((t, i) => assert.equal(t, (ANCHOR - 2) * 1000 + i));
  });

  test('more rows than microseconds is refused', () => {
    assert.throws(() => generateBatches(spec('alert_events', { startMs: ANCHOR - 1, endMs: ANCHOR, rows: 1_001 }), 10), /unique µs/);
  });

  test('invalid shapes and batch sizes are refused', () => {
    assert.throws(() => generateBatches(spec('alert_events', {}, { nullFraction: 1.5 }), 10), /nullFraction/);
    assert.throws(() => generateBatches(spec('alert_events', {}, { skew: -1 }), 10), /skew/);
    assert.throws(() => generateBatches(spec('alert_events'), 0), /batch size/);
  });

  test('bursts: some minutes are much denser than the typical minute', () => {
    const s = spec('market_price_ticks', { rows: 50_000 }, { burstFraction: 0.1, burstFactor: 6 });
    const perMinute = new Map<number, number>();
    for (const row of allRows(s, 5_000)) {
      const m = Math.floor((row[0] as number) / 60e6);
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    }
    const counts = [...perMinute.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)];
    const p99 = counts[Math.floor(counts.length * 0.99)];
    assert.ok(p99 > 3 * median, `p99 ${p99} vs median ${median}`);
    const flat = spec('market_price_ticks', { rows: 50_000 }, { burstFraction: 0, burstFactor: 1 });
    const flatCounts = new Map<number, number>();
    for (const row of allRows(flat, 5_000)) {
      const m = Math.floor((row[0] as number) / 60e6);
      flatCounts.set(m, (flatCounts.get(m) ?? 0) + 1);
    }
    const max = Math.max(...flatCounts.values());
    assert.ok(max < 1.5 * (50_000 / 1440), `no bursts: max per minute ${max}`);
  });
});

describe('out-of-order rows', () => {
  test('the late fraction is honoured and lateness is bounded', () => {
    const lateness = 2_000;
    const s = spec('source_reliability_metrics', { rows: 40_000, startMs: ANCHOR - HOUR }, { outOfOrder: 0.1, maxLatenessMs: lateness, burstFraction: 0 });
    const rows = allRows(s, 997);
    assert.equal(rows.length, 40_000);
    let maxSeen = -Infinity;
    let late = 0;
    for (const row of rows) {
      const t = row[0] as number;
      if (t < maxSeen) {
        late++;
        assert.ok(maxSeen - t <= lateness * 1000, `late by ${maxSeen - t} µs`);
      } else maxSeen = t;
    }
    const fraction = late / rows.length;
    assert.ok(fraction > 0.08 && fraction < 0.12, `late fraction ${fraction}`);
    const sorted = rows.map((r) => r[0] as number).sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i] > sorted[i - 1], 'still unique');
    assert.ok(sorted[0] >= s.startMs * 1000 && sorted[sorted.length - 1] < s.endMs * 1000);
  });

  test('outOfOrder 0 means emission order is time order', () => {
    const rows = allRows(spec('alert_events', {}, { outOfOrder: 0, maxLatenessMs: 10_000 }));
    for (let i = 1; i < rows.length; i++) assert.ok((rows[i][0] as number) > (rows[i - 1][0] as number));
  });
});

describe('keys and popularity', () => {
  test('defaults', () => {
    const ticks = defaultShape('market_price_ticks');
    assert.equal(ticks.keys, 20);
    assert.equal(ticks.exchanges, 4);
    assert.equal(ticks.skew, 1.1);
    assert.equal(ticks.outOfOrder, 0);
    assert.equal(defaultShape('source_reliability_metrics').keys, 50);
    assert.equal(defaultShape('sentiment_scores').keys, 200);
    assert.equal(defaultShape('alert_events').keys, 12);
    const symbols = keyValues('market_price_ticks', ticks);
    assert.deepEqual(symbols.slice(0, 2), ['BTC-USD', 'ETH-USD']);
    assert.equal(new Set(symbols).size, 20);
    assert.equal(keyValues('source_reliability_metrics', defaultShape('source_reliability_metrics'))[0], 'src-0001');
    assert.equal(keyValues('market_price_ticks', { ...ticks, keys: 25 }).length, 25);
  });

  test('zipf skew: the most popular key is far more frequent than the least', () => {
    const s = spec('market_price_ticks', { rows: 40_000 });
    const counts = new Map<string, number>();
    for (const row of allRows(s, 4_000)) counts.set(row[1] as string, (counts.get(row[1] as string) ?? 0) + 1);
    assert.equal(counts.size, 20);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    assert.equal(sorted[0][0], mostPopularKey('market_price_ticks', s.shape, s.seed));
    assert.ok(sorted[0][1] > 10 * sorted[sorted.length - 1][1], `top ${sorted[0][1]} vs last ${sorted[sorted.length - 1][1]}`);
  });

  test('skew 0 is roughly uniform', () => {
    const s = spec('alert_events', { rows: 24_000 }, { skew: 0 });
    const counts = new Map<string, number>();
    for (const row of allRows(s, 4_000)) counts.set(row[1] as string, (counts.get(row[1] as string) ?? 0) + 1);
    const values = [...counts.values()];
    assert.equal(values.length, 12);
    assert.ok(Math.max(...values) < 1.2 * Math.min(...values));
  });

  test('mostPopularKey is a stable function of (table, shape, seed)', () => {
    const shape = defaultShape('market_price_ticks');
    const a = mostPopularKey('market_price_ticks', shape, 1);
    assert.equal(mostPopularKey('market_price_ticks', shape, 1), a);
    assert.ok(keyValues('market_price_ticks', shape).includes(a));
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => mostPopularKey('market_price_ticks', shape, seed)));
    assert.ok(seen.size > 3, 'the seed chooses the popular key');
  });
});

describe('values', () => {
  const DECIMAL = /^\d{1,10}\.\d{8}$/;
  const SIX_DECIMALS = /^-?\d+(\.\d{1,6})?$/;

  function nullShare(rows: Row[], column: number): number {
    return rows.filter((r) => r[column] === null).length / rows.length;
  }

  test('market_price_ticks: decimals with 8 places, realistic levels, no nulls', () => {
    const s = spec('market_price_ticks', { rows: 20_000 }, { nullFraction: 0.3 });
    const rows = allRows(s);
    const exchanges = new Set<string>();
    const firstPrice = new Map<string, number>();
    for (const [, symbol, price, volume, exchange] of rows) {
      assert.match(price as string, DECIMAL);
      assert.match(volume as string, DECIMAL);
      assert.ok(Number(price) > 0 && Number(volume) > 0);
      assert.equal(typeof symbol, 'string');
      exchanges.add(exchange as string);
      if (!firstPrice.has(symbol as string)) firstPrice.set(symbol as string, Number(price));
    }
    assert.deepEqual([...exchanges].sort(), ['binance', 'coinbase', 'kraken', 'okx']);
    assert.ok(firstPrice.get('BTC-USD')! > 30_000 && firstPrice.get('BTC-USD')! < 120_000);
    assert.ok(firstPrice.get('ETH-USD')! > 1_000 && firstPrice.get('ETH-USD')! < 10_000);
    assert.ok(firstPrice.get('DOGE-USD')! < 1);
  });

  test('source_reliability_metrics: ranges and nulls only where allowed', () => {
    const rows = allRows(spec('source_reliability_metrics', { rows: 20_000 }, { nullFraction: 0.2 }));
    for (const [, source, trust, response, errors] of rows) {
      assert.match(source as string, /^src-\d{4}$/);
      if (trust !== null) {
        assert.ok((trust as number) >= 0 && (trust as number) <= 1);
        assert.match(String(trust), SIX_DECIMALS);
      }
      if (errors !== null) {
        assert.ok((errors as number) >= 0 && (errors as number) <= 1);
        assert.match(String(errors), SIX_DECIMALS);
      }
      assert.ok(Number.isInteger(response) && (response as number) > 0, 'response_time_ms never null');
    }
    assert.ok(Math.abs(nullShare(rows, 2) - 0.2) < 0.02);
    assert.ok(Math.abs(nullShare(rows, 4) - 0.2) < 0.02);
  });

  test('sentiment_scores: score in [-1, 1], volume integer never null', () => {
    const rows = allRows(spec('sentiment_scores', { rows: 20_000 }, { nullFraction: 0.1 }));
    let negative = 0;
    for (const [, narrative, score, volume] of rows) {
      assert.match(narrative as string, /^narrative-\d{4}$/);
      if (score !== null) {
        assert.ok((score as number) >= -1 && (score as number) <= 1);
        assert.match(String(score), SIX_DECIMALS);
        if ((score as number) < 0) negative++;
      }
      assert.ok(Number.isInteger(volume) && (volume as number) >= 0);
    }
    assert.ok(negative > 0);
    assert.ok(Math.abs(nullShare(rows, 2) - 0.1) < 0.015);
  });

  test('alert_events: severity always set, metadata always a JSON object, source_ref nullable', () => {
    const rows = allRows(spec('alert_events', { rows: 20_000 }, { nullFraction: 0.25 }));
    const severities = new Set<string>();
    const metadataKeys = new Set<string>();
    for (const [, type, severity, sourceRef, metadata] of rows) {
      assert.equal(typeof type, 'string');
      assert.ok(['info', 'warning', 'critical'].includes(severity as string));
      severities.add(severity as string);
      if (sourceRef !== null) assert.match(sourceRef as string, /^src-\d{4}$/);
      const parsed: unknown = JSON.parse(metadata as string);
      assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
      for (const k of Object.keys(parsed as object)) metadataKeys.add(k);
    }
    assert.equal(severities.size, 3);
    assert.ok(metadataKeys.size >= 5, `varied metadata keys: ${[...metadataKeys].join(',')}`);
    assert.ok(Math.abs(nullShare(rows, 3) - 0.25) < 0.02);
  });

  test('nullFraction 0 gives no nulls anywhere', () => {
    for (const table of TABLE_NAMES) {
      for (const row of allRows(spec(table, { rows: 5_000 }, { nullFraction: 0 }))) assert.ok(!row.includes(null), table);
    }
  });

  test('NOT NULL columns are never null even with many nulls', () => {
    for (const table of TABLE_NAMES) {
      const notNull = TABLES[table].columns.map((c, i) => (c.notNull ? i : -1)).filter((i) => i >= 0);
      for (const row of allRows(spec(table, { rows: 5_000 }, { nullFraction: 0.9 }))) {
        for (const i of notNull) assert.notEqual(row[i], null);
      }
    }
  });
});

describe('streaming memory', () => {
  test('heap does not grow with the number of rows generated (2M rows)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const s = spec('market_price_ticks', { rows: 2_000_000, startMs: ANCHOR - 7 * DAY }, { outOfOrder: 0.01, maxLatenessMs: 5_000 });
    const it = generateBatches(s, 10_000);
    let rows = 0;
    let heapAfterWarmup = 0;
    for (let r = it.next(); !r.done; r = it.next()) {
      rows += r.value.length;
      if (rows === 200_000) {
        gc();
        heapAfterWarmup = process.memoryUsage().heapUsed;
      }
    }
    gc();
    const growth = process.memoryUsage().heapUsed - heapAfterWarmup;
    assert.equal(rows, 2_000_000);
    assert.ok(heapAfterWarmup > 0);
    assert.ok(growth < 8 * 1024 * 1024, `heap grew by ${(growth / 1048576).toFixed(1)} MiB`);
  });
});
