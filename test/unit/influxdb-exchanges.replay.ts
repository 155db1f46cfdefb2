/**
 * Recorded-exchange replay for the InfluxDB 2.x / 3.x flavours (no such server can be obtained
 * on these machines). A fixture (fixtures/http/influxdb-{2,3}/*.json) is the ordered list of
 * exchanges one engine session makes, written from the official API documentation (each
 * exchange names its page): the request (method, path, query, the headers that matter, body)
 * and the server's answer (status, headers, body). A node:http server on 127.0.0.1 (random
 * port) checks every incoming request against the next recorded one and answers the recorded
 * response; a request that differs gets HTTP 599 and is reported with what differed.
 *
 * Body matchers: `json` (deep equality; `{"$contains": [..]}` matches a string holding every
 * piece, `{"$any": true}` anything), `form` (x-www-form-urlencoded fields, same matchers),
 * `lines` (the non-empty lines, exact), `text` (exact), `empty: true`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Exact query parameters (every key, nothing else). */
  query?: Record<string, string>;
  /** Headers that must be present with this value (null: must be absent). Names lower case. */
  headers?: Record<string, string | null>;
  json?: unknown;
  form?: Record<string, unknown>;
  lines?: string[];
  text?: string;
  empty?: boolean;
}

export interface RecordedResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export interface Exchange {
  name: string;
  doc?: string;
  request: RecordedRequest;
  response: RecordedResponse;
}

export interface Fixture {
  doc?: string[];
  exchanges: Exchange[];
}

export function loadFixture(path: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/http/${path}`, import.meta.url), 'utf8')) as Fixture;
}

function matches(expected: unknown, actual: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    const e = expected as Record<string, unknown>;
    if ('$any' in e) return true;
    if ('$contains' in e) return typeof actual === 'string' && (e.$contains as string[]).every((piece) => actual.includes(piece));
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    for (const k of keys) if (!(k in e) || !(k in a) || !matches(e[k], a[k])) return false;
    return true;
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((x, i) => matches(x, actual[i]));
  return isDeepStrictEqual(expected, actual);
}

/** What differs between the recorded request and the one received (empty when they match). */
export function requestDiff(rec: RecordedRequest, req: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }): string[] {
  const out: string[] = [];
  const url = new URL(req.url, 'http://replay');
  if (req.method !== rec.method) out.push(`method ${req.method} != ${rec.method}`);
  if (url.pathname !== rec.path) out.push(`path ${url.pathname} != ${rec.path}`);
  const query = Object.fromEntries(url.searchParams);
  if (!isDeepStrictEqual(query, rec.query ?? {})) out.push(`query ${JSON.stringify(query)} != ${JSON.stringify(rec.query ?? {})}`);
  for (const [name, value] of Object.entries(rec.headers ?? {})) {
    const got = req.headers[name];
    const v = Array.isArray(got) ? got.join(', ') : got;
    if (value === null ? v !== undefined : v !== value) out.push(`header ${name}: ${JSON.stringify(v)} != ${JSON.stringify(value)}`);
  }
  const text = req.body.toString('utf8');
  if (rec.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = `(not JSON) ${text}`;
    }
    if (!matches(rec.json, parsed)) out.push(`json body ${text.slice(0, 400)} != ${JSON.stringify(rec.json).slice(0, 400)}`);
  }
  if (rec.form !== undefined) {
    const form = Object.fromEntries(new URLSearchParams(text));
    if (!matches(rec.form, form)) out.push(`form body ${JSON.stringify(form).slice(0, 400)} != ${JSON.stringify(rec.form).slice(0, 400)}`);
  }
  if (rec.lines !== undefined) {
    const lines = text.split('\n').filter((l) => l !== '');
    if (!isDeepStrictEqual(lines, rec.lines)) out.push(`lines ${JSON.stringify(lines)} != ${JSON.stringify(rec.lines)}`);
  }
  if (rec.text !== undefined && text !== rec.text) out.push(`body ${JSON.stringify(text)} != ${JSON.stringify(rec.text)}`);
  if (rec.empty && text !== '') out.push(`body ${JSON.stringify(text)} should be empty`);
  return out;
}

export interface Replay {
  baseUrl: string;
  /** Exchanges answered so far (names), in order. */
  served: string[];
  mismatches: string[];
  /** Recorded exchanges not requested (yet). */
  remaining(): string[];
  close(): Promise<void>;
}

export async function startReplay(fixture: Fixture): Promise<Replay> {
  const queue = [...fixture.exchanges];
  const served: string[] = [];
  const mismatches: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const next = queue[0];
      const diff = next ? requestDiff(next.request, { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body }) : ['no exchange left'];
      if (!next || diff.length > 0) {
        const line = `${req.method} ${req.url} vs recorded '${next?.name ?? '(none)'}': ${diff.join('; ')}`;
        mismatches.push(line);
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`replay mismatch: ${line}`);
        return;
      }
      queue.shift();
      served.push(next.name);
      const r = next.response;
      const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (text !== '' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = typeof r.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      }
      res.writeHead(r.status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay server has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    served,
    mismatches,
    remaining: () => queue.map((e) => e.name),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
