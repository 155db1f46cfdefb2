import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../bench/run/scenario.js';
import { splitMetricKey } from '../../bench/verdict/metric-lookup.js';

test('scenarios/seed-matrix.yaml loads and every claim names a metric of one of its phases', () => {
  const s = loadScenario('seed-matrix');
  assert.deepEqual(s.targets, ['postgres', 'timescaledb', 'influxdb']);
  const phaseIds = s.phases.map((p) => p.id);
  assert.deepEqual(phaseIds, ['preload', 'query', 'storage', 'compress', 'storage-compressed', 'downsample', 'ingest']);
  const byId = new Map(s.claims.map((c) => [c.id, c]));
  assert.deepEqual([...byId.keys()], ['insert-10k-latency', 'range-query-7d', 'storage-1m-ratio', 'storage-1m-postgres-size', 'downsampling-built-in', 'handles-100k-inserts']);
  for (const c of s.claims) {
    assert.equal(c.gate, false, `${c.id} is a claim under test, not a gate`);
    for (const key of [c.metric, c.baselineMetric].filter((k): k is string => typeof k === 'string')) {
      assert.ok(phaseIds.includes(splitMetricKey(key).phase), `${c.id}: ${key} names no phase of the scenario`);
    }
  }
  assert.equal(byId.get('storage-1m-ratio')!.baselineMetric, 'storage.market_price_ticks.bytes');
  assert.equal(byId.get('range-query-7d')!.factor, 10);
  assert.equal(byId.get('handles-100k-inserts')!.threshold, 100_000);
  assert.deepEqual(byId.get('range-query-7d')!.expected, { postgres: '~2000 ms', timescaledb: '~200 ms' });
  const ingest = s.phases.find((p) => p.id === 'ingest') as { rate: number };
  assert.equal(ingest.rate, 10_000);
});
