/**
 * Engine `postgres`: the seed's tables as plain PostgreSQL tables (no extension). The session
 * lives in ./sql-session.ts and is shared with other PostgreSQL-family engines through
 * ./sql-dialect.ts; this engine is the plain dialect (./dialect.ts).
 */
import type { Engine } from '../../core/engine.js';
import { TargetError } from '../../core/errors.js';
import { postgresDialect } from './dialect.js';
import { createSqlSession } from './sql-session.js';

export const engine: Engine = {
  name: 'postgres',
  title: 'PostgreSQL',
  obtain: [
    'apt-get install postgresql-15 or PG_BIN=/path/to/bin (native runtime)',
    'a Docker daemon with a postgres image (docker pull postgres:16.11-bookworm)',
    '--url postgres=postgres://user:${PGPASSWORD}@host:5432/db (a server you run)',
  ],
  server: 'postgresql',
  requirements: {},
  async open(endpoint, ctx) {
    if (endpoint.protocol !== 'sql') {
      throw new TargetError(`engine postgres needs an SQL endpoint, got ${endpoint.protocol} (${endpoint.display})`);
    }
    return createSqlSession(endpoint, ctx, postgresDialect);
  },
};
