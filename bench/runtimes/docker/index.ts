/**
 * Runtime `docker`: servers in containers via testcontainers (v11 on Node 20). Pinned official
 * images by default, local Debian images from scripts/build-images.sh where no registry is
 * reachable, overridable per target. See images.ts (which image), profiles.ts (how to run it),
 * container.ts (start/stop/measure), clean.ts (remove leftovers by label).
 */
import type { Runtime } from '../../core/runtime.js';
import { runtimeFromProviders } from '../family.js';
import { dockerCli } from './cli.js';
import { postgresqlDocker } from './postgresql.js';
import { influxdbDocker } from './influxdb.js';
import { redisDocker } from './redis.js';

export const runtime: Runtime = {
  ...runtimeFromProviders('docker', 10, {
    postgresql: postgresqlDocker,
    influxdb: influxdbDocker,
    redis: redisDocker,
  }),
  cli: dockerCli,
};

export { cleanContainers, cleanLeftovers, type CleanOutcome } from './clean.js';
export { DEFAULT_IMAGE_RULES, INFLUXDB2_IMAGE, LOCAL_IMAGES } from './images.js';
