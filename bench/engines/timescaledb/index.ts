/**
 * Engine `timescaledb`: the seed's tables as TimescaleDB hypertables, built by composition on
 * the PostgreSQL-family session (bench/engines/postgres/sql-session.ts) with the TimescaleDB
 * dialect (./dialect.ts). Options (scenario engines.timescaledb.options): chunkInterval,
 * createDefaultIndexes (see ./options.ts).
 */
import type { Engine } from '../../core/engine.js';
import { TargetError } from '../../core/errors.js';
import { createSqlSession } from '../postgres/sql-session.js';
import { timescaleDialect } from './dialect.js';
import { timescaleOptions } from './options.js';

export const engine: Engine = {
  name: 'timescaledb',
  title: 'TimescaleDB',
  obtain: [
    'npm ci (the embedded WASM build ships with the harness)',
    'a PostgreSQL with the timescaledb extension (PG_BIN=...)',
    'a Docker daemon with timescale/timescaledb:2.24.0-pg16',
    '--url timescaledb=postgres://...',
  ],
  server: 'postgresql',
  // Hypertables: data lives in time chunks, compressed and dropped a chunk at a time.
  traits: { timePartitioned: true },
  requirements: {
    extensions: ['timescaledb'],
    preloadLibraries: ['timescaledb'],
    settings: { 'timescaledb.telemetry_level': 'off' },
  },
  async open(endpoint, ctx) {
    if (endpoint.protocol !== 'sql') {
      throw new TargetError(`engine timescaledb needs an SQL endpoint, got ${endpoint.protocol} (${endpoint.display})`);
    }
    const options = timescaleOptions(ctx.options.options ?? {});
    const session = await createSqlSession(endpoint, ctx, timescaleDialect(options));
    // Hypertable setting chosen by the harness (TimescaleDB's default is 7 days): recorded with the server's.
    session.info.settings.chunk_time_interval = options.chunkInterval;
    session.info.settings.create_default_indexes = String(options.createDefaultIndexes);
    return session;
  },
};
