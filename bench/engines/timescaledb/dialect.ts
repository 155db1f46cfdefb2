/**
 * The TimescaleDB dialect of the shared PostgreSQL-family session
 * (bench/engines/postgres/sql-session.ts): the extension, hypertables, time_bucket, chunk-aware
 * storage figures, and the compression / retention / continuous-aggregate capabilities.
 */
import { TargetError } from '../../core/errors.js';
import type { BucketSql } from '../postgres/queries.js';
import type { SqlDialect, SqlSessionContext } from '../postgres/sql-dialect.js';
import { timescaleCompression } from './compression.js';
import { continuousAggregates } from './continuous-aggregates.js';
import { createHypertable, hypertableDataRelations, hypertableFigures } from './hypertables.js';
import type { TimescaleOptions } from './options.js';
import { timescaleRetention } from './retention.js';
import { TIMESCALE_IDIOMATIC_QUERY_IDS, timescaleIdiomaticQuery } from './queries.js';

/**
 * time_bucket(width, column): used by the idiomatic queries and the continuous aggregates (which
 * require it); the portable queries use date_bin. For timestamptz and sub-month widths its default origin is
 * 2000-01-03 00:00 UTC, a whole number of days after the epoch, so minute, hour and day buckets
 * are aligned to the UTC epoch exactly like PostgreSQL's date_bin(width, column, epoch).
 */
export const timeBucket: BucketSql = (widthSql, column) => `time_bucket(${widthSql}, ${column})`;

/** TimescaleDB's extension version in this database, or null when not installed. */
async function extensionVersion(s: SqlSessionContext): Promise<string | null> {
  const r = await s.client.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
  return r.rows[0] ? String(r.rows[0].extversion) : null;
}

export function timescaleDialect(options: TimescaleOptions): SqlDialect {
  return {
    engine: 'timescaledb',
    title: 'TimescaleDB',
    idiomaticQueryIds: TIMESCALE_IDIOMATIC_QUERY_IDS,
    idiomaticQuery: (queryId, qualify) => timescaleIdiomaticQuery(queryId, qualify, timeBucket),

    async prepareSession(s) {
      // With shared_preload_libraries=timescaledb (native, docker) this is a no-op. It matters where
      // the library is not preloaded (embedded: a reopened data dir reads compressed chunks as empty
      // without it); a role that may not LOAD falls through to CREATE EXTENSION, which loads it.
      await s.client.exec(`LOAD 'timescaledb'`).catch((err: unknown) => {
        s.ctx.log.debug(`LOAD 'timescaledb' refused: ${err instanceof Error ? err.message : String(err)}`);
      });
      try {
        await s.client.exec(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
      } catch (err) {
        throw new TargetError(
          `cannot create extension timescaledb: ${err instanceof Error ? err.message : String(err)}`,
          'the server needs TimescaleDB installed (pg_available_extensions) and preloaded (shared_preload_libraries=timescaledb)',
        );
      }
    },

    async afterCreateTable(s, table, qualified) {
      await createHypertable(s.client, qualified, table.columns[0].name, options.chunkIntervalSql, options.createDefaultIndexes);
    },

    async extraVersions(s): Promise<Record<string, string>> {
      const v = await extensionVersion(s);
      return v ? { timescaledb: v } : {};
    },

    versionString: (v) => `TimescaleDB ${v.timescaledb ?? '?'} on PostgreSQL ${v.postgresql}`,

    dataRelations: (s, table) => hypertableDataRelations(s.client, s.schema, table),

    storageExtras: (s, _table, qualified) => hypertableFigures(s.client, qualified),

    primaryStorageFigure: 'hypertable_size',

    capabilities: (s) => ({
      compress: timescaleCompression(s, options.compressionApi),
      retention: timescaleRetention(s),
      downsample: continuousAggregates(s, timeBucket),
    }),
  };
}
