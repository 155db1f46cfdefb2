/**
 * Sends RequestSpecs with undici. One Pool for queries and administration; each writer gets
 * its own single-connection Client so concurrent writers really use separate connections.
 *
 * Deadlines (bench/core/deadlines.ts): every request is aborted when the server has not
 * answered within the operation bound (the long bound for InfluxQL backfills, SELECT ... INTO),
 * and fails with EngineStoppedResponding ("engine stopped responding (no answer to an InfluxDB
 * write within 120 s)"); undici's headers/body timeouts are set to the same bound.
 * Credentials travel in the RequestSpec's headers (requests.ts authHeaders), never in the URL.
 */
import { Client, Pool, type Dispatcher } from 'undici';
import { deadlineSettings, EngineStoppedResponding, isLongStatement } from '../../core/deadlines.js';
import type { RequestSpec } from './requests.js';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The server's message in an error body ({"error": "..."} or {"message": "..."}), else the text. */
export function errorMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: string; message?: string };
    if (j && typeof j === 'object') return j.error ?? j.message ?? text;
  } catch {
    // not JSON
  }
  return text.trim() || '(empty body)';
}

/** What a request is, for a timeout message: "an InfluxDB write", "an InfluxQL query". */
export function operationLabel(spec: RequestSpec): string {
  const path = spec.path.split('?')[0];
  if (path === '/write' || path === '/api/v2/write') return 'an InfluxDB write';
  if (path === '/query' || path === '/api/v2/query') return 'an InfluxDB query';
  return `InfluxDB ${spec.method} ${path}`;
}

/** The request's deadline: long for InfluxQL that writes (SELECT ... INTO backfills). */
export function requestDeadlineMs(spec: RequestSpec): number {
  const bounds = deadlineSettings();
  const q = typeof spec.body === 'string' && spec.path.startsWith('/query') ? (new URLSearchParams(spec.body).get('q') ?? '') : '';
  return q && isLongStatement(q) ? bounds.longOpTimeoutMs : bounds.opTimeoutMs;
}

const UNDICI_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export async function send(dispatcher: Dispatcher, spec: RequestSpec, signal?: AbortSignal): Promise<HttpReply> {
  const ms = requestDeadlineMs(spec);
  const deadline = AbortSignal.timeout(ms);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    const res = await dispatcher.request({
      method: spec.method,
      path: spec.path,
      headers: spec.headers,
      body: spec.body,
      signal: combined,
      headersTimeout: ms,
      bodyTimeout: ms,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if ((deadline.aborted && !signal?.aborted) || (code && UNDICI_TIMEOUTS.has(code))) throw new EngineStoppedResponding(operationLabel(spec), ms);
    throw err;
  }
}

/** Sends and requires one of `ok` statuses; otherwise throws with the server's message. */
export async function sendExpect(dispatcher: Dispatcher, spec: RequestSpec, ok: readonly number[], what: string, signal?: AbortSignal): Promise<HttpReply> {
  const reply = await send(dispatcher, spec, signal);
  if (!ok.includes(reply.status)) throw new Error(`${what} failed (HTTP ${reply.status}): ${errorMessage(reply.text)}`);
  return reply;
}

export function newPool(baseUrl: string): Pool {
  const ms = deadlineSettings().longOpTimeoutMs;
  return new Pool(baseUrl, { connections: 4, pipelining: 1, headersTimeout: ms, bodyTimeout: ms });
}

export function newWriterClient(baseUrl: string): Client {
  const ms = deadlineSettings().opTimeoutMs;
  return new Client(baseUrl, { pipelining: 1, headersTimeout: ms, bodyTimeout: ms });
}
