/**
 * What an InfluxDB error reply means, in one line a user can act on. The bodies differ by
 * flavour and endpoint (recorded in fixtures/http/influxdb-2 and influxdb-3):
 * - 3.x partial write: 400 `{"error":"partial write of line protocol occurred","data":[{line_number,error_message,original_line}]}`
 *   (422 when a database/table/column limit was hit), or with accept_partial=false
 *   `{"error":"parsing failed for write_lp endpoint","data":{...one line...}}`;
 * - 3.x query file limit: the planner's "Query would exceed file limit of N parquet files";
 * - 3.x 401/403: empty body; 2.x 401: `{"code":"unauthorized","message":"unauthorized access"}`;
 * - 404: `{"error":"Database not found ..."}` / `{"code":"not found","message":"bucket \"x\" not found"}`.
 */
import { send, type HttpReply } from './http.js';
import type { RequestSpec } from './requests.js';
import type { Dispatcher } from 'undici';

interface LineError {
  line_number?: number;
  error_message?: string;
  original_line?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's own words: `error`, `message` or the raw text. */
function serverText(text: string): string {
  const j = parseJson(text) as { error?: unknown; message?: unknown } | undefined;
  if (j && typeof j === 'object') {
    if (typeof j.error === 'string') return j.error;
    if (typeof j.message === 'string') return j.message;
  }
  return text.trim();
}

/** Line errors of a partial write (3.x both shapes, 2.x message), first `max` of them. */
export function lineErrors(text: string): LineError[] {
  const j = parseJson(text) as { data?: unknown } | undefined;
  if (!j || typeof j !== 'object' || j.data === undefined || j.data === null) return [];
  const data = Array.isArray(j.data) ? j.data : [j.data];
  return data.filter((d): d is LineError => typeof d === 'object' && d !== null);
}

/** The server's words, and ours once describeFailure() has rephrased them. */
const FILE_LIMIT = /Query would exceed file limit of (\d+) parquet files|would read more than (\d+) Parquet files/;

/** N of "Query would exceed file limit of N parquet files" (or of our rephrasing), else null. */
export function queryFileLimit(text: string): number | null {
  const m = FILE_LIMIT.exec(text);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** One line for a failed reply to `what`. */
export function describeFailure(what: string, reply: HttpReply): string {
  const status = reply.status;
  const text = serverText(reply.text);
  const limit = queryFileLimit(reply.text);
  if (limit !== null) {
    return (
      `${what}: InfluxDB 3 refused the query because it would read more than ${limit} Parquet files ` +
      `(the server's --query-file-limit; the default 432 is ~3 days of data at gen1-duration 10m): ` +
      `narrow the time window or raise the limit (engines.influxdb.settings.query-file-limit)`
    );
  }
  if (status === 401) return `${what}: authentication failed (HTTP 401): the server rejected the token${text ? ` (${text})` : ''}`;
  if (status === 403) return `${what}: permission denied (HTTP 403): the token may not do this${text ? ` (${text})` : ''}`;
  const lines = lineErrors(reply.text);
  if ((status === 400 || status === 422) && lines.length > 0) {
    const shown = lines
      .slice(0, 3)
      .map((l) => `line ${l.line_number ?? '?'}: ${l.error_message ?? '(no message)'}`)
      .join('; ');
    const more = lines.length > 3 ? ` (+${lines.length - 3} more)` : '';
    return `${what}: ${text || 'write refused'} (HTTP ${status}), ${lines.length} line(s) refused: ${shown}${more}`;
  }
  if (status === 404) return `${what}: not found (HTTP 404): ${text || '(empty body)'}`;
  return `${what} failed (HTTP ${status}): ${text || '(empty body)'}`;
}

/** Sends and requires one of `ok`; otherwise throws describeFailure()'s message. */
export async function expectOk(dispatcher: Dispatcher, spec: RequestSpec, ok: readonly number[], what: string, signal?: AbortSignal): Promise<HttpReply> {
  const reply = await send(dispatcher, spec, signal);
  if (!ok.includes(reply.status)) throw new Error(describeFailure(what, reply));
  return reply;
}
