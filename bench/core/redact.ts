/**
 * Secrets (passwords, tokens) never reach a file or a log line. Redaction works on structure,
 * never by replacing text in serialized JSON: a password `5000`, `postgres` or `true` must
 * leave results.json valid and target ids, engine names and ports intact.
 *
 * What is redacted, in every string value (objects are walked before serialization, keys kept):
 * - the password of a URL's userinfo (`scheme://user:PASSWORD@host`),
 * - secret-named URL query parameters and `name=value` / `name: value` pairs
 *   (`?token=..`, `password=..`, `PGPASSWORD=..`),
 * - the value of an object property whose name says it holds a secret (`password`, `token`,
 *   `secret`, `apiKey`, `credentials`...), whatever its type,
 * - a registered secret anywhere, but only when it is strong enough not to collide with
 *   ordinary words and numbers (see `isDistinctive`): a weak password like `postgres` is
 *   removed from the places above and nowhere else.
 */
const MASK = '***';
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 1) secrets.add(secret);
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
}

/** Property names whose value is a secret. */
const SECRET_KEY = /(password|passwd|secret|token|api[_-]?key|credentials?)$/i;

/**
 * A secret that can be replaced anywhere in free text without touching anything else: long,
 * and not a plain word or number (`postgres`, `5000`, `true` are not).
 */
export function isDistinctive(secret: string): boolean {
  if (secret.length < 8) return false;
  if (/^[A-Za-z]+$/.test(secret) || /^[\d.,_-]+$/.test(secret)) return false;
  return true;
}

/** scheme://user:password@ — the password part (URL-encoded, so it holds no '@' or '/'). */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s/]*)@/gi;
/** `${VAR}` as written on a command line names a variable, not a secret: kept for the record. */
const ENV_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
/** ?token=.. / &p=.. (InfluxDB 1.x query auth) in a URL. */
const URL_QUERY_SECRET = /([?&](?:p|pwd|password|passwd|token|secret|api[_-]?key|auth)=)[^&\s#'"]*/gi;
/** name=value / name: value pairs in free text whose name says secret (PGPASSWORD=.., token: ..). */
const SECRET_PAIR = /((?:^|[\s;,({'"])(?:[A-Za-z_][\w.-]*)?(?:password|passwd|secret|token|api[_-]?key)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,)'"]+)/gi;
/** HTTP credentials in a logged request. */
const AUTH_HEADER = /(authorization\s*[:=]\s*(?:token|bearer|basic)?\s*)[^\s,;'"]+/gi;

/** Redacts the secret-carrying parts of one string (log line, message, command line, URL). */
export function redact(text: string): string {
  if (typeof text !== 'string' || text === '') return text;
  let out = text.replace(URL_USERINFO, (_, head: string, password: string) => `${head}${ENV_REFERENCE.test(password) ? password : MASK}@`);
  out = out.replace(URL_QUERY_SECRET, (_, head: string) => `${head}${MASK}`);
  out = out.replace(AUTH_HEADER, (_, head: string) => `${head}${MASK}`);
  out = out.replace(SECRET_PAIR, (_, head: string) => `${head}${MASK}`);
  for (const s of secrets) {
    if (isDistinctive(s)) out = out.split(s).join(MASK);
  }
  return out;
}

/**
 * A copy of a JSON-able value with secrets removed from its string values and secret-named
 * properties masked (used before writing results.json and rendering reports). Never
 * serializes: the structure, the numbers and every other string stay exactly as they were.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, undefined, new WeakMap()) as T;
}

function walk(value: unknown, key: string | undefined, seen: WeakMap<object, unknown>): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '' && typeof value !== 'object') {
    return MASK;
  }
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(walk(item, undefined, seen));
    return out;
  }
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // Own data properties only, defined (not assigned) so a '__proto__' key stays a plain key.
    Object.defineProperty(out, k, { value: walk(v, k, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
