/**
 * InfluxDB 2.x administration requests as data (pure): organizations, buckets, DBRP mappings,
 * tasks and task runs. Sent by V2Admin with the same HTTP client as everything else, so each
 * call is one recorded exchange (fixtures/http/influxdb-2).
 *
 * API reference: https://docs.influxdata.com/influxdb/v2/api/
 */
import { authHeaders, bucketPayload, dbrpPayload, qs, type Connection, type RequestSpec } from './requests.js';

function jsonHeaders(conn: Connection): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(conn) };
}

function getHeaders(conn: Connection): Record<string, string> {
  return { accept: 'application/json', ...authHeaders(conn) };
}

const seg = (id: string): string => encodeURIComponent(id);

/** GET /api/v2/orgs[?org=name]. */
export function orgsRequest(conn: Connection, org?: string): RequestSpec {
  const q = org ? `?${qs({ org })}` : '';
  return { method: 'GET', path: `/api/v2/orgs${q}`, headers: getHeaders(conn) };
}

/** GET /api/v2/buckets?orgID=&name=: finds a leftover bucket of the same name. */
export function findBucketsRequest(conn: Connection, orgID: string, name: string): RequestSpec {
  return { method: 'GET', path: `/api/v2/buckets?${qs({ orgID, name })}`, headers: getHeaders(conn) };
}

/** POST /api/v2/buckets (201). */
export function createBucketRequest(conn: Connection, orgID: string, name: string, description?: string): RequestSpec {
  const body = bucketPayload(orgID, name);
  if (description) body.description = description;
  return { method: 'POST', path: '/api/v2/buckets', headers: jsonHeaders(conn), body: JSON.stringify(body) };
}

/** DELETE /api/v2/buckets/{id} (204; its DBRP mappings go with it). */
export function deleteBucketRequest(conn: Connection, bucketID: string): RequestSpec {
  return { method: 'DELETE', path: `/api/v2/buckets/${seg(bucketID)}`, headers: getHeaders(conn) };
}

/**
 * POST /api/v2/dbrps (201): maps InfluxQL database/retention policy to a bucket. The table's
 * bucket is `autogen` (default); the downsampled bucket is the retention policy `rp` of the same
 * database, so InfluxQL `"db"."rp"."m"` reaches it as on 1.x.
 */
export function createDbrpRequest(conn: Connection, orgID: string, bucketID: string, database: string, rp = 'autogen'): RequestSpec {
  const body = { ...dbrpPayload(orgID, bucketID, database), retention_policy: rp, default: rp === 'autogen' };
  return { method: 'POST', path: '/api/v2/dbrps', headers: jsonHeaders(conn), body: JSON.stringify(body) };
}

/** POST /api/v2/tasks (201). */
export function createTaskRequest(conn: Connection, body: { orgID: string; flux: string; status: 'active' | 'inactive'; description: string }): RequestSpec {
  return { method: 'POST', path: '/api/v2/tasks', headers: jsonHeaders(conn), body: JSON.stringify(body) };
}

/** DELETE /api/v2/tasks/{id} (204). */
export function deleteTaskRequest(conn: Connection, taskID: string): RequestSpec {
  return { method: 'DELETE', path: `/api/v2/tasks/${seg(taskID)}`, headers: getHeaders(conn) };
}

/** POST /api/v2/tasks/{id}/runs (201): a manual run now, outside the task's schedule. */
export function runTaskRequest(conn: Connection, taskID: string): RequestSpec {
  return { method: 'POST', path: `/api/v2/tasks/${seg(taskID)}/runs`, headers: jsonHeaders(conn), body: '{}' };
}

/** GET /api/v2/tasks/{id}/runs/{runID} (200): status scheduled | started | success | failed | canceled. */
export function taskRunRequest(conn: Connection, taskID: string, runID: string): RequestSpec {
  return { method: 'GET', path: `/api/v2/tasks/${seg(taskID)}/runs/${seg(runID)}`, headers: getHeaders(conn) };
}

/** GET /api/v2/tasks/{id}/runs/{runID}/logs (200): `{events: [{message, time}]}`, read when a run failed. */
export function taskRunLogsRequest(conn: Connection, taskID: string, runID: string): RequestSpec {
  return { method: 'GET', path: `/api/v2/tasks/${seg(taskID)}/runs/${seg(runID)}/logs`, headers: getHeaders(conn) };
}
