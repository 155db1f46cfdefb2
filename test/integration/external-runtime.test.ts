/**
 * The external runtime against a native PostgreSQL started here (initdb as the postgres OS
 * user in a temp dir, password authentication on 127.0.0.1), proving the password is read
 * from the environment and never shown.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runtime } from '../../bench/runtimes/external/index.js';
import { silentLogger } from '../../bench/core/log.js';
import { redact } from '../../bench/core/redact.js';
import { type ServerRequest } from '../../bench/core/runtime.js';
import { TargetError } from '../../bench/core/errors.js';
import type { ServerFamily } from '../../bench/core/engine.js';
import type { Scenario } from '../../bench/core/scenario.js';
import type { SqlEndpoint } from '../../bench/core/sql.js';
import { needs } from '../helpers/require.js';
import { startPasswordPostgres, type PasswordServer } from '../helpers/password-postgres.js';
import { freePort } from '../../bench/runtimes/ports.js';

const PASSWORD = `ext-${randomBytes(9).toString('base64url')}`;
const PW_VAR = 'TSDB_BENCH_TEST_EXTERNAL_PW';

const scenario = {
  name: 'external-runtime-test',
  description: '',
  file: '<inline>',
  trials: 1,
  targets: [],
  runtime: 'external',
  engines: {},
  dataset: { seed: 1, anchorMs: 0, anchorSource: 'test', tables: {} },
  phases: [],
  claims: [],
  overrides: [],
} satisfies Scenario;

function makeRequest(engine: string, family: ServerFamily, url: string): ServerRequest {
  return {
    engine,
    family,
    requirements: {},
    options: { settings: {}, options: {} },
    scenario,
    runId: 'external-test',
    log: silentLogger,
    signal: new AbortController().signal,
    flags: { urls: { [engine]: url } },
  };
}

let port = 0;
let unavailable: string | null = null;
let server: PasswordServer | undefined;

before(async () => {
  const s = await startPasswordPostgres('tsdb-bench-external-', 'bench', PASSWORD);
  if (typeof s === 'string') {
    unavailable = s;
    return;
  }
  server = s;
  port = s.port;
  process.env[PW_VAR] = PASSWORD;
});

after(() => {
  server?.stop();
  delete process.env[PW_VAR];
});

describe('external runtime (native PostgreSQL with a password)', () => {
  test('connects with the password from the environment; the password never appears in display, details or redact()', async (t) => {
    if (!needs(t, unavailable === null, unavailable ?? '')) return;
    const url = `postgres://bench:\${${PW_VAR}}@127.0.0.1:${port}/postgres`;
    const req = makeRequest('postgres', 'postgresql', url);
    const probe = await runtime.probe(req);
    assert.equal(probe.available, true, probe.reason);
    assert.ok(!probe.reason.includes(PASSWORD));

    const server = await runtime.start(req);
    try {
      assert.equal(server.runtime, 'external');
      const endpoint = server.endpoint as SqlEndpoint;
      const client = await endpoint.connect();
      try {
        const r = await client.query('select current_user as u, 1 as one');
        assert.deepEqual(r.rows[0], { u: 'bench', one: 1 });
      } finally {
        await client.close();
      }
      assert.equal(endpoint.display, `postgresql://bench@127.0.0.1:${port}/postgres (external)`);
      for (const text of [endpoint.display, JSON.stringify(server.details), probe.reason]) {
        assert.ok(!text.includes(PASSWORD), text);
      }
      const leaked = `connect postgres://bench:${PASSWORD}@127.0.0.1:${port}/postgres failed; PGPASSWORD=${PASSWORD}`;
      assert.ok(!redact(leaked).includes(PASSWORD), redact(leaked));
      assert.equal(await server.allocatedBytes(), null);
    } finally {
      await server.stop();
    }
    // stop() touched nothing on the server: it still accepts connections.
    assert.equal((await runtime.probe(req)).available, true);
  });

  test('a wrong password fails with one redacted line naming the target and the URL', async (t) => {
    if (!needs(t, unavailable === null, unavailable ?? '')) return;
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    process.env.TSDB_BENCH_TEST_WRONG_PW = wrong;
    try {
      const req = makeRequest('postgres', 'postgresql', `postgres://bench:\${TSDB_BENCH_TEST_WRONG_PW}@127.0.0.1:${port}/postgres`);
      const probe = await runtime.probe(req);
      assert.equal(probe.available, false);
      assert.match(probe.reason, new RegExp(`^postgres@external: cannot connect to postgresql://bench@127\\.0\\.0\\.1:${port}/postgres: .*password`));
      assert.ok(!probe.reason.includes('\n'));
      assert.ok(!probe.reason.includes(wrong));
      await assert.rejects(runtime.start(req), (err: unknown) => err instanceof TargetError && !err.message.includes(wrong));
    } finally {
      delete process.env.TSDB_BENCH_TEST_WRONG_PW;
    }
  });
});

describe('external runtime (nothing listening)', () => {
  test('influxdb on a closed port: probe says which target and URL failed', async () => {
    const closed = await freePort();
    const probe = await runtime.probe(makeRequest('influxdb', 'influxdb', `http://127.0.0.1:${closed}/?db=bench`));
    assert.equal(probe.available, false);
    assert.match(probe.reason, new RegExp(`^influxdb@external: cannot reach http://127\\.0\\.0\\.1:${closed} \\(db=bench\\)`));
  });

  test('a target without URL is unavailable with a message naming the flag', async () => {
    const req = makeRequest('postgres', 'postgresql', '');
    req.flags = {};
    const probe = await runtime.probe(req);
    assert.equal(probe.available, false);
    assert.match(probe.reason, /--url postgres=/);
  });
});
