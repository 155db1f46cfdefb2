import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { firstSeries, scalar, seriesRows, statementResults } from '../../bench/engines/influxdb/results.js';
import { parseShowStats, prometheusByLabel, sumShards } from '../../bench/engines/influxdb/stats.js';
import { normalizeAnswer } from '../../bench/queries/normalize.js';
import { queryById } from '../../bench/queries/catalog.js';

// Captured from influxd 1.6.7 (GROUP BY time(1d), "alert_type", "severity"; one point had no severity).
const alertsResponse = {
  results: [
    {
      statement_id: 0,
      series: [
        { name: 'alert_events', tags: { alert_type: 'price_spike', severity: '' }, columns: ['time', 'alerts'], values: [[1700006400000, 2]] },
        {
          name: 'alert_events',
          tags: { alert_type: 'price_spike', severity: 'high' },
          columns: ['time', 'alerts'],
          values: [
            [1699920000000, 1],
            [1700006400000, 3],
          ],
        },
      ],
    },
  ],
};

describe('InfluxQL result parsing', () => {
  test('tags are merged into rows, empty tag values become null, time is renamed', () => {
    const rows = seriesRows(firstSeries(alertsResponse), { timeAs: 'day' });
    assert.deepEqual(rows, [
      { alert_type: 'price_spike', severity: null, day: 1700006400000, alerts: 2 },
      { alert_type: 'price_spike', severity: 'high', day: 1699920000000, alerts: 1 },
      { alert_type: 'price_spike', severity: 'high', day: 1700006400000, alerts: 3 },
    ]);
  });
  test('normalized into the catalogue columns, sorted by key (null first)', () => {
    const answer = normalizeAnswer(queryById('alerts_daily_by_type')!, seriesRows(firstSeries(alertsResponse), { timeAs: 'day' }));
    assert.deepEqual(answer.columns, ['day', 'alert_type', 'severity', 'alerts']);
    assert.deepEqual(answer.rows, [
      [1699920000000, 'price_spike', 'high', 1],
      [1700006400000, 'price_spike', null, 2],
      [1700006400000, 'price_spike', 'high', 3],
    ]);
  });
  test('timeAs null drops the time column (GROUP BY tag only)', () => {
    const r = { results: [{ statement_id: 0, series: [{ name: 'm', tags: { source_ref: 's1' }, columns: ['time', 'avg_trust', 'n'], values: [[0, 0.5, 3]] }] }] };
    assert.deepEqual(seriesRows(firstSeries(r), { timeAs: null }), [{ source_ref: 's1', avg_trust: 0.5, n: 3 }]);
  });
  test('empty results: no series', () => {
    assert.deepEqual(firstSeries({ results: [{ statement_id: 0 }] }), []);
    assert.equal(scalar({ results: [{ statement_id: 0 }] }, 'n'), 0);
  });
  test('scalar of a COUNT over all time', () => {
    assert.equal(scalar({ results: [{ statement_id: 0, series: [{ name: 'm', columns: ['time', 'n'], values: [[0, 1234]] }] }] }, 'n'), 1234);
  });
  test('statement and request errors carry the server message', () => {
    assert.throws(() => statementResults({ results: [{ statement_id: 0, error: 'database not found: x' }] }, 'SELECT 1'), /database not found: x.*SELECT 1/);
    assert.throws(() => statementResults({ error: 'error parsing query: found EOF' }), /error parsing query/);
    assert.throws(() => statementResults(null), /no JSON/);
  });
});

// Shape of `SHOW STATS` on influxd 1.6.7 (trimmed to the series the engine reads).
const shardTags = (db: string, rp: string, id: string) => ({
  database: db,
  engine: 'tsm1',
  id,
  path: `/x/influx/data/${db}/${rp}/${id}`,
  retentionPolicy: rp,
  walPath: `/x/influx/wal/${db}/${rp}/${id}`,
});
const stats = {
  results: [
    {
      statement_id: 0,
      series: [
        { name: 'runtime', columns: ['Alloc'], values: [[1]] },
        { name: 'database', tags: { database: 'db1' }, columns: ['numMeasurements', 'numSeries'], values: [[1, 3]] },
        { name: 'shard', tags: shardTags('db1', 'autogen', '1'), columns: ['diskBytes', 'writePointsOk'], values: [[1000, 3]] },
        { name: 'tsm1_cache', tags: shardTags('db1', 'autogen', '1'), columns: ['cacheAgeMs', 'memBytes'], values: [[5, 232]] },
        { name: 'tsm1_filestore', tags: shardTags('db1', 'autogen', '1'), columns: ['diskBytes', 'numFiles'], values: [[800, 1]] },
        { name: 'tsm1_wal', tags: shardTags('db1', 'autogen', '1'), columns: ['currentSegmentDiskBytes', 'oldSegmentsDiskBytes', 'writeOk'], values: [[150, 50, 1]] },
        { name: 'shard', tags: shardTags('db1', 'tsdb_bench_1h', '2'), columns: ['diskBytes'], values: [[70]] },
        { name: 'tsm1_cache', tags: shardTags('db1', 'tsdb_bench_1h', '2'), columns: ['memBytes'], values: [[0]] },
        { name: 'shard', tags: shardTags('other', 'autogen', '3'), columns: ['diskBytes'], values: [[5]] },
        { name: 'httpd', tags: { bind: '127.0.0.1:1' }, columns: ['req'], values: [[9]] },
      ],
    },
  ],
};

describe('SHOW STATS parsing', () => {
  test('per shard disk, TSM, WAL and cache bytes', () => {
    const shards = parseShowStats(stats);
    assert.equal(shards.length, 3);
    assert.deepEqual(shards[0], { database: 'db1', retentionPolicy: 'autogen', id: '1', diskBytes: 1000, tsmBytes: 800, walBytes: 200, cacheBytes: 232 });
  });
  test('sums by database and retention policy', () => {
    const shards = parseShowStats(stats);
    assert.deepEqual(
      sumShards(shards, (s) => s.database === 'db1'),
      { diskBytes: 1070, tsmBytes: 800, walBytes: 200, cacheBytes: 232, shards: 2 },
    );
    assert.equal(sumShards(shards, (s) => s.retentionPolicy === 'tsdb_bench_1h').diskBytes, 70);
  });
});

describe('2.x /metrics parsing', () => {
  test('sums a metric per bucket label', () => {
    const text = [
      '# HELP storage_shard_disk_size Gauge of the disk size for the shard',
      '# TYPE storage_shard_disk_size gauge',
      'storage_shard_disk_size{bucket="b1",engine="tsm1",id="1",path="/p/1",walPath="/w/1"} 1024',
      'storage_shard_disk_size{bucket="b1",engine="tsm1",id="2",path="/p/2",walPath="/w/2"} 76',
      'storage_shard_disk_size{bucket="b2",engine="tsm1",id="3",path="/p/3",walPath="/w/3"} 5e+03',
      'storage_shard_disk_size_other{bucket="b1"} 9',
    ].join('\n');
    const m = prometheusByLabel(text, 'storage_shard_disk_size', 'bucket');
    assert.deepEqual(
      [...m.entries()],
      [
        ['b1', 1100],
        ['b2', 5000],
      ],
    );
  });
});
