/**
 * The plain PostgreSQL dialect: date_bin buckets aligned to the UTC epoch, no extension,
 * retention by DELETE + VACUUM, downsampling by materialized views. No compression
 * (PostgreSQL has none for heap tables): the compress phase records it as unsupported.
 */
import type { BucketSql } from './queries.js';
import type { SqlDialect } from './sql-dialect.js';
import { deleteRetention } from './retention-delete.js';
import { materializedViewDownsample } from './materialized-views.js';

/** date_bin(width, column, epoch): buckets aligned to 1970-01-01 00:00 UTC, whatever the session time zone. */
export const dateBinBucket: BucketSql = (widthSql, column) =>
  `date_bin(${widthSql}, ${column}, TIMESTAMPTZ '1970-01-01 00:00:00+00')`;

export const postgresDialect: SqlDialect = {
  engine: 'postgres',
  title: 'PostgreSQL',
  bucket: dateBinBucket,
  capabilities: (s) => ({
    retention: deleteRetention(s),
    downsample: materializedViewDownsample(s, dateBinBucket),
  }),
};
