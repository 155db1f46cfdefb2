/**
 * Engine `influxdb`: InfluxDB 1.x (TSM, InfluxQL), 2.x (buckets, tokens, DBRP-mapped InfluxQL)
 * and 3.x Core (Parquet, databases, Bearer tokens, SQL + InfluxQL) behind one engine; the
 * flavour is read from `/ping`'s X-Influxdb-Version header (3.x: and X-Influxdb-Build). 3.x
 * answers /ping only with a token (unless started with --disable-authz ping): a 401 without
 * one is retried with the endpoint's token.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, EngineContext, EngineSession } from '../../core/engine.js';
import type { Endpoint, HttpEndpoint } from '../../core/sql.js';
import { registerSecret } from '../../core/redact.js';
import { TargetError } from '../../core/errors.js';
import { newPool, send, sendExpect } from './http.js';
import { flavourOf, pingRequest, setupAllowedRequest, setupRequest, type Connection } from './requests.js';
import { InfluxSession } from './session.js';
import { V2Admin } from './v2-admin.js';

/** Organization, bucket and user the harness creates when it onboards a fresh 2.x instance. */
export const ONBOARDING = { org: 'tsdb-bench', bucket: 'tsdb_bench_onboarding', username: 'tsdb-bench' } as const;

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

async function open(endpoint: Endpoint, ctx: EngineContext): Promise<EngineSession> {
  if (endpoint.protocol !== 'http') throw new TargetError(`the influxdb engine needs an HTTP endpoint, got ${endpoint.protocol}`);
  const ep: HttpEndpoint = endpoint;
  const pool = newPool(ep.baseUrl);
  try {
    let ping = await send(pool, pingRequest(), ctx.signal);
    if (ping.status === 401 && ep.token) {
      registerSecret(ep.token);
      ping = await send(pool, pingRequest(ep.token), ctx.signal);
    }
    if (ping.status === 401) {
      throw new TargetError(
        `InfluxDB ${ep.display}: /ping answered HTTP 401 (authentication failed${ep.token ? ': the token was rejected' : ': the server needs a token'})`,
        'give the token (InfluxDB 3: influxdb3 create token --admin) in TSDB_BENCH_INFLUXDB_TOKEN or ?token= of --url',
      );
    }
    if (ping.status !== 204 && ping.status !== 200) throw new TargetError(`InfluxDB ${ep.display}: /ping answered HTTP ${ping.status}`);
    const version = (headerValue(ping.headers['x-influxdb-version']) ?? '').trim();
    const major = flavourOf(version);
    const cleanVersion = version.replace(/^v/, '');
    if (major === 3) {
      if (!ep.token) {
        throw new TargetError(
          `InfluxDB ${cleanVersion} at ${ep.display} needs a token`,
          'create one with influxdb3 create token --admin and pass it in TSDB_BENCH_INFLUXDB_TOKEN or ?token= of --url',
        );
      }
      registerSecret(ep.token);
      const build = (headerValue(ping.headers['x-influxdb-build']) ?? '').trim() || undefined;
      const conn: Connection = { major, token: ep.token };
      return new InfluxSession(ep.baseUrl, conn, pool, cleanVersion, ctx, null, build);
    }
    if (major === 1) {
      // A 1.x token is a JWT (http.shared-secret): sent as Bearer instead of user/password.
      const conn: Connection = ep.token ? { major, token: ep.token } : { major, username: ep.username, password: ep.password };
      registerSecret(ep.token);
      registerSecret(ep.password);
      return new InfluxSession(ep.baseUrl, conn, pool, cleanVersion, ctx, null);
    }
    let token = ep.token;
    let org = ep.org;
    if (!token) {
      const allowed = await sendExpect(pool, setupAllowedRequest(), [200], 'InfluxDB 2.x GET /api/v2/setup', ctx.signal);
      if (!(JSON.parse(allowed.text) as { allowed?: boolean }).allowed) {
        throw new TargetError(`InfluxDB ${cleanVersion} at ${ep.display} is already set up and no token was given`, 'pass the instance token (and org)');
      }
      token = randomBytes(24).toString('hex');
      registerSecret(token);
      await sendExpect(pool, setupRequest({ ...ONBOARDING, password: randomBytes(16).toString('hex'), token }), [201, 200], 'InfluxDB 2.x onboarding (/api/v2/setup)', ctx.signal);
      org = ONBOARDING.org;
    }
    registerSecret(token);
    const admin = new V2Admin(pool, { major, token }, ctx.signal);
    const found = await admin.orgId(org);
    const conn: Connection = { major, token, org: found.name };
    return new InfluxSession(ep.baseUrl, conn, pool, cleanVersion, ctx, { admin, orgID: found.id });
  } catch (err) {
    await pool.close().catch(() => {});
    throw err;
  }
}

export const engine: Engine = {
  name: 'influxdb',
  title: 'InfluxDB',
  obtain: [
    'apt-get install influxdb (native runtime)',
    'a Docker daemon with an influxdb image (docker pull influxdb:1.11.8)',
    '--url influxdb=http://host:8086?db=bench (a server you run)',
  ],
  server: 'influxdb',
  // TSM shards cover shard-group durations of time; retention drops whole shards.
  traits: { timePartitioned: true },
  requirements: {},
  open,
};
