/** Redis in docker (official image, see redis-profile.ts): a RESP endpoint with the per-run password. */
import type { RedisEndpoint } from '../../core/sql.js';
import { dockerProvider } from './provider.js';

export const redisDocker = dockerProvider((container, image): RedisEndpoint => ({
  protocol: 'redis',
  host: container.host,
  port: container.port,
  password: container.plan.credentials.password,
  display: `redis://${container.host}:${container.port} (docker ${image})`,
}));
