/** An external PostgreSQL (or TimescaleDB) server reached by URL. The runtime touches nothing on it. */
import pg from 'pg';
import { redact } from '../../core/redact.js';
import { type Availability, type RunningServer, type ServerRequest } from '../../core/runtime.js';
import { TargetError } from '../../core/errors.js';
import { pgWireEndpoint } from '../../sql/pg-wire.js';
import type { FamilyProvider } from '../family.js';
import { CONNECT_TIMEOUT_MS, connectHint, firstLine, parseTarget } from './target.js';
import { parsePostgresUrl, type PgTarget } from './url.js';

function clientConfig(t: PgTarget): pg.ClientConfig {
  return { host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, ssl: t.ssl };
}

/** Connects once, runs `select version()`, disconnects; resolves the server version string. */
async function check(t: PgTarget): Promise<string> {
  const client = new pg.Client({ ...clientConfig(t), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    const r = await client.query<{ v: string }>('select version() as v');
    return r.rows[0]?.v ?? 'unknown';
  } finally {
    await client.end().catch(() => {});
  }
}

/** How the connection is protected, for the results (the external runtime's only say in it). */
function tlsDescription(t: PgTarget): string {
  if (!t.ssl) return 'none (plain TCP)';
  if (!t.ssl.rejectUnauthorized) return `sslmode=${t.sslmode}: encrypted, server certificate not checked`;
  const ca = t.ssl.ca ? 'the CA from sslrootcert' : 'the system CAs (and NODE_EXTRA_CA_CERTS)';
  return `sslmode=${t.sslmode}: encrypted, certificate chain checked against ${ca}${t.ssl.checkServerIdentity ? '' : ', host name checked'}`;
}

function failure(request: ServerRequest, t: PgTarget, err: unknown): string {
  return redact(`${request.engine}@external: cannot connect to ${t.display}: ${firstLine(err)}`);
}

export const postgresqlExternal: FamilyProvider = {
  async probe(request: ServerRequest): Promise<Availability> {
    let t: PgTarget;
    try {
      t = parseTarget(request, parsePostgresUrl);
    } catch (err) {
      return { available: false, reason: redact(firstLine(err)) };
    }
    try {
      const version = await check(t);
      return { available: true, reason: redact(`external: ${t.display} answered (${version.split(' on ')[0]})`) };
    } catch (err) {
      return { available: false, reason: failure(request, t, err) };
    }
  },

  async start(request: ServerRequest): Promise<RunningServer> {
    const t = parseTarget(request, parsePostgresUrl);
    let version: string;
    try {
      version = await check(t);
    } catch (err) {
      throw new TargetError(failure(request, t, err), connectHint(err, 'check the URL, the server and the password variable'));
    }
    const display = `${t.display} (external)`;
    return {
      endpoint: pgWireEndpoint({ ...clientConfig(t), display }),
      runtime: 'external',
      label: 'external',
      details: { url: t.display, server: version, ssl: t.ssl !== undefined, tls: tlsDescription(t) },
      allocatedBytes: async () => null,
      // The engine drops its own namespace; the server itself is not ours to stop.
      stop: async () => {},
    };
  },
};
