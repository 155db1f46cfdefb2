/**
 * Engine `influxdb`: InfluxDB 1.x (TSM, InfluxQL) and 2.x (buckets, tokens, DBRP-mapped
 * InfluxQL) behind one engine; the flavour is read from `/ping`'s X-Influxdb-Version header.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, EngineContext, EngineSession } from '../../core/engine.js';
import type { Endpoint, HttpEndpoint } from '../../core/sql.js';
import { registerSecret } from '../../core/redact.js';
import { TargetError } from '../../core/runtime.js';
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
    const ping = await send(pool, pingRequest(), ctx.signal);
    if (ping.status !== 204 && ping.status !== 200) throw new TargetError(`InfluxDB ${ep.display}: /ping answered HTTP ${ping.status}`);
    const version = (headerValue(ping.headers['x-influxdb-version']) ?? '').trim();
    const major = flavourOf(version);
    const cleanVersion = version.replace(/^v/, '');
    if (major === 1) {
      const conn: Connection = { major, username: ep.username, password: ep.password };
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
      await sendExpect(
        pool,
        setupRequest({ ...ONBOARDING, password: randomBytes(16).toString('hex'), token }),
        [201, 200],
        'InfluxDB 2.x onboarding (/api/v2/setup)',
        ctx.signal,
      );
      org = ONBOARDING.org;
    }
    registerSecret(token);
    const admin = new V2Admin(ep.baseUrl, token);
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
  server: 'influxdb',
  // TSM shards cover shard-group durations of time; retention drops whole shards.
  traits: { timePartitioned: true },
  requirements: {},
  open,
};
