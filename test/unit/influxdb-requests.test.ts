import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  authHeaders,
  bucketPayload,
  dbrpPayload,
  deleteRequest,
  flavourOf,
  fluxQueryRequest,
  fluxString,
  metricsRequest,
  queryRequest,
  setupAllowedRequest,
  setupRequest,
  writeRequest,
} from '../../bench/engines/influxdb/requests.js';
import { floorHour, ident, qualified, rpDuration, str, timeMs, window } from '../../bench/engines/influxdb/influxql.js';
import { databaseName, namespaceLabel } from '../../bench/engines/influxdb/namespace.js';

const v1 = { major: 1 as const };
const v2 = { major: 2 as const, token: 's3cr3t-token', org: 'my org' };

describe('flavour detection from X-Influxdb-Version', () => {
  test('1.x and 2.x versions', () => {
    assert.equal(flavourOf('1.6.7~rc0'), 1);
    assert.equal(flavourOf('1.8.10'), 1);
    assert.equal(flavourOf('v2.7.10'), 2);
    assert.equal(flavourOf('2.7.1'), 2);
  });
  test('missing or unknown versions are errors', () => {
    assert.throws(() => flavourOf(undefined), /cannot tell/);
    assert.throws(() => flavourOf('nightly'), /cannot tell/);
    assert.equal(flavourOf('3.11.1'), 3);
    assert.throws(() => flavourOf('4.0.0'), /unsupported InfluxDB major version 4/);
  });
});

describe('authorization', () => {
  test('2.x token header', () => assert.deepEqual(authHeaders(v2), { authorization: 'Token s3cr3t-token' }));
  test('1.x token (a JWT checked against http.shared-secret) goes as Bearer and wins over user/password', () => {
    assert.deepEqual(authHeaders({ major: 1, token: 'eyJ.jwt.sig' }), { authorization: 'Bearer eyJ.jwt.sig' });
    assert.deepEqual(authHeaders({ major: 1, token: 'eyJ.jwt.sig', username: 'u', password: 'p' }), { authorization: 'Bearer eyJ.jwt.sig' });
    assert.deepEqual(authHeaders({ major: 3, token: 't3' }), { authorization: 'Bearer t3' });
  });
  test('1.x basic auth only with user and password', () => {
    assert.deepEqual(authHeaders({ major: 1, username: 'u', password: 'p:w' }), { authorization: `Basic ${Buffer.from('u:p:w').toString('base64')}` });
    assert.deepEqual(authHeaders({ major: 1, username: 'u' }), {});
    assert.deepEqual(authHeaders(v1), {});
  });
});

describe('writes', () => {
  const body = Buffer.from('m,t=a f=1 1\n');
  test('1.x /write with µs precision, db and optional rp', () => {
    const r = writeRequest(v1, { database: 'tsdb bench&x' }, body);
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/write?db=tsdb+bench%26x&precision=u');
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.headers.authorization, undefined);
    assert.equal(r.body, body);
    assert.equal(writeRequest(v1, { database: 'd', retentionPolicy: 'autogen' }, body).path, '/write?db=d&rp=autogen&precision=u');
  });
  test('gzip marks the body encoding', () => {
    assert.equal(writeRequest(v1, { database: 'd' }, body, true).headers['content-encoding'], 'gzip');
  });
  test('2.x /api/v2/write with org, bucket, us precision and token', () => {
    const r = writeRequest(v2, { database: 'b1', bucket: 'b1' }, body);
    assert.equal(r.path, '/api/v2/write?org=my+org&bucket=b1&precision=us');
    assert.equal(r.headers.authorization, 'Token s3cr3t-token');
    assert.throws(() => writeRequest({ major: 2, token: 't' }, { database: 'b' }, body), /organization/);
  });
});

describe('queries', () => {
  test('InfluxQL in a form body, db and epoch=ms in the URL', () => {
    const r = queryRequest(v1, 'SELECT COUNT("price") FROM "m" WHERE "symbol" = \'A&B\'', 'db1');
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/query?db=db1&epoch=ms');
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(new URLSearchParams(String(r.body)).get('q'), 'SELECT COUNT("price") FROM "m" WHERE "symbol" = \'A&B\'');
  });
  test('without a database (server statements)', () => {
    assert.equal(queryRequest(v1, 'SHOW STATS').path, '/query?epoch=ms');
  });
  test('2.x compatibility /query carries the token', () => {
    assert.equal(queryRequest(v2, 'SHOW MEASUREMENTS', 'db').headers.authorization, 'Token s3cr3t-token');
  });
  test('2.x Flux query', () => {
    const r = fluxQueryRequest(v2, 'from(bucket: "b") |> range(start: -1h)');
    assert.equal(r.path, '/api/v2/query?org=my+org');
    assert.deepEqual(JSON.parse(String(r.body)), { query: 'from(bucket: "b") |> range(start: -1h)', type: 'flux', dialect: { header: true, annotations: [] } });
  });
  test('/metrics', () => assert.equal(metricsRequest(v2).path, '/metrics'));
});

