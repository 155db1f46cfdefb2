/**
 * The pure parts behind the recorded-exchange tests: error bodies turned into one line
 * (errors.ts), 3.x SQL rows (v3-sql.ts), windowed counts (v3-count.ts), 2.x admin requests
 * (v2-requests.ts) and the 2.x task Flux (v2-tasks.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, lineErrors, queryFileLimit } from '../../bench/engines/influxdb/errors.js';
import { sqlRows, utcTime, V3_SQL_QUERIES, sqlWindow } from '../../bench/engines/influxdb/v3-sql.js';
import { countRows, windowCountStatement } from '../../bench/engines/influxdb/v3-count.js';
import { createDbrpRequest, runTaskRequest, taskRunRequest } from '../../bench/engines/influxdb/v2-requests.js';
import { taskFlux, downsampledBucket } from '../../bench/engines/influxdb/v2-tasks.js';
import { INFLUX_AGGREGATES } from '../../bench/engines/influxdb/aggregates.js';
import { authHeaders, writeRequest } from '../../bench/engines/influxdb/requests.js';
import { queryParams } from '../../bench/queries/catalog.js';

const reply = (status: number, text: string) => ({ status, headers: {}, text });

describe('error bodies in one line', () => {
  test('3.x partial write (array and accept_partial=false object), 422 limits, more than three lines', () => {
    const many = JSON.stringify({
      error: 'partial write of line protocol occurred',
      data: [1, 2, 3, 4, 5].map((n) => ({ line_number: n, error_message: `bad ${n}`, original_line: 'x' })),
    });
    assert.equal(
      describeFailure('write', reply(400, many)),
      'write: partial write of line protocol occurred (HTTP 400), 5 line(s) refused: line 1: bad 1; line 2: bad 2; line 3: bad 3 (+2 more)',
    );
    const single = JSON.stringify({ error: 'parsing failed for write_lp endpoint', data: { line_number: 7, error_message: 'No fields were provided' } });
    assert.match(describeFailure('write', reply(400, single)), /1 line\(s\) refused: line 7: No fields were provided/);
    assert.equal(lineErrors('not json').length, 0);
    const limit = JSON.stringify({
      error: 'partial write of line protocol occurred',
      data: [{ line_number: 1, error_message: 'Update to schema would exceed number of columns per table of 500' }],
    });
    assert.match(describeFailure('write', reply(422, limit)), /HTTP 422.*exceed number of columns/);
  });

  test('auth, permission, not found, file limit, plain text', () => {
    assert.match(describeFailure('q', reply(401, '')), /^q: authentication failed \(HTTP 401\): the server rejected the token$/);
    assert.match(describeFailure('q', reply(401, '{"code":"unauthorized","message":"unauthorized access"}')), /\(unauthorized access\)$/);
    assert.match(describeFailure('q', reply(403, '')), /permission denied \(HTTP 403\)/);
    assert.match(describeFailure('q', reply(404, '{"code":"not found","message":"bucket \\"b\\" not found"}')), /not found \(HTTP 404\): bucket "b" not found/);
    assert.equal(queryFileLimit('External error: Query would exceed file limit of 1000 parquet files. Please'), 1000);
    assert.equal(queryFileLimit(describeFailure('q', reply(500, 'Query would exceed file limit of 77 parquet files'))), 77, 'our rephrasing keeps the number');
    assert.equal(describeFailure('q', reply(502, '  ')), 'q failed (HTTP 502): (empty body)');
  });
});

describe('3.x SQL', () => {
  test('zone-less timestamps are UTC; rows parsed from the JSON array', () => {
    assert.equal(utcTime('2026-11-30T12:00:00'), '2026-11-30T12:00:00Z');
    assert.equal(utcTime('2026-11-30T12:00:00+01:00'), '2026-11-30T12:00:00+01:00');
    assert.equal(utcTime(5), 5);
    assert.deepEqual(sqlRows('[{"t":"2026-01-01T00:00:00","v":1}]', ['t'], 'w'), [{ t: '2026-01-01T00:00:00Z', v: 1 }]);
    assert.deepEqual(sqlRows('', [], 'w'), []);
    assert.throws(() => sqlRows('{"error":"x"}', [], 'w'), /expected a JSON array/);
    assert.throws(() => sqlWindow(1.5, 2), /not integer/);
  });

  test('the idiomatic variants exist for the catalogue ids and quote the symbol', () => {
    const p = queryParams(Date.UTC(2026, 10, 30), "B'TC");
    assert.deepEqual(Object.keys(V3_SQL_QUERIES).sort(), ['ticks_last_price_idiomatic', 'ticks_ohlcv_1m_idiomatic']);
    assert.match(V3_SQL_QUERIES.ticks_ohlcv_1m_idiomatic.build('market_price_ticks', p), /symbol = 'B''TC'/);
  });
});

describe('3.x windowed counts', () => {
  test('statements; a refused window is halved; other errors pass through', async () => {
    assert.equal(windowCountStatement('alert_events', { fromMs: 5, toMs: null }), 'SELECT COUNT("metadata") AS "n" FROM "alert_events" WHERE time >= 5ms');
    const asked: string[] = [];
    const limit = new Error('Query would exceed file limit of 4 parquet files');
    const n = await countRows('market_price_ticks', {
      count: async (q) => {
        asked.push(q);
        if (!q.includes('WHERE')) throw limit;
        const m = /time >= (-?\d+)ms AND time < (-?\d+)ms/.exec(q);
        if (m && Number(m[2]) - Number(m[1]) > 300_000) throw limit;
        return m ? 1 : 0;
      },
      span: async () => ({ loNs: 0, hiNs: 1_000_000 * 1_000_000 }),
    });
    // [-1 ms, 1_000_002 ms) halved down to windows of <= 300 s: 4 windows of 1 row each.
    assert.equal(n, 4);
    assert.ok(asked.length > 4);
    await assert.rejects(
      countRows('market_price_ticks', {
        count: async () => {
          throw new Error('boom');
        },
        span: async () => null,
      }),
      /boom/,
    );
  });
});

describe('2.x admin requests and task Flux', () => {
  const conn = { major: 2 as const, token: 't', org: 'o' };
  test('DBRP of an aggregate is a non-default retention policy; task runs paths', () => {
    const dbrp = createDbrpRequest(conn, 'org1', 'b1', 'db', 'tsdb_bench_agg_x');
    assert.deepEqual(JSON.parse(String(dbrp.body)), { orgID: 'org1', bucketID: 'b1', database: 'db', retention_policy: 'tsdb_bench_agg_x', default: false });
    assert.equal(runTaskRequest(conn, 't/1').path, '/api/v2/tasks/t%2F1/runs');
    assert.equal(taskRunRequest(conn, 't1', 'r1').path, '/api/v2/tasks/t1/runs/r1');
    assert.deepEqual(authHeaders({ major: 3, token: 'apiv3_x' }), { authorization: 'Bearer apiv3_x' });
    assert.equal(writeRequest({ major: 3, token: 'apiv3_x' }, { database: 'd' }, Buffer.from('')).path, '/api/v3/write_lp?db=d&precision=microsecond');
  });
  test('a task Flux per aggregate: named option task, fixed window, to() into its bucket', () => {
    const a = INFLUX_AGGREGATES.find((x) => x.def.id === 'ticks_hourly')!;
    const flux = taskFlux(a, 'db', 'market_price_ticks', downsampledBucket('db', 'ticks_hourly'), { fromMs: 0, toMs: 3_600_000 });
    assert.ok(flux.startsWith('option task = {name: "tsdb_bench_ticks_hourly", every: 1h}\n\n'));
    assert.equal((flux.match(/\|> to\(bucket: "db_agg_ticks_hourly"/g) ?? []).length, a.fields.length);
    assert.ok(flux.includes('range(start: 1970-01-01T00:00:00.000Z, stop: 1970-01-01T01:00:00.000Z)'));
  });
});
