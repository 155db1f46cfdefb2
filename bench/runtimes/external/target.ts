/**
 * Reading a request into a parsed external target: which URL, with secrets from the
 * environment registered with the redactor before anything is logged.
 */
import { registerSecret } from '../../core/redact.js';
import { type ServerRequest } from '../../core/runtime.js';
import { InputError } from '../../core/errors.js';
import { urlFor, type Env } from './url.js';

export const CONNECT_TIMEOUT_MS = 5_000;

export function targetUrl(request: ServerRequest): string {
  const url = urlFor(request.engine, request.flags, request.options.options ?? {});
  if (!url) {
    throw new InputError(`${request.engine}@external needs a URL: --url ${request.engine}=<url> or engines.${request.engine}.options.url in the scenario`);
  }
  return url;
}

/** Parses with `parse` and registers every secret it found. */
export function parseTarget<T extends { secrets: string[] }>(request: ServerRequest, parse: (url: string, engine: string, env: Env) => T, env: Env = process.env): T {
  const target = parse(targetUrl(request), request.engine, env);
  for (const secret of target.secrets) registerSecret(secret);
  return target;
}

/** One line: the error's first line, never longer than needed. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  return message.split('\n')[0];
}

const CERTIFICATE_ERRORS = /self[- ]signed|unable to (?:verify|get local issuer)|certificate|ERR_TLS_CERT|altnames/i;

/**
 * What to do about a failed first contact: a certificate the harness could not check gets
 * told where the CA goes; anything else gets `otherwise`.
 */
export function connectHint(err: unknown, otherwise: string): string {
  const code = (err as { code?: unknown } | null)?.code;
  const text = `${typeof code === 'string' ? code : ''} ${firstLine(err)} ${firstLine((err as { cause?: unknown } | null)?.cause ?? '')}`;
  if (!CERTIFICATE_ERRORS.test(text)) return otherwise;
  return "the server's certificate could not be checked: give its CA as sslrootcert=<file> in a PostgreSQL URL, or NODE_EXTRA_CA_CERTS=<file> in the environment (any engine); sslmode=require encrypts without checking";
}