describe('2.x setup, buckets, DBRP, delete', () => {
  test('setup probe and onboarding body', () => {
    assert.deepEqual(setupAllowedRequest(), { method: 'GET', path: '/api/v2/setup', headers: { accept: 'application/json' } });
    const r = setupRequest({ username: 'u', password: 'pw', org: 'o', bucket: 'b', token: 'tok' });
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/api/v2/setup');
    assert.equal(r.headers.authorization, undefined);
    assert.deepEqual(JSON.parse(String(r.body)), { username: 'u', password: 'pw', org: 'o', bucket: 'b', token: 'tok', retentionPeriodSeconds: 0 });
  });
  test('bucket payload: infinite retention by default', () => {
    const b = bucketPayload('org1', 'tsdb_bench_r_ticks');
    assert.equal(b.orgID, 'org1');
    assert.equal(b.name, 'tsdb_bench_r_ticks');
    assert.deepEqual(b.retentionRules, [{ type: 'expire', everySeconds: 0 }]);
    assert.deepEqual(bucketPayload('o', 'n', 3600).retentionRules, [{ type: 'expire', everySeconds: 3600 }]);
  });
  test('DBRP mapping: database = bucket name, autogen, default', () => {
    assert.deepEqual(dbrpPayload('org1', 'bid', 'tsdb_bench_r_ticks'), {
      orgID: 'org1',
      bucketID: 'bid',
      database: 'tsdb_bench_r_ticks',
      retention_policy: 'autogen',
      default: true,
    });
  });
  test('delete: half-open window via inclusive stop 1 ns before the cutoff, escaped predicate', () => {
    const r = deleteRequest(v2, 'b', 'we"ird', 0, Date.UTC(2025, 0, 1));
    assert.equal(r.path, '/api/v2/delete?org=my+org&bucket=b');
    const body = JSON.parse(String(r.body));
    assert.equal(body.start, '1970-01-01T00:00:00.000Z');
    assert.equal(body.stop, '2024-12-31T23:59:59.999999999Z');
    assert.equal(body.predicate, '_measurement="we\\"ird"');
  });
  test('Flux string escaping', () => {
    assert.equal(fluxString('a"b\\c${x}'), '"a\\"b\\\\c\\${x}"');
  });
});

describe('InfluxQL text', () => {
  test('identifiers and strings are escaped', () => {
    assert.equal(ident('plain'), '"plain"');
    assert.equal(ident('we"ird\\name'), '"we\\"ird\\\\name"');
    assert.equal(str("it's"), "'it\\'s'");
    assert.equal(str('back\\slash'), "'back\\\\slash'");
  });
  test('time literals are integer epoch ms', () => {
    assert.equal(timeMs(1700000000000), '1700000000000ms');
    assert.throws(() => timeMs(1.5));
    assert.equal(window(1000, 2000), 'time >= 1000ms AND time < 2000ms');
  });
  test('retention durations are whole hours, at least 1h', () => {
    assert.equal(rpDuration(90 * 86_400_000), '2160h');
    assert.equal(rpDuration(60_000), '1h');
    assert.equal(rpDuration(3_600_001), '2h');
  });
  test('qualified names and hour flooring', () => {
    assert.equal(qualified('d', 'rp', 'm'), '"d"."rp"."m"');
    assert.equal(qualified('d', null, 'm'), '"d".."m"');
    assert.equal(floorHour(Date.UTC(2025, 0, 1, 5, 59, 59, 999)), Date.UTC(2025, 0, 1, 5));
  });
  test('database names per run and table are safe identifiers', () => {
    assert.equal(databaseName('2025-01-01T00:00:00Z-ab', 'alert_events'), 'tsdb_bench_2025_01_01T00_00_00Z_ab_alert_events');
    assert.equal(namespaceLabel('r1'), 'tsdb_bench_r1_<table>');
  });
});
