import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandEnv, parseInfluxUrl, parsePostgresUrl, pgTls, secretEnvName, urlFor } from '../../bench/runtimes/external/url.js';
import { connectHint } from '../../bench/runtimes/external/target.js';
import { redact, registerSecret } from '../../bench/core/redact.js';
import { InputError } from '../../bench/core/errors.js';

describe('external URLs', () => {
  test('${VAR} references are expanded URL-encoded; a missing variable is an input error naming it', () => {
    assert.equal(expandEnv('postgres://u:${PW}@h/db', { PW: 'p@ss:w/rd' }, 'x'), 'postgres://u:p%40ss%3Aw%2Frd@h/db');
    assert.throws(
      () => expandEnv('postgres://u:${NOPE}@h/db', {}, 'postgres@external URL'),
      (e: unknown) => e instanceof InputError && /NOPE is not set/.test(e.message),
    );
  });

  test('secret variable names follow TSDB_BENCH_<ENGINE>_<KIND>', () => {
    assert.equal(secretEnvName('influxdb', 'TOKEN'), 'TSDB_BENCH_INFLUXDB_TOKEN');
    assert.equal(secretEnvName('my-pg', 'PASSWORD'), 'TSDB_BENCH_MY_PG_PASSWORD');
  });

  test('the CLI URL wins over the scenario option', () => {
    assert.equal(urlFor('postgres', { urls: { postgres: 'postgres://a/b' } }, { url: 'postgres://c/d' }), 'postgres://a/b');
    assert.equal(urlFor('postgres', { urls: { influxdb: 'http://x' } }, { url: 'postgres://c/d' }), 'postgres://c/d');
    assert.equal(urlFor('postgres', {}, {}), undefined);
  });

  test('a PostgreSQL URL with an env password parses; the display never shows the password', () => {
    const t = parsePostgresUrl('postgres://bench:${PGPASSWORD}@db.example:6543/tsdb?sslmode=require', 'postgres', { PGPASSWORD: 's3cr/et@!' });
    assert.equal(t.host, 'db.example');
    assert.equal(t.port, 6543);
    assert.equal(t.user, 'bench');
    assert.equal(t.password, 's3cr/et@!');
    assert.equal(t.database, 'tsdb');
    assert.deepEqual(t.ssl, { rejectUnauthorized: false });
    assert.equal(t.display, 'postgresql://bench@db.example:6543/tsdb');
    assert.deepEqual(t.secrets, ['s3cr/et@!']);
  });

  test('TSDB_BENCH_<ENGINE>_PASSWORD overrides the URL password; defaults fill port and database', () => {
    const t = parsePostgresUrl('postgresql://bench:inurl@localhost', 'timescaledb', { TSDB_BENCH_TIMESCALEDB_PASSWORD: 'fromenv' });
    assert.equal(t.password, 'fromenv');
    assert.equal(t.port, 5432);
    assert.equal(t.database, 'bench');
    assert.throws(() => parsePostgresUrl('mysql://x@y/z', 'postgres', {}), /expected postgres:\/\//);
    assert.throws(() => parsePostgresUrl('postgres://x@y/z?sslmode=bogus', 'postgres', {}), /sslmode/);
  });

  test('sslmode follows libpq: plain, encrypted unchecked, chain checked, chain and host name checked; sslrootcert supplies the CA', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsdb-bench-sslrootcert-'));
    try {
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      assert.equal(pgTls(null, null, 'x'), undefined);
      assert.equal(pgTls('disable', null, 'x'), undefined);
      assert.deepEqual(pgTls('require', null, 'x'), { rejectUnauthorized: false });
      const full = pgTls('verify-full', null, 'x')!;
      assert.deepEqual(full, { rejectUnauthorized: true });
      const verifyCa = pgTls('verify-ca', ca, 'x')!;
      assert.equal(verifyCa.rejectUnauthorized, true);
      assert.match(verifyCa.ca!, /BEGIN CERTIFICATE/);
      assert.equal(verifyCa.checkServerIdentity?.(), undefined, 'verify-ca skips the host-name check');
      // libpq: require with a root certificate behaves as verify-ca.
      const requireWithCa = pgTls('require', ca, 'x')!;
      assert.equal(requireWithCa.rejectUnauthorized, true);
      assert.ok(requireWithCa.checkServerIdentity);
      // sslrootcert alone means verify-full.
      const implied = parsePostgresUrl(`postgres://u@h/db?sslrootcert=${ca}`, 'postgres', {});
      assert.equal(implied.sslmode, 'verify-full');
      assert.equal(implied.ssl?.checkServerIdentity, undefined);
      assert.throws(() => pgTls('disable', ca, 'postgres@external URL'), /sslrootcert is given but sslmode=disable sends no TLS/);
      assert.throws(
        () => pgTls('verify-full', join(dir, 'missing.pem'), 'postgres@external URL'),
        (e: unknown) => e instanceof InputError && /sslrootcert .*missing\.pem cannot be read \(ENOENT\)/.test(e.message),
      );
      writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
      assert.throws(() => pgTls('verify-full', join(dir, 'junk.pem'), 'x'), /holds no PEM certificate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a certificate failure gets a hint that says where the CA goes; other failures keep theirs', () => {
    const selfSigned = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    assert.match(connectHint(selfSigned, 'check the URL'), /sslrootcert=<file>.*NODE_EXTRA_CA_CERTS=<file>/);
    const wrapped = Object.assign(new Error('fetch failed'), { cause: new Error('unable to verify the first certificate') });
    assert.match(connectHint(wrapped, 'check the URL'), /NODE_EXTRA_CA_CERTS/);
    assert.equal(connectHint(new Error('connect ECONNREFUSED 127.0.0.1:5432'), 'check the URL'), 'check the URL');
  });

  test('registered secrets are redacted from any text, including the raw URL', () => {
    const t = parsePostgresUrl('postgres://bench:${PW}@h:5432/db', 'postgres', { PW: 'Zq9-unit-secret' });
    for (const s of t.secrets) registerSecret(s);
    const line = `failed: postgres://bench:Zq9-unit-secret@h:5432/db password=Zq9-unit-secret`;
    assert.ok(!redact(line).includes('Zq9-unit-secret'));
    assert.ok(!t.display.includes('Zq9-unit-secret'));
  });

  test('InfluxDB 1.x URL: database from the query, credentials out of the base URL', () => {
    const t = parseInfluxUrl('http://reader:${IPW}@influx.example:8086/?db=bench', 'influxdb', { IPW: 'pw1' });
    assert.equal(t.baseUrl, 'http://influx.example:8086');
    assert.equal(t.username, 'reader');
    assert.equal(t.password, 'pw1');
    assert.equal(t.database, 'bench');
    assert.equal(t.display, 'http://reader@influx.example:8086 (db=bench)');
    assert.ok(!t.display.includes('pw1'));
  });

  test('InfluxDB 2.x: org/bucket from the query or options, token from TSDB_BENCH_INFLUXDB_TOKEN first', () => {
    const env = { TSDB_BENCH_INFLUXDB_TOKEN: 'tok-env' };
    const t = parseInfluxUrl('https://cloud.example/prefix/?org=acme&token=tok-url', 'influxdb', env, { bucket: 'ticks' });
    assert.equal(t.baseUrl, 'https://cloud.example/prefix');
    assert.equal(t.token, 'tok-env');
    assert.equal(t.org, 'acme');
    assert.equal(t.bucket, 'ticks');
    assert.ok(!t.display.includes('tok-'));
    assert.deepEqual(parseInfluxUrl('http://h:8086?token=tok-url', 'influxdb', {}).secrets, ['tok-url']);
    assert.throws(() => parseInfluxUrl('ftp://h', 'influxdb', {}), /expected http/);
  });
});
