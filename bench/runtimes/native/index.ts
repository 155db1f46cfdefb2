/** Runtime `native`: servers from binaries installed on this machine, in throwaway data dirs. */
import { runtimeFromProviders } from '../family.js';
import { postgresqlNative } from './postgresql.js';
import { influxdbNative } from './influxdb.js';
import { redisNative } from './redis.js';

export const runtime = runtimeFromProviders('native', 20, {
  postgresql: postgresqlNative,
  influxdb: influxdbNative,
  redis: redisNative,
});
