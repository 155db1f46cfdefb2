/**
 * Connection URLs for servers the user runs (runtime `external`). Pure: no I/O.
 *
 * Where a URL comes from: `flags.urls[engine]` (CLI `--url <engine>=<url>`), else the scenario's
 * `engines.<name>.options.url`. A URL may reference environment variables as `${NAME}`
 * (e.g. `postgres://bench:${PGPASSWORD}@db:5432/bench`); their values are URL-encoded when
 * substituted, so a password may contain `@`, `:` or `/`. Secrets may also come from
 * `TSDB_BENCH_<ENGINE>_PASSWORD` and `TSDB_BENCH_<ENGINE>_TOKEN` (e.g. TSDB_BENCH_INFLUXDB_TOKEN),
 * which win over the URL. Every secret found is registered with the redactor by the caller.
 * The whole URL may come from the environment: `--url postgres=env:PG_URL` reads PG_URL, so
 * no secret is ever on the command line (where `ps` shows it to every local user).
 *
 * PostgreSQL: postgres[ql]://user[:password]@host[:port]/database[?sslmode=..&sslrootcert=<CA file>]
 *             sslmode as libpq: disable/allow (plain), prefer/require (encrypted, certificate not
 *             checked unless sslrootcert is given: then as verify-ca), verify-ca (chain checked),
 *             verify-full (chain and host name checked). sslrootcert names a PEM file of the CA(s);
 *             without it the system CAs and NODE_EXTRA_CA_CERTS are used (a managed service's
 *             publicly signed certificate needs nothing more).
 * InfluxDB:   http[s]://[user:password@]host[:port][/prefix][?db=..|database=..][&org=..&bucket=..&token=..]
 *             (org/bucket/token/database may also be given as engines.<name>.options.{org,bucket,token,database})
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Replaces `${NAME}` with the URL-encoded value of env NAME; a missing variable is an input error. */
export function expandEnv(text: string, env: Env, what: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) throw new InputError(`${what}: environment variable ${name} is not set`);
    return encodeURIComponent(value);
  });
}

/** `env:NAME` -> the value of env NAME (the whole URL from the environment); anything else as is. */
export function resolveUrlSource(raw: string, env: Env, what: string): string {
  const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw.trim());
  if (!m) return raw;
  const value = env[m[1]];
  if (value === undefined || value.trim() === '') throw new InputError(`${what}: environment variable ${m[1]} (named by env:${m[1]}) is not set`);
  return value.trim();
}

/**
 * Rewrites the process title (what `ps` shows, on Linux written over the original argv) when a
 * `--url` value carries a literal password: the title keeps the command with the password
 * masked. The parent shell or npm process, if any, still shows its own command line: secrets
 * belong in the environment (`${VAR}` in the URL, or `env:VAR`).
 */
