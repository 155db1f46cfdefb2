/**
 * The plain PostgreSQL dialect: no extension, the portable queries only (DISTINCT ON and
 * ordered array_agg are already PostgreSQL's own idiom: it has no separate idiomatic form),
 * retention by DELETE + VACUUM, downsampling by materialized views. No compression (PostgreSQL
 * has none for heap tables): the compress phase records it as unsupported.
 */
import { PORTABLE_BUCKET, type BucketSql } from './queries.js';
import type { SqlDialect } from './sql-dialect.js';
import { deleteRetention } from './retention-delete.js';
import { materializedViewDownsample } from './materialized-views.js';

/** date_bin(width, column, epoch): the portable bucket (./queries.ts), aligned to 1970-01-01 00:00 UTC. */
export const dateBinBucket: BucketSql = PORTABLE_BUCKET;

export const postgresDialect: SqlDialect = {
  engine: 'postgres',
  title: 'PostgreSQL',
  capabilities: (s) => ({
    retention: deleteRetention(s),
    downsample: materializedViewDownsample(s),
  }),
};
