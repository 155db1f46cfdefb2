/**
 * HTTP requests to InfluxDB as data (method, path with query string, headers, body), for the
 * three flavours: 1.x (`/write`, `/query`, `/ping`), 2.x (`/api/v2/write`, `/api/v2/setup`,
 * `/api/v2/delete`, the 1.x-compatible `/query` through DBRP mappings, `/metrics`; the admin
 * calls are in v2-requests.ts) and 3.x (`/api/v3/write_lp`, the v1 `/query`; the rest in
 * v3-requests.ts). Pure: nothing here touches the network, so every request is unit-testable.
 */

export type FlavourMajor = 1 | 2 | 3;

/** What a request needs to know about the server and its credentials. */
export interface Connection {
  major: FlavourMajor;
  /** 2.x / 3.x API token; on 1.x a JWT signed with the server's `http.shared-secret`. */
  token?: string;
  /** 1.x basic auth (optional). */
  username?: string;
  password?: string;
  /** 2.x organization name. */
  org?: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query string, e.g. `/write?db=x&precision=u`. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** "1.6.7~rc0" -> 1, "v2.7.10" -> 2, "3.11.1" -> 3 (X-Influxdb-Version of /ping). */
export function flavourOf(versionHeader: string | undefined | null): FlavourMajor {
  const m = /^v?(\d+)\./.exec((versionHeader ?? '').trim());
  if (!m) throw new Error(`cannot tell the InfluxDB version from X-Influxdb-Version '${versionHeader ?? ''}'`);
  const major = Number(m[1]);
  if (major === 1) return 1;
  if (major === 2) return 2;
  if (major === 3) return 3;
  throw new Error(`unsupported InfluxDB major version ${major} (X-Influxdb-Version '${versionHeader}')`);
}

/**
 * Authorization header: `Bearer <t>` (3.x, accepted on every 3.x endpoint incl. v1 /query; 1.x,
 * where the token is a JWT the server checks with its `http.shared-secret`), `Token <t>` (2.x),
 * or Basic (1.x with user/password), else none. A token wins over user/password.
 */
export function authHeaders(conn: Connection): Record<string, string> {
  if (conn.token) return { authorization: `${conn.major === 2 ? 'Token' : 'Bearer'} ${conn.token}` };
  if (conn.username !== undefined && conn.password !== undefined) {
    return { authorization: `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString('base64')}` };
  }
  return {};
}

export function qs(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  return p.toString();
}

/** GET /ping; 3.x requires a token here too (unless started with --disable-authz ping). */
export function pingRequest(token?: string): RequestSpec {
  return { method: 'GET', path: '/ping', headers: token ? { authorization: `Bearer ${token}` } : {} };
}

/** Where a write goes: 1.x database (+ optional RP), 2.x bucket. */
export interface WriteTarget {
  database: string;
  retentionPolicy?: string;
  bucket?: string;
}

/** Line-protocol write with µs timestamps; `gzip` marks an already gzipped body. */
export function writeRequest(conn: Connection, target: WriteTarget, body: Buffer, gzip = false): RequestSpec {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...authHeaders(conn) };
  if (gzip) headers['content-encoding'] = 'gzip';
  if (conn.major === 1) {
    return { method: 'POST', path: `/write?${qs({ db: target.database, rp: target.retentionPolicy, precision: 'u' })}`, headers, body };
  }
  if (conn.major === 3) {
    // The native 3.x endpoint (accept_partial left at its default, true: a refused line is
    // reported line by line in a 400 and the row-count check catches the loss).
    return { method: 'POST', path: `/api/v3/write_lp?${qs({ db: target.database, precision: 'microsecond' })}`, headers, body };
  }
  if (!conn.org) throw new Error('InfluxDB 2.x write needs an organization');
  const bucket = target.bucket ?? target.database;
  return { method: 'POST', path: `/api/v2/write?${qs({ org: conn.org, bucket, precision: 'us' })}`, headers, body };
}

/** An InfluxQL statement on `/query` (POST form body), results with epoch-ms times. */
export function queryRequest(conn: Connection, q: string, database?: string): RequestSpec {
  return {
    method: 'POST',
    path: `/query?${qs({ db: database, epoch: 'ms' })}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...authHeaders(conn) },
    body: qs({ q }),
  };
}

// ---- 2.x administration ----

export interface SetupInput {
  username: string;
  password: string;
  org: string;
  bucket: string;
  token: string;
}

/** GET /api/v2/setup: `{"allowed": true}` when the instance has not been onboarded yet. */
export function setupAllowedRequest(): RequestSpec {
  return { method: 'GET', path: '/api/v2/setup', headers: { accept: 'application/json' } };
}

/** POST /api/v2/setup: onboarding with our own token (infinite retention on the first bucket). */
export function setupRequest(input: SetupInput): RequestSpec {
  return {
    method: 'POST',
    path: '/api/v2/setup',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: input.username, password: input.password, org: input.org, bucket: input.bucket, token: input.token, retentionPeriodSeconds: 0 }),
  };
}

/** Body of BucketsAPI.postBuckets: one bucket per table, infinite retention unless given. */
export function bucketPayload(
  orgID: string,
  name: string,
  retentionSeconds = 0,
): { orgID: string; name: string; description: string; retentionRules: { type: 'expire'; everySeconds: number }[] } {
  return { orgID, name, description: 'tsdb-bench run data (dropped at the end of the run)', retentionRules: [{ type: 'expire', everySeconds: retentionSeconds }] };
}

/** Body of DbrpsAPI.postDBRP: maps InfluxQL database `database` / RP autogen to the bucket. */
export function dbrpPayload(orgID: string, bucketID: string, database: string): { orgID: string; bucketID: string; database: string; retention_policy: string; default: boolean } {
  return { orgID, bucketID, database, retention_policy: 'autogen', default: true };
}

/** POST /api/v2/delete: removes points of `measurement` in [startMs, stopMs). */
export function deleteRequest(conn: Connection, bucket: string, measurement: string, startMs: number, stopMs: number): RequestSpec {
  if (!conn.org) throw new Error('InfluxDB 2.x delete needs an organization');
  const predicate = `_measurement="${measurement.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  // /api/v2/delete's stop is inclusive: stopMs - 1 ns keeps the window half-open like InfluxQL's.
  const stopIso = `${new Date(stopMs - 1).toISOString().slice(0, -1)}999999Z`;
  return {
    method: 'POST',
    path: `/api/v2/delete?${qs({ org: conn.org, bucket })}`,
    headers: { 'content-type': 'application/json', ...authHeaders(conn) },
    body: JSON.stringify({ start: new Date(startMs).toISOString(), stop: stopIso, predicate }),
  };
}

/** Flux: an InfluxQL-equivalent Flux string literal. */
export function fluxString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

/** POST /api/v2/query with a Flux script (used for 2.x backfills). */
export function fluxQueryRequest(conn: Connection, flux: string): RequestSpec {
  if (!conn.org) throw new Error('InfluxDB 2.x query needs an organization');
  return {
    method: 'POST',
    path: `/api/v2/query?${qs({ org: conn.org })}`,
    headers: { 'content-type': 'application/json', accept: 'application/csv', ...authHeaders(conn) },
    body: JSON.stringify({ query: flux, type: 'flux', dialect: { header: true, annotations: [] } }),
  };
}

/** GET /metrics (2.x Prometheus metrics: storage_shard_disk_size, storage_cache_inuse_bytes). */
export function metricsRequest(conn: Connection): RequestSpec {
  return { method: 'GET', path: '/metrics', headers: { ...authHeaders(conn) } };
}