export function hideUrlSecretsFromPs(argv: readonly string[]): boolean {
  const masked = argv.map((word) => word.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s/]*@/gi, '$1***@').replace(/([?&](?:p|password|token)=)[^&\s#]*/gi, '$1***'));
  if (masked.every((word, i) => word === argv[i])) return false;
  try {
    process.title = ['tsdb-bench', ...masked].join(' ');
    return true;
  } catch {
    return false;
  }
}

/** TSDB_BENCH_<ENGINE>_<KIND> with the engine name upper-cased, non-alphanumerics as `_`. */
export function secretEnvName(engine: string, kind: 'PASSWORD' | 'TOKEN'): string {
  return `TSDB_BENCH_${engine.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_${kind}`;
}

/** The URL for an engine: CLI flag first, then the scenario option. */
export function urlFor(engine: string, flags: Record<string, unknown>, options: Record<string, unknown>): string | undefined {
  const urls = flags.urls;
  if (urls && typeof urls === 'object') {
    const fromFlag = (urls as Record<string, unknown>)[engine];
    if (typeof fromFlag === 'string' && fromFlag.trim() !== '') return fromFlag.trim();
  }
  const fromScenario = options.url;
  return typeof fromScenario === 'string' && fromScenario.trim() !== '' ? fromScenario.trim() : undefined;
}

function parse(url: string, what: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new InputError(`${what}: not a valid URL`);
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl?: PgTls;
  /** The sslmode as given (absent: plain connection), for the results' server details. */
  sslmode?: string;
  /** postgresql://user@host:port/database — never a password. */
  display: string;
  /** Every secret that appeared (for registerSecret). */
  secrets: string[];
}

/** pg's `ssl` option: whether and how the server's certificate is checked. */
export interface PgTls {
  rejectUnauthorized: boolean;
  /** PEM text of the CA(s) from sslrootcert. */
  ca?: string;
  /** verify-ca: the chain is checked, the host name is not. */
  checkServerIdentity?: () => undefined;
}

const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** The `ssl` option for an sslmode (libpq's meanings), reading sslrootcert's file when given. */
export function pgTls(sslmode: string | null, rootCertFile: string | null, what: string): PgTls | undefined {
  if (sslmode !== null && !(SSLMODES as readonly string[]).includes(sslmode)) {
    throw new InputError(`${what}: unsupported sslmode ${sslmode} (one of ${SSLMODES.join(', ')})`);
  }
  const mode = sslmode ?? (rootCertFile ? 'verify-full' : null);
  if (mode === null || mode === 'disable' || mode === 'allow') {
    if (rootCertFile) throw new InputError(`${what}: sslrootcert is given but sslmode=${mode ?? 'disable'} sends no TLS`);
    return undefined;
  }
  let ca: string | undefined;
  if (rootCertFile) {
    try {
      ca = readFileSync(rootCertFile, 'utf8');
    } catch (err) {
      throw new InputError(`${what}: sslrootcert ${rootCertFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`${what}: sslrootcert ${rootCertFile} holds no PEM certificate`);
  }
  // libpq: with a root certificate file, require behaves as verify-ca.
  const verify = mode === 'verify-full' || mode === 'verify-ca' || ca !== undefined;
  if (!verify) return { rejectUnauthorized: false };
  const tls: PgTls = { rejectUnauthorized: true };
  if (ca !== undefined) tls.ca = ca;
  if (mode !== 'verify-full') tls.checkServerIdentity = () => undefined;
  return tls;
}

export function parsePostgresUrl(raw: string, engine: string, env: Env): PgTarget {
  const what = `${engine}@external URL`;
  const url = parse(expandEnv(resolveUrlSource(raw, env, what), env, what), what);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InputError(`${what}: expected postgres:// or postgresql://, got ${url.protocol}//`);
  }
  const host = url.searchParams.get('host') ?? decode(url.hostname);
  if (!host) throw new InputError(`${what}: no host`);
  const port = url.port ? Number(url.port) : Number(url.searchParams.get('port') ?? 5432);
  const user = decode(url.username) || env.PGUSER || 'postgres';
  const password = env[secretEnvName(engine, 'PASSWORD')] ?? (url.password ? decode(url.password) : undefined);
  const database = decode(url.pathname.replace(/^\//, '')) || user;
  const sslmode = url.searchParams.get('sslmode');
  const ssl = pgTls(sslmode, url.searchParams.get('sslrootcert'), what);
  const hostPart = host.startsWith('/') ? `[${host}]` : host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    user,
    password,
    database,
    ...(ssl ? { ssl } : {}),
    ...(sslmode !== null || ssl ? { sslmode: sslmode ?? 'verify-full' } : {}),
    display: `postgresql://${user}@${hostPart}:${port}/${database}`,
    secrets: password ? [password] : [],
  };
}

export interface InfluxTarget {
  /** scheme://host:port[/prefix], no credentials, no query, no trailing slash. */
  baseUrl: string;
  username?: string;
  password?: string;
  token?: string;
  org?: string;
  bucket?: string;
  database?: string;
  display: string;
  secrets: string[];
}

function stringOption(options: Record<string, unknown>, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function parseInfluxUrl(raw: string, engine: string, env: Env, options: Record<string, unknown> = {}): InfluxTarget {
  const what = `${engine}@external URL`;
  const url = parse(expandEnv(resolveUrlSource(raw, env, what), env, what), what);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${what}: expected http:// or https://, got ${url.protocol}//`);
  }
  const q = url.searchParams;
  const token = env[secretEnvName(engine, 'TOKEN')] ?? q.get('token') ?? stringOption(options, 'token');
  const password = env[secretEnvName(engine, 'PASSWORD')] ?? (url.password ? decode(url.password) : undefined);
  const username = url.username ? decode(url.username) : undefined;
  const baseUrl = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const target: InfluxTarget = { baseUrl, display: baseUrl, secrets: [token, password].filter((s): s is string => !!s) };
  if (username) target.username = username;
  if (password) target.password = password;
  if (token) target.token = token;
  const org = q.get('org') ?? stringOption(options, 'org');
  const bucket = q.get('bucket') ?? stringOption(options, 'bucket');
  const database = q.get('db') ?? q.get('database') ?? stringOption(options, 'database');
  if (org) target.org = org;
  if (bucket) target.bucket = bucket;
  if (database) target.database = database;
  const shown = [database && `db=${database}`, org && `org=${org}`, bucket && `bucket=${bucket}`].filter(Boolean);
  target.display = `${username ? baseUrl.replace('//', `//${username}@`) : baseUrl}${shown.length ? ` (${shown.join(', ')})` : ''}`;
  return target;
}
