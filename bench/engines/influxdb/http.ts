/**
 * Sends RequestSpecs with undici. One Pool for queries and administration; each writer gets
 * its own single-connection Client so concurrent writers really use separate connections.
 */
import { Client, Pool, type Dispatcher } from 'undici';
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

export async function send(dispatcher: Dispatcher, spec: RequestSpec, signal?: AbortSignal): Promise<HttpReply> {
  const res = await dispatcher.request({
    method: spec.method,
    path: spec.path,
    headers: spec.headers,
    body: spec.body,
    signal,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

/** Sends and requires one of `ok` statuses; otherwise throws with the server's message. */
export async function sendExpect(dispatcher: Dispatcher, spec: RequestSpec, ok: readonly number[], what: string, signal?: AbortSignal): Promise<HttpReply> {
  const reply = await send(dispatcher, spec, signal);
  if (!ok.includes(reply.status)) throw new Error(`${what} failed (HTTP ${reply.status}): ${errorMessage(reply.text)}`);
  return reply;
}

export function newPool(baseUrl: string): Pool {
  return new Pool(baseUrl, { connections: 4, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
}

export function newWriterClient(baseUrl: string): Client {
  return new Client(baseUrl, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
}
