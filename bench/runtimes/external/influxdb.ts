/** An external InfluxDB (1.x or 2.x) reached by URL; readiness via GET /ping. */
import { request as httpRequest } from 'undici';
import { redact } from '../../core/redact.js';
import { type Availability, type RunningServer, type ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/errors.js';
import type { HttpEndpoint } from '../../core/sql.js';
import type { FamilyProvider } from '../family.js';
import { CONNECT_TIMEOUT_MS, connectHint, firstLine, parseTarget } from './target.js';
import { parseInfluxUrl, type Env, type InfluxTarget } from './url.js';

/** GET /ping; resolves the version header (X-Influxdb-Version) or 'unknown'. */
async function ping(t: InfluxTarget): Promise<string> {
  const res = await httpRequest(`${t.baseUrl}/ping`, { method: 'GET', signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) });
  await res.body.dump();
  if (res.statusCode !== 204 && res.statusCode !== 200) throw new Error(`/ping answered HTTP ${res.statusCode}`);
  const version = res.headers['x-influxdb-version'];
  return typeof version === 'string' ? version : 'unknown';
}

function parse(request: ServerRequest): InfluxTarget {
  return parseTarget(request, (url: string, engine: string, env: Env) => parseInfluxUrl(url, engine, env, request.options.options ?? {}));
}

function failure(request: ServerRequest, t: InfluxTarget, err: unknown): string {
  return redact(`${request.engine}@external: cannot reach ${t.display}: ${firstLine(err)}`);
}

export const influxdbExternal: FamilyProvider = {
  async probe(request: ServerRequest): Promise<Availability> {
    let t: InfluxTarget;
    try {
      t = parse(request);
    } catch (err) {
      return { available: false, reason: redact(firstLine(err)) };
    }
    try {
      const version = await ping(t);
      return { available: true, reason: redact(`external: ${t.display} answered /ping (InfluxDB ${version})`) };
    } catch (err) {
      return { available: false, reason: failure(request, t, err) };
    }
  },

  async start(request: ServerRequest): Promise<RunningServer> {
    const t = parse(request);
    let version: string;
    try {
      version = await ping(t);
    } catch (err) {
      throw new TargetError(failure(request, t, err), connectHint(err, 'check the URL and that the server is running'));
    }
    const endpoint: HttpEndpoint = { protocol: 'http', baseUrl: t.baseUrl, display: `${t.display} (external)` };
    for (const key of ['token', 'username', 'password', 'org', 'bucket', 'database'] as const) {
      if (t[key] !== undefined) endpoint[key] = t[key];
    }
    return {
      endpoint,
      runtime: 'external',
      label: 'external',
      details: {
        url: t.display,
        version,
        tls: t.baseUrl.startsWith('https:') ? 'https: certificate chain and host name checked against the system CAs (and NODE_EXTRA_CA_CERTS)' : 'none (plain HTTP)',
      },
      allocatedBytes: async () => null,
      stop: async () => {},
    };
  },
};
